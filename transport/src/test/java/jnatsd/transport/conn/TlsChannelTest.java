package jnatsd.transport.conn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import jnatsd.config.TlsOptions;
import jnatsd.testsupport.TestCerts;
import jnatsd.transport.tls.TlsContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS channel against a client SSLEngine over an in-memory socket (no network): the INFO in plaintext, the
 * handshake, a full plaintext ring (short engine writes), a socket that takes a few bytes per write (partial
 * record writes), reads into a buffer smaller than a record, allow_non_tls, the close, and handshake failures in
 * nats-server's words.
 */
class TlsChannelTest
{
    private static final byte[] INFO = "INFO {\"server_id\":\"X\",\"tls_required\":true} \r\n"
        .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static TestCerts.Issued ca;
    private static TestCerts.Issued client;
    private static Path serverCert;
    private static Path serverKey;
    private static Path caFile;

    @BeforeAll
    static void certificates()
    {
        ca = TestCerts.ca("test ca");
        final TestCerts.Issued server = TestCerts.server(ca, TestCerts.Algorithm.EC);
        client = TestCerts.client(ca, "CN=alice,O=jnatsd tests", List.of());
        serverCert = server.writeCert(dir.resolve("server.pem"));
        serverKey = server.writeKey(dir.resolve("server-key.pem"), true);
        caFile = ca.writeCert(dir.resolve("ca.pem"));
    }

    /** An in-memory socket: what the channel writes waits for the client; {@link #room} makes writes partial. */
    static final class MemorySocket implements ByteChannel, GatheringByteChannel
    {
        final ByteBuffer toServer = ByteBuffer.allocate(1 << 20);
        final ByteBuffer toClient = ByteBuffer.allocate(1 << 20);
        int room = Integer.MAX_VALUE;
        boolean open = true;

        @Override
        public int read(final ByteBuffer dst)
        {
            if (toServer.position() == 0)
            {
                return 0;
            }
            toServer.flip();
            final int n = Math.min(dst.remaining(), toServer.remaining());
            final int limit = toServer.limit();
            toServer.limit(toServer.position() + n);
            dst.put(toServer);
            toServer.limit(limit);
            toServer.compact();
            return n;
        }

        @Override
        public int write(final ByteBuffer src)
        {
            final int n = Math.min(Math.min(src.remaining(), room), toClient.remaining());
            final int limit = src.limit();
            src.limit(src.position() + n);
            toClient.put(src);
            src.limit(limit);
            room -= n;
            return n;
        }

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length)
        {
            long n = 0;
            for (int i = offset; i < offset + length; i++)
            {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(final ByteBuffer[] srcs)
        {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen()
        {
            return open;
        }

        @Override
        public void close()
        {
            open = false;
        }

        /** Moves what the server wrote into {@code dst} (the client's network input). */
        void deliverTo(final ByteBuffer dst)
        {
            toClient.flip();
            dst.put(toClient);
            toClient.compact();
        }
    }

    /** The client: a JDK SSLEngine pumped by the test. */
    static final class Peer
    {
        final SSLEngine engine;
        final ByteBuffer netIn = ByteBuffer.allocate(1 << 20);
        final ByteBuffer netOut = ByteBuffer.allocate(64 * 1024);
        final ByteBuffer app = ByteBuffer.allocate(1 << 20);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean closed;

        Peer(final SSLContext ctx)
        {
            engine = ctx.createSSLEngine("localhost", 4222);
            engine.setUseClientMode(true);
            try
            {
                engine.beginHandshake();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        /** One round: take what the server sent, answer what the handshake needs. */
        void step(final MemorySocket socket) throws IOException
        {
            socket.deliverTo(netIn);
            for (int i = 0; i < 16; i++)
            {
                switch (engine.getHandshakeStatus())
                {
                    case NEED_TASK ->
                    {
                        for (Runnable t = engine.getDelegatedTask(); t != null; t = engine.getDelegatedTask())
                        {
                            t.run();
                        }
                    }
                    case NEED_WRAP ->
                    {
                        engine.wrap(ByteBuffer.allocate(0), netOut);
                        send(socket);
                    }
                    default ->
                    {
                        unwrapAll();
                        return;
                    }
                }
            }
        }

        void unwrapAll() throws IOException
        {
            netIn.flip();
            while (netIn.hasRemaining())
            {
                final SSLEngineResult r = engine.unwrap(netIn, app);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED)
                {
                    closed = true;
                    break;
                }
                if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0
                    || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP
                    || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK)
                {
                    break;
                }
            }
            netIn.compact();
            app.flip();
            final byte[] b = new byte[app.remaining()];
            app.get(b);
            received.write(b);
            app.clear();
        }

        void sendApp(final MemorySocket socket, final byte[] data) throws IOException
        {
            final ByteBuffer src = ByteBuffer.wrap(data);
            while (src.hasRemaining())
            {
                engine.wrap(src, netOut);
                send(socket);
            }
        }

        void send(final MemorySocket socket)
        {
            netOut.flip();
            socket.toServer.put(netOut);
            netOut.clear();
        }
    }

    private static TlsChannel channel(final MemorySocket socket, final boolean verify, final boolean allowNonTls,
        final AtomicInteger flushRequests) throws Exception
    {
        final TlsOptions o = new TlsOptions(true, serverCert.toString(), serverKey.toString(),
            verify ? caFile.toString() : "", verify, TlsOptions.DEFAULT_TIMEOUT_NS, allowNonTls);
        final TlsContext ctx = TlsContext.create(o);
        return new TlsChannel(socket, ctx.newEngine(false, null, 0), flushRequests::incrementAndGet, allowNonTls,
            System.nanoTime() + TlsOptions.DEFAULT_TIMEOUT_NS);
    }

    /** INFO out in plaintext, then the handshake to its end. */
    private static void connect(final TlsChannel ch, final MemorySocket socket, final Peer peer) throws Exception
    {
        assertTrue(ch.isHandshaking());
        assertEquals(INFO.length, ch.write(ByteBuffer.wrap(INFO)));
        assertTrue(ch.flushHeld(), "the INFO goes out before the handshake");
        final byte[] info = new byte[socket.toClient.position()];
        socket.toClient.flip();
        socket.toClient.get(info);
        socket.toClient.clear();
        assertArrayEquals(INFO, info, "the INFO line is sent in plaintext");
        for (int i = 0; i < 50 && ch.isHandshaking(); i++)
        {
            peer.step(socket);
            if (ch.handshake() == 0)
            {
                break;
            }
        }
        assertFalse(ch.isHandshaking());
        assertTrue(ch.encrypted());
        peer.step(socket);
    }

    @Test
    void infoInPlaintextThenEncryptedBothWaysThroughAFullRingAndPartialWrites() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final AtomicInteger flushes = new AtomicInteger();
        final TlsChannel ch = channel(socket, false, false, flushes);
        final Peer peer = new Peer(TestCerts.sslContext(ca, null));
        connect(ch, socket, peer);

        // 300 KB of "messages" through a 64 KB ring, the socket taking 1000 bytes per round.
        final byte[] sent = new byte[300_000];
        for (int i = 0; i < sent.length; i++)
        {
            sent[i] = (byte)('a' + i % 26);
        }
        final ByteBuffer src = ByteBuffer.allocateDirect(sent.length);
        src.put(sent).flip();
        int shortWrites = 0;
        int partialFlushes = 0;
        final int before = flushes.get();
        for (int round = 0; round < 100_000 && peer.received.size() < sent.length; round++)
        {
            if (src.hasRemaining())
            {
                final int offered = src.remaining();
                final long took = ch.write(new ByteBuffer[] {src}, 0, 1);
                shortWrites += took < offered ? 1 : 0;
            }
            socket.room = 1000;
            partialFlushes += ch.flushHeld() ? 0 : 1;
            peer.step(socket);
        }
        assertTrue(shortWrites > 0, "the ring filled up: the engine's write was short");
        assertTrue(partialFlushes > 0, "the socket took part of a record: flushHeld asked to be called again");
        assertTrue(flushes.get() > before, "writes asked the transport for a flush");
        assertArrayEquals(sent, peer.received.toByteArray(), "every byte arrives, in order");

        // The other way: records bigger than the parser's buffer, read in small pieces.
        final byte[] up = new byte[50_000];
        for (int i = 0; i < up.length; i++)
        {
            up[i] = (byte)('A' + i % 26);
        }
        peer.sendApp(socket, up);
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final ByteBuffer dst = ByteBuffer.allocateDirect(700);
        boolean sawBuffered = false;
        for (int i = 0; i < 10_000 && got.size() < up.length; i++)
        {
            dst.clear();
            final int n = ch.read(dst);
            sawBuffered |= ch.hasBufferedInput();
            dst.flip();
            final byte[] b = new byte[dst.remaining()];
            dst.get(b);
            got.write(b);
            assertTrue(n >= 0);
        }
        assertTrue(sawBuffered, "a record bigger than the read buffer leaves input buffered in the channel");
        assertFalse(ch.hasBufferedInput());
        assertArrayEquals(up, got.toByteArray());
    }

    @Test
    void closeSendsWhatTheEngineQueuedThenCloseNotify() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, false, false, new AtomicInteger());
        final Peer peer = new Peer(TestCerts.sslContext(ca, null));
        connect(ch, socket, peer);
        final byte[] err = "-ERR 'Authorization Violation'\r\n".getBytes(StandardCharsets.US_ASCII);
        ch.write(ByteBuffer.wrap(err));
        ch.close();
        assertTrue(socket.isOpen(), "the engine's close leaves the socket to the transport thread");
        ch.closeFromTransport();
        assertFalse(socket.isOpen());
        peer.step(socket);
        assertArrayEquals(err, peer.received.toByteArray());
        assertTrue(peer.closed, "a close_notify follows");
        assertEquals(10, ch.write(ByteBuffer.wrap(new byte[10])), "writes after the close are dropped, not thrown");
    }

    @Test
    void plaintextClientFailsTheHandshakeAsNatsServerSays() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, false, false, new AtomicInteger());
        ch.write(ByteBuffer.wrap(INFO));
        assertTrue(ch.flushHeld());
        socket.toServer.put("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
        final TlsHandshakeException ex = assertThrows(TlsHandshakeException.class, ch::handshake);
        assertEquals("tls: first record does not look like a TLS handshake", ex.getMessage());
    }

    @Test
    void allowNonTlsLetsAPlaintextClientStayPlain() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, false, true, new AtomicInteger());
        ch.write(ByteBuffer.wrap(INFO));
        assertTrue(ch.flushHeld());
        assertEquals(SelectionKey.OP_READ, ch.handshake(), "waits for the client's first byte");
        final byte[] connect = "CONNECT {}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        socket.toServer.put(connect);
        assertEquals(0, ch.handshake());
        assertFalse(ch.isHandshaking());
        assertFalse(ch.encrypted());
        final ByteBuffer dst = ByteBuffer.allocate(100);
        assertEquals(connect.length, ch.read(dst));
        assertArrayEquals(connect, Arrays.copyOf(dst.array(), dst.position()));
        socket.toClient.clear();
        ch.write(ByteBuffer.wrap("PONG\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(ch.flushHeld());
        assertEquals(6, socket.toClient.position(), "replies go out unencrypted");
    }

    @Test
    void allowNonTlsStillHandshakesWithATlsClient() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, false, true, new AtomicInteger());
        connect(ch, socket, new Peer(TestCerts.sslContext(ca, null)));
    }

    @Test
    void clientCertificatesAreCheckedWithVerify() throws Exception
    {
        assertEquals("tls: client didn't provide a certificate", failure(null));
        final TestCerts.Issued other = TestCerts.ca("other ca");
        assertEquals("tls: failed to verify client certificate: x509: certificate signed by unknown authority",
            failure(TestCerts.client(other, "CN=mallory", List.of())));
        final TestCerts.Issued expired = TestCerts.issue(ca, "CN=old", TestCerts.Algorithm.RSA, List.of(),
            Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
        final String text = failure(expired);
        assertTrue(text.startsWith("tls: failed to verify client certificate: x509: certificate has expired or is "
            + "not yet valid: current time "), text);
        // A trusted one passes and is the peer certificate (verify_and_map reads it).
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, true, false, new AtomicInteger());
        connect(ch, socket, new Peer(TestCerts.sslContext(ca, client)));
        assertEquals(client.certificate(), ch.peerCertificate());
    }

    private static String failure(final TestCerts.Issued identity) throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, true, false, new AtomicInteger());
        final Peer peer = new Peer(TestCerts.sslContext(ca, identity));
        final TlsHandshakeException ex = assertThrows(TlsHandshakeException.class, () -> connect(ch, socket, peer));
        return ex.getMessage();
    }

    @Test
    void steadyStateAllocatesAlmostNothingPerMessage() throws Exception
    {
        final MemorySocket socket = new MemorySocket();
        final TlsChannel ch = channel(socket, false, false, new AtomicInteger());
        final Peer peer = new Peer(TestCerts.sslContext(ca, null));
        connect(ch, socket, peer);
        // One flush of 680 messages of 24 bytes: a full record, as a busy subscriber's flush makes.
        final int perFlush = 680;
        final ByteBuffer msg = ByteBuffer.allocateDirect(24 * perFlush);
        final ByteBuffer[] srcs = {msg};
        final ThreadMXBean mx = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        long allocated = 0;
        final int rounds = 10_000;
        for (int r = 0; r < rounds; r++)
        {
            msg.clear();
            final long before = mx.getCurrentThreadAllocatedBytes();
            ch.write(srcs, 0, 1);
            ch.flushHeld();
            final long after = mx.getCurrentThreadAllocatedBytes();
            if (r >= rounds / 2)
            {
                allocated += after - before;
            }
            socket.toClient.clear();
        }
        final double perMessage = allocated / (rounds / 2.0 * perFlush);
        // The channel allocates nothing; the JDK's SSLEngine allocates ~1.4 KB per record (its GCM cipher set-up).
        assertTrue(perMessage < 4, "bytes allocated per message: " + perMessage);
    }
}
