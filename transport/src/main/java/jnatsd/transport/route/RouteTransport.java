package jnatsd.transport.route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.event.EventType;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;
import jnatsd.transport.KeyHandler;
import jnatsd.transport.TransportAgent;
import jnatsd.transport.TransportContext;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.protocol.ProtocolParser;

/**
 * Route sockets in the transport: accepts on the route port and adopts sockets the {@link RouteDialer} connected.
 * Either way the socket becomes an ordinary {@link ClientConnection} of kind ROUTE with a ROUTE parser, read by one
 * transport agent; its OPEN event (carrying the {@link RouteOrigin} of a dialed route) reaches the engine first.
 * Runs on its agent's thread, except {@link #adoptSolicited}, which any thread may call.
 */
public final class RouteTransport implements KeyHandler
{
    private static final int ACCEPTS_PER_CYCLE = 16;

    private final TransportAgent agent;
    private final RouteIngress ingress;
    private final Log log;
    private ServerSocketChannel listener;

    public RouteTransport(final TransportAgent agent, final Log log)
    {
        this.agent = agent;
        this.ingress = new RouteIngress(agent.ingress(), log);
        this.log = log;
    }

    /** Accepts routes on a bound channel; any thread (the registration runs on the agent). */
    public void listen(final ServerSocketChannel channel)
    {
        this.listener = channel;
        agent.execute(() ->
        {
            try
            {
                agent.registerAcceptor(channel, this);
            }
            catch (final IOException ex)
            {
                log.error("Error listening for route connections: " + ex.getMessage());
            }
        });
    }

    public void close()
    {
        try
        {
            if (listener != null)
            {
                listener.close();
            }
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
    }

    @Override
    public void onReady(final SelectionKey key)
    {
        for (int i = 0; i < ACCEPTS_PER_CYCLE; i++)
        {
            final SocketChannel ch;
            try
            {
                ch = listener.accept();
                if (ch == null)
                {
                    return;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            catch (final IOException ex)
            {
                log.error("Error accepting route connection: " + ex.getMessage());
                return;
            }
            adopt(ch, null);
        }
    }

    /** A dialed route socket (non-blocking, connected): read it on this transport agent. Any thread. */
    public void adoptSolicited(final SocketChannel channel, final RouteOrigin origin)
    {
        agent.execute(() ->
        {
            adopt(channel, origin);
            agent.context().wakeEngine();
        });
    }

    private void adopt(final SocketChannel ch, final RouteOrigin origin)
    {
        final TransportContext ctx = agent.context();
        final ClientConnection c = new ClientConnection(agent, ch);
        InetSocketAddress remote = null;
        try
        {
            remote = (InetSocketAddress)ch.getRemoteAddress();
        }
        catch (final IOException ignore)
        {
            // reported by the first read
        }
        c.session = new Session(ctx.nextCid(), Session.KIND_ROUTE, ch, c,
            remote == null ? "" : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(), false);
        // nats-server does not apply max_control_line/max_payload to routes; the parser ignores them for ROUTE.
        c.parser = new ProtocolParser(ProtocolParser.Kind.ROUTE, ingress, ctx.maxControlLine(), ctx.maxPayload());
        c.headers = true;
        ingress.ingress().current(c);
        final long seq = ingress.ingress().claim();
        ingress.ingress().event(seq, EventType.OPEN, c).attachment = origin;
        ingress.ingress().publish(seq, c);
        agent.register(c);
    }
}
