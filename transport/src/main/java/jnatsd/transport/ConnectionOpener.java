package jnatsd.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.event.EventType;
import jnatsd.engine.session.Session;
import jnatsd.transport.auth.Nonces;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.ClientLimits;
import jnatsd.transport.conn.PlainChannel;
import jnatsd.transport.ingress.Ingress;
import jnatsd.transport.protocol.ProtocolListener;
import jnatsd.transport.protocol.ProtocolParser;

/**
 * Opens every connection, client or route, accepted or dialed: configures the socket, wraps it in the context's
 * channel (plain or TLS; routes have a factory of their own), creates the connection, its session and parser,
 * publishes OPEN and hands the connection to the agent that reads it. Runs on the thread of the agent it belongs
 * to, whose ring producer publishes the OPEN.
 */
public final class ConnectionOpener
{
    private final TransportAgent agent;
    private final TransportContext context;

    ConnectionOpener(final TransportAgent agent, final TransportContext context)
    {
        this.agent = agent;
        this.context = context;
    }

    /**
     * An accepted client socket, read by {@code reader} from now on (this agent or a peer). Returns null when the
     * socket could not be set up (it is closed; the caller logs the error).
     */
    public ClientConnection openClient(final SocketChannel socket, final TransportAgent reader,
        final ClientLimits limits) throws IOException
    {
        configure(socket);
        final boolean rejected = !context.tryOpen();
        final ClientConnection c = connection(socket, Session.KIND_CLIENT, reader, rejected, null);
        c.limits = limits;
        c.parser = new ProtocolParser(ProtocolParser.Kind.CLIENT, reader.ingress(), limits.maxControlLine(),
            limits.maxPayload());
        // The authorization in force now (a reload may turn it on or off).
        c.parser.requireConnectFirst(agent.ingress().authRequired());
        if (agent.ingress().nonceRequired())
        {
            // Before OPEN is published: the engine puts it into this client's INFO.
            c.session.nonce = Nonces.next();
        }
        publishOpen(c, null);
        if (rejected)
        {
            // The engine sends INFO and -ERR, then closes; nothing is read from this socket.
            c.stopped = true;
            c.released = true;
            return c;
        }
        if (reader == agent)
        {
            agent.register(c);
        }
        else
        {
            reader.offerRegistration(c);
        }
        return c;
    }

    /**
     * A route socket, accepted on the route port ({@code origin} null) or dialed (its OPEN carries the origin); read
     * by this agent with a ROUTE parser calling {@code listener}.
     */
    public ClientConnection openRoute(final SocketChannel socket, final ProtocolListener listener,
        final RouteOrigin origin) throws IOException
    {
        configure(socket);
        final ClientConnection c = connection(socket, Session.KIND_ROUTE, agent, false, origin);
        // nats-server does not apply max_control_line/max_payload to routes; the parser ignores them for ROUTE.
        c.parser = new ProtocolParser(ProtocolParser.Kind.ROUTE, listener, context.maxControlLine(),
            context.maxPayload());
        c.headers = true;
        publishOpen(c, origin);
        agent.register(c);
        return c;
    }

    private static void configure(final SocketChannel socket) throws IOException
    {
        try
        {
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        catch (final IOException ex)
        {
            socket.close();
            throw ex;
        }
    }

    private ClientConnection connection(final SocketChannel socket, final int kind, final TransportAgent reader,
        final boolean rejected, final RouteOrigin origin)
    {
        final ClientConnection c = new ClientConnection(reader, socket);
        if (kind == Session.KIND_ROUTE)
        {
            c.channel = context.routeChannels().open(socket, c, origin);
        }
        else
        {
            // As nats-server, a client refused at accept gets INFO and -ERR in plaintext, before any TLS handshake.
            c.channel = rejected ? new PlainChannel(socket) : context.channels().open(socket, kind, c);
        }
        final InetSocketAddress remote = remoteOf(socket);
        c.session = new Session(context.nextCid(), kind, c.channel, c,
            remote == null ? "" : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
            rejected);
        return c;
    }

    private void publishOpen(final ClientConnection c, final RouteOrigin origin)
    {
        final Ingress ingress = agent.ingress();
        ingress.current(c);
        final long seq = ingress.claim();
        try
        {
            ingress.event(seq, EventType.OPEN, c).attachment = origin;
        }
        finally
        {
            ingress.publish(seq, c);
        }
    }

    private static InetSocketAddress remoteOf(final SocketChannel socket)
    {
        try
        {
            return (InetSocketAddress)socket.getRemoteAddress();
        }
        catch (final IOException ex)
        {
            // reported by the first read
            return null;
        }
    }
}
