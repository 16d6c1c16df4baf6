package jnatsd.transport.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.config.TlsOptions;
import jnatsd.testsupport.TestCerts;
import jnatsd.transport.tls.TlsContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route TLS channels, both ends jnatsd's own over an in-memory wire: the handshake comes before any of the engine's
 * bytes (the dialer's CONNECT and INFO, the acceptor's INFO wait in the ring, nothing leaves in plaintext), the
 * dialer checks the acceptor's name, the acceptor always wants a client certificate, and insecure skips the
 * dialer's checks only.
 */
class RouteTlsChannelTest
{
    private static final byte[] CONNECT_AND_INFO = "CONNECT {\"tls_required\":true}\r\nINFO {\"server_id\":\"D\"} \r\n"
        .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "INFO {\"server_id\":\"A\",\"tls_required\":true,\"tls_verify\":true} \r\n"
        .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    private static Path cert;
    private static Path key;
    private static Path caFile;
    private static Path otherCert;
    private static Path otherKey;

    @BeforeAll
    static void certificates()
    {
        final TestCerts.Issued ca = TestCerts.ca("route ca");
        final TestCerts.Issued node = TestCerts.server(ca, TestCerts.Algorithm.EC);
        cert = node.writeCert(dir.resolve("node.pem"));
        key = node.writeKey(dir.resolve("node-key.pem"), true);
        caFile = ca.writeCert(dir.resolve("ca.pem"));
        final TestCerts.Issued stranger = TestCerts.server(TestCerts.ca("other ca"), TestCerts.Algorithm.RSA);
        otherCert = stranger.writeCert(dir.resolve("other.pem"));
        otherKey = stranger.writeKey(dir.resolve("other-key.pem"), false);
    }

    /** One direction of the wire: what one side writes, the other reads; remembers every byte for the checks. */
    static final class Half
    {
        final ByteBuffer bytes = ByteBuffer.allocate(1 << 20);
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
    }

    /** One end's socket over two halves. */
    static final class End implements ByteChannel, GatheringByteChannel
    {
        private final Half in;
        private final Half out;

        End(final Half in, final Half out)
        {
            this.in = in;
            this.out = out;
        }

        @Override
        public int read(final ByteBuffer dst)
        {
            in.bytes.flip();
            final int n = Math.min(dst.remaining(), in.bytes.remaining());
            final int limit = in.bytes.limit();
            in.bytes.limit(in.bytes.position() + n);
            dst.put(in.bytes);
            in.bytes.limit(limit);
            in.bytes.compact();
            return n;
        }

        @Override
        public int write(final ByteBuffer src)
        {
            final int n = src.remaining();
            final byte[] b = new byte[n];
            src.get(b);
            out.bytes.put(b);
            out.all.write(b, 0, n);
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
            return true;
        }

        @Override
        public void close()
        {
        }
    }

    private static TlsContext context(final Path c, final Path k, final boolean insecure) throws Exception
    {
        // verify false on purpose: a route context asks for the peer's certificate anyway (nats-server).
        return TlsContext.forRoutes(new TlsOptions(true, c == null ? "" : c.toString(), k == null ? "" : k.toString(),
            caFile.toString(), false, TlsOptions.DEFAULT_TIMEOUT_NS, false, false, insecure, List.of(), List.of(),
            List.of()));
    }

    private final Half toAcceptor = new Half();
    private final Half toDialer = new Half();
    private final AtomicInteger flushes = new AtomicInteger();

    private TlsChannel acceptor(final TlsContext ctx)
    {
        return TlsChannel.handshakeFirst(new End(toAcceptor, toDialer), ctx.newEngine(false, null, 0),
            flushes::incrementAndGet, System.nanoTime() + TlsOptions.DEFAULT_TIMEOUT_NS, ctx.pinned());
    }

    private TlsChannel dialer(final TlsContext ctx, final String host)
    {
        return TlsChannel.handshakeFirst(new End(toDialer, toAcceptor), ctx.newEngine(true, host, 6222),
            flushes::incrementAndGet, System.nanoTime() + TlsOptions.DEFAULT_TIMEOUT_NS, ctx.pinned());
    }

    /** Steps both handshakes until both are done (a failure throws out of the side that saw it). */
    private static void handshake(final TlsChannel dialer, final TlsChannel acceptor) throws Exception
    {
        for (int i = 0; i < 100 && (dialer.isHandshaking() || acceptor.isHandshaking()); i++)
        {
            if (dialer.isHandshaking())
            {
                dialer.handshake();
            }
            if (acceptor.isHandshaking())
            {
                acceptor.handshake();
            }
        }
    }

    private static String readAll(final TlsChannel ch, final int expected) throws Exception
    {
        final ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        for (int i = 0; i < 20 && dst.position() < expected; i++)
        {
            ch.read(dst);
        }
        return new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void handshakeFirstThenTheQueuedConnectAndInfoEncryptedBothWays() throws Exception
    {
        final TlsContext ctx = context(cert, key, false);
        final TlsChannel a = acceptor(ctx);
        final TlsChannel d = dialer(ctx, "127.0.0.1");
        // The engine writes at OPEN, before the handshake: both lines wait in the channels.
        assertEquals(CONNECT_AND_INFO.length, d.write(ByteBuffer.wrap(CONNECT_AND_INFO)));
        assertEquals(INFO.length, a.write(ByteBuffer.wrap(INFO)));
        assertFalse(d.flushHeld(), "held until the handshake is done");
        assertFalse(a.flushHeld(), "held until the handshake is done");
        assertEquals(0, toDialer.all.size(), "the acceptor speaks only after the dialer's ClientHello");
        assertTrue(d.clientMode());
        assertFalse(a.clientMode());

        handshake(d, a);
        assertFalse(d.isHandshaking());
        assertFalse(a.isHandshaking());
        assertTrue(d.encrypted() && a.encrypted());
        assertEquals(0x16, toAcceptor.all.toByteArray()[0], "the dialer's first byte starts a TLS handshake record");
        assertEquals(0x16, toDialer.all.toByteArray()[0], "so does the acceptor's: no plaintext INFO first");
        assertTrue(a.peerCertificate() != null, "the acceptor has the dialer's certificate");

        assertTrue(d.flushHeld());
        assertTrue(a.flushHeld());
        assertEquals(new String(CONNECT_AND_INFO, StandardCharsets.US_ASCII), readAll(a, CONNECT_AND_INFO.length));
        assertEquals(new String(INFO, StandardCharsets.US_ASCII), readAll(d, INFO.length));
        final String wire = toAcceptor.all.toString(StandardCharsets.ISO_8859_1)
            + toDialer.all.toString(StandardCharsets.ISO_8859_1);
        assertFalse(wire.contains("CONNECT") || wire.contains("INFO"), "nothing went out in plaintext");
    }

    @Test
    void theDialerChecksTheAcceptorsNameAsGoDoes() throws Exception
    {
        final TlsContext ctx = context(cert, key, false);
        final TlsChannel d = dialer(ctx, "127.0.0.2");
        final TlsChannel a = acceptor(ctx);
        final TlsHandshakeException ex = assertThrows(TlsHandshakeException.class, () -> handshake(d, a));
        assertEquals("x509: certificate is valid for 127.0.0.1, not 127.0.0.2", ex.getMessage());
        // The acceptor hears the alert: bad_certificate as from a Go client where the JDK sends it for a signature
        // failure (the cause we give; Java 21+), certificate_unknown from Java 17's client.
        final TlsHandshakeException heard = assertThrows(TlsHandshakeException.class, a::handshake);
        assertTrue(heard.getMessage().equals("remote error: tls: bad certificate")
            || Runtime.version().feature() < 21 && heard.getMessage().equals("remote error: tls: unknown certificate"),
            heard.getMessage());

        toAcceptor.bytes.clear();
        toDialer.bytes.clear();
        final TlsChannel byName = dialer(ctx, "example.com");
        final TlsHandshakeException named = assertThrows(TlsHandshakeException.class,
            () -> handshake(byName, acceptor(ctx)));
        assertEquals("x509: certificate is valid for localhost, not example.com", named.getMessage());
    }

    @Test
    void aDialerFromAnotherCaIsRefusedAndAnInsecureDialerStillNeedsATrustedCertificate() throws Exception
    {
        final TlsContext ctx = context(cert, key, false);
        // A dialer whose certificate none of the acceptor's CAs signed: like Go's client, it sends none (the
        // CertificateRequest names the acceptable CAs), and the acceptor refuses it as nats-server words it.
        final TlsChannel a = acceptor(ctx);
        final TlsHandshakeException ex = assertThrows(TlsHandshakeException.class,
            () -> handshake(dialer(context(otherCert, otherKey, false), "127.0.0.1"), a));
        assertEquals("tls: client didn't provide a certificate", ex.getMessage());
        assertFalse(a.encrypted(), "the acceptor never opened");

        // insecure: the dialer does not check the acceptor (a name that does not match passes)...
        toAcceptor.bytes.clear();
        toDialer.bytes.clear();
        final TlsChannel ok = dialer(context(cert, key, true), "example.com");
        final TlsChannel a2 = acceptor(ctx);
        handshake(ok, a2);
        assertTrue(ok.encrypted() && a2.encrypted());
        // ...but the acceptor still checks the insecure dialer's certificate.
        toAcceptor.bytes.clear();
        toDialer.bytes.clear();
        final TlsHandshakeException still = assertThrows(TlsHandshakeException.class,
            () -> handshake(dialer(context(otherCert, otherKey, true), "127.0.0.1"), acceptor(ctx)));
        assertEquals(ex.getMessage(), still.getMessage());
    }

    @Test
    void theAcceptorWantsACertificateEvenWithoutVerify() throws Exception
    {
        final TlsContext ctx = context(cert, key, false);
        final TlsChannel a = acceptor(ctx);
        final TlsHandshakeException ex = assertThrows(TlsHandshakeException.class,
            () -> handshake(dialer(context(null, null, false), "127.0.0.1"), a));
        assertEquals("tls: client didn't provide a certificate", ex.getMessage());
    }
}
