package jnatsd.transport.tls;

import java.net.URI;
import java.nio.channels.SocketChannel;
import java.util.List;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.session.WireChannel;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.RouteChannelFactory;
import jnatsd.transport.conn.TlsChannel;

/**
 * The route channel factory with {@code cluster { tls {} }}: every route is a handshake-first {@link TlsChannel}
 * (nats-server 2.9 createRoute): the TLS server side when accepted, the TLS client when dialed, which checks the
 * peer's certificate against the route URL's host unless {@code insecure}.
 */
public final class RouteTlsChannels implements RouteChannelFactory
{
    private static final int DEFAULT_ROUTE_PORT = 6222;

    private final TlsContext routes;
    /** nats-server's routeTLSName: the first configured route given by host name, used to check a peer dialed by IP. */
    private final String tlsName;

    public RouteTlsChannels(final TlsContext routes, final List<URI> configuredRoutes)
    {
        this.routes = routes;
        this.tlsName = tlsName(configuredRoutes);
    }

    @Override
    public WireChannel open(final SocketChannel socket, final ClientConnection connection, final RouteOrigin dialed)
    {
        final long deadlineNs = System.nanoTime() + routes.handshakeTimeoutNs();
        if (dialed == null)
        {
            return TlsChannel.handshakeFirst(socket, routes.newEngine(false, null, 0), connection::requestFlush,
                deadlineNs, routes.pinned());
        }
        final URI url = dialed.url();
        final int port = url.getPort() < 0 ? DEFAULT_ROUTE_PORT : url.getPort();
        return TlsChannel.handshakeFirst(socket, routes.newEngine(true, serverName(url), port),
            connection::requestFlush, deadlineNs, routes.pinned());
    }

    /** The name the dialed peer's certificate must hold: the URL's host, or tlsName when that host is an IP. */
    String serverName(final URI url)
    {
        final String host = hostOf(url);
        return GoHostnames.isIpLiteral(host) && !tlsName.isEmpty() ? tlsName : host;
    }

    private static String tlsName(final List<URI> configured)
    {
        for (final URI u : configured)
        {
            final String host = hostOf(u);
            if (!host.isEmpty() && !GoHostnames.isIpLiteral(host))
            {
                return host;
            }
        }
        return "";
    }

    private static String hostOf(final URI url)
    {
        final String h = url.getHost() == null ? "127.0.0.1" : url.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public TlsContext routes()
    {
        return routes;
    }
}
