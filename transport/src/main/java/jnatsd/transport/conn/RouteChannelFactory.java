package jnatsd.transport.conn;

import java.nio.channels.SocketChannel;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.session.WireChannel;

/** Makes the channel of a new route connection: plain, or TLS with {@code cluster { tls {} }}. */
@FunctionalInterface
public interface RouteChannelFactory
{
    /** Plain routes. */
    RouteChannelFactory PLAIN = (socket, connection, dialed) -> new PlainChannel(socket);

    /** {@code dialed} is the route's origin when we dialed it (we are then the TLS client), null when accepted. */
    WireChannel open(SocketChannel socket, ClientConnection connection, RouteOrigin dialed);
}
