package jnatsd.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import jnatsd.config.ServerOptions;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineAgent;
import jnatsd.engine.EngineSettings;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
import jnatsd.transport.auth.Authenticator;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.PlainChannel;
import jnatsd.transport.ingress.Ingress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connection opener and the channel seam, with a real transport agent and engine on this thread (shared mode):
 * every connection gets its channel from the context's factory, and a TLS-shaped channel (handshake steps, bytes
 * written only by the transport, a few at a time) carries a client's traffic.
 */
class TransportSeamTest
{
    private final ServerOptions options = ServerOptions.defaults();
    private final RingBuffer<InboundEvent> ring = RingBuffer.createSingleProducer(InboundEvent::new, 1024);
    private final TransportContext context = new TransportContext(Log.NONE, 4096, 1024 * 1024, 0, 8192, () -> { });
    private final List<Object[]> opened = new ArrayList<>();
    private final List<StagingChannel> channels = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private EngineAgent engineAgent;
    private TransportAgent agent;

    private void start(final boolean withEngine) throws IOException
    {
        final Ingress ingress = new Ingress(ring, () -> engineAgent.doWork(), new Authenticator(options.auth()),
            Log.NONE);
        if (withEngine)
        {
            final ServerInfo info = new ServerInfo("ID", "name", "2.9.10", "java", "127.0.0.1", 4222, true, false,
                1024 * 1024);
            final Engine engine = new Engine(new EngineSettings(options), info, Log.NONE, new ChunkPool(4096, 16),
                new SubjectTable(64), new EngineCounters());
            engineAgent = new EngineAgent(engine, ring, Log.NONE);
        }
        final Sequence engineSequence = withEngine ? engineAgent.sequence() : new Sequence(Long.MAX_VALUE);
        agent = new TransportAgent(0, ingress, engineSequence, context, false);
        closeables.add(agent::onClose);
    }

    @AfterEach
    void close() throws Exception
    {
        for (final AutoCloseable c : closeables)
        {
            c.close();
        }
    }

    private void pump(final BooleanSupplier until) throws IOException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!until.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "timed out");
            agent.doWork();
            if (engineAgent != null)
            {
                engineAgent.doWork();
            }
        }
    }

    private SocketChannel[] socketPair() throws IOException
    {
        final ServerSocketChannel server = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        closeables.add(server);
        final SocketChannel client = SocketChannel.open(server.getLocalAddress());
        final SocketChannel accepted = server.accept();
        closeables.add(client);
        closeables.add(accepted);
        return new SocketChannel[] {client, accepted};
    }

    @Test
    void everyConnectionIsOpenedWithTheContextsChannelAndAConfiguredSocket() throws IOException
    {
        start(false);
        context.channels((socket, kind, connection) ->
        {
            opened.add(new Object[] {kind, connection});
            return new PlainChannel(socket);
        });
        // Routes have a factory of their own (cluster.tls), told whether we dialed.
        context.routeChannels((socket, connection, dialed) ->
        {
            opened.add(new Object[] {Session.KIND_ROUTE, connection, dialed});
            return new PlainChannel(socket);
        });
        final SocketChannel[] route = socketPair();
        final RouteOrigin origin = new RouteOrigin(URI.create("nats://127.0.0.1:1"), true);
        final ClientConnection r = agent.opener().openRoute(route[1], agent.ingress(), origin);
        assertOpen(r, route[1], Session.KIND_ROUTE, origin);
        assertTrue(r.headers);
        assertSame(origin, opened.get(0)[2], "the route factory knows a dialed route by its origin");

        final SocketChannel[] client = socketPair();
        final ClientConnection c = agent.opener().openClient(client[1], agent, context.clientLimits());
        assertOpen(c, client[1], Session.KIND_CLIENT, null);
        assertSame(context.clientLimits(), c.limits);
        assertEquals(2, opened.size());
        assertEquals(Session.KIND_ROUTE, opened.get(0)[0]);
        assertSame(r, opened.get(0)[1]);
        assertSame(c, opened.get(1)[1]);
    }

    private void assertOpen(final ClientConnection c, final SocketChannel socket, final int kind,
        final RouteOrigin origin) throws IOException
    {
        final InboundEvent e = ring.get(ring.getCursor());
        assertEquals(EventType.OPEN, e.type);
        assertSame(c.session, e.session);
        assertSame(origin, e.attachment);
        assertEquals(kind, c.session.kind);
        assertSame(c.channel, c.session.channel);
        assertInstanceOf(PlainChannel.class, c.channel);
        assertSame(agent, c.agent);
        assertFalse(socket.isBlocking());
        assertTrue(socket.getOption(StandardSocketOptions.TCP_NODELAY));
        assertTrue(c.key != null && c.key.isValid(), "registered for reading");
        assertEquals(socket.socket().getPort(), c.session.remotePort);
    }

    @Test
    void aHandshakingChannelThatTheTransportFlushesCarriesAClientsTraffic() throws IOException
    {
        start(true);
        context.channels((socket, kind, connection) ->
        {
            final StagingChannel ch = new StagingChannel(socket, connection, 3, 100, 37);
            channels.add(ch);
            return ch;
        });
        final ServerSocketChannel listener = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        agent.listen(listener, new TransportAgent[] {agent});
        final SocketChannel client = SocketChannel.open(listener.getLocalAddress());
        closeables.add(client);
        // Sent before the handshake ends: the parser must not see it until then.
        write(client, "CONNECT {\"verbose\":false}\r\nSUB foo 1\r\nPING\r\n");
        client.configureBlocking(false);
        final StringBuilder in = new StringBuilder();
        pump(() -> read(client, in).contains("PONG\r\n"));
        assertTrue(in.toString().startsWith("INFO {"), in.toString());
        final StagingChannel ch = channels.get(0);
        assertEquals(3, ch.handshakeSteps);
        assertEquals(0, ch.readsWhileHandshaking);

        // A message far bigger than the staging buffer: the engine's flushes stop short, WRITABLE brings it back.
        final String payload = "x".repeat(20_000);
        in.setLength(0);
        client.configureBlocking(true);
        write(client, "PUB foo " + payload.length() + "\r\n" + payload + "\r\nPING\r\n");
        client.configureBlocking(false);
        pump(() -> read(client, in).contains("PONG\r\n"));
        assertEquals("MSG foo 1 20000\r\n" + payload + "\r\nPONG\r\n", in.toString());
        assertTrue(ch.flushes > 20_000 / 37, "the transport wrote every byte: " + ch.flushes);
        assertTrue(ch.engineWrites > 20_000 / 100, "the engine's flushes were partial: " + ch.engineWrites);

        client.close();
        pump(() -> ch.closed);
    }

    /**
     * A storm: one duty cycle takes every connection the kernel has queued, and opens them 64 a cycle. Left in the
     * kernel's queue (64 accepts a cycle did that), a storm filled it and the kernel dropped handshakes, each a 1 s
     * retransmit for its client. {@code ss} shows a listener's queued connections as its Recv-Q.
     */
    @Test
    void aCycleTakesEveryQueuedConnectionAndOpensThemAFewAtATime() throws Exception
    {
        start(false);
        context.channels((socket, kind, connection) ->
        {
            opened.add(new Object[] {kind, connection});
            return new PlainChannel(socket);
        });
        final ServerSocketChannel listener = ServerSocketChannel.open()
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        final int port = ((InetSocketAddress)listener.getLocalAddress()).getPort();
        final int clients = 500;
        for (int i = 0; i < clients; i++)
        {
            closeables.add(SocketChannel.open(listener.getLocalAddress()));
        }
        assertEquals(clients, acceptQueue(port));
        agent.listen(listener, new TransportAgent[] {agent});
        agent.doWork();
        assertEquals(0, acceptQueue(port), "all taken from the kernel in one cycle");
        assertEquals(64, opened.size(), "64 opened per cycle");
        for (int cycle = 0; cycle < 10 && opened.size() < clients; cycle++)
        {
            agent.doWork();
        }
        assertEquals(clients, opened.size());
    }

    private static int acceptQueue(final int port) throws IOException, InterruptedException
    {
        final Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).start();
        final String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, ss.waitFor());
        return Integer.parseInt(out.split("\\s+")[1]);
    }

    private static void write(final SocketChannel ch, final String text) throws IOException
    {
        final ByteBuffer bb = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bb.hasRemaining())
        {
            ch.write(bb);
        }
    }

    private static String read(final SocketChannel ch, final StringBuilder into)
    {
        final ByteBuffer bb = ByteBuffer.allocate(64 * 1024);
        try
        {
            if (ch.read(bb) > 0)
            {
                into.append(new String(bb.array(), 0, bb.position(), StandardCharsets.US_ASCII));
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        return into.toString();
    }
}
