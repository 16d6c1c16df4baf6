package jnatsd.transport.conn;

import java.nio.channels.SocketChannel;
import jnatsd.engine.session.WireChannel;

/** Makes the channel of a new connection (plain; TLS once configured, per kind: clients and routes differ). */
@FunctionalInterface
public interface ChannelFactory
{
    /** The connection is given so that the channel can {@link ClientConnection#requestFlush} later. */
    WireChannel open(SocketChannel socket, int kind, ClientConnection connection);
}
