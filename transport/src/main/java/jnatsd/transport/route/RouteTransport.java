package jnatsd.transport.route;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.status.Log;
import jnatsd.transport.ConnectionOpener;
import jnatsd.transport.KeyHandler;
import jnatsd.transport.TransportAgent;
import jnatsd.transport.conn.ClientConnection;

/**
 * Route sockets in the transport: accepts on the route port and adopts sockets the {@link RouteDialer} connected.
 * Either way the agent's {@link ConnectionOpener} makes the socket an ordinary {@link ClientConnection} of kind ROUTE
 * with a ROUTE parser, read by one transport agent; its OPEN event (carrying the {@link RouteOrigin} of a dialed
 * route) reaches the engine first.
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
            try
            {
                final SocketChannel ch = listener.accept();
                if (ch == null)
                {
                    return;
                }
                agent.opener().openRoute(ch, ingress, null);
            }
            catch (final IOException ex)
            {
                log.error("Error accepting route connection: " + ex.getMessage());
                return;
            }
        }
    }

    /** A dialed route socket (non-blocking, connected): read it on this transport agent. Any thread. */
    public void adoptSolicited(final SocketChannel channel, final RouteOrigin origin)
    {
        agent.execute(() ->
        {
            try
            {
                agent.opener().openRoute(channel, ingress, origin);
            }
            catch (final IOException ex)
            {
                log.error("Error trying to connect to route: " + ex.getMessage());
            }
            agent.context().wakeEngine();
        });
    }
}
