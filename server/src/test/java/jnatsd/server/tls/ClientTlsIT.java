package jnatsd.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import jnatsd.testsupport.TestCerts;
import jnatsd.testsupport.TlsRawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Client TLS end to end against a jnatsd process, with jnats and raw sockets: server-only and mutual TLS, the INFO
 * fields, allow_non_tls, verify_and_map users and their permissions, the flags, and every bad input with
 * nats-server 2.9.10's answer (checked against it by TlsInteropIT) while a good client goes on undisturbed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientTlsIT
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private TlsFixture certs;
    private ServerProcess server;

    @BeforeAll
    void certificates()
    {
        certs = new TlsFixture();
    }

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
            server = null;
        }
    }

    private ServerProcess start(final String config, final String... flags) throws IOException
    {
        server = ServerProcess.jnatsd(config, flags);
        return server;
    }

    private static void roundTrip(final Connection c, final String subject, final byte[] payload) throws Exception
    {
        final Subscription s = c.subscribe(subject);
        c.flush(TIMEOUT);
        c.publish(subject, payload);
        final Message m = s.nextMessage(TIMEOUT);
        assertNotNull(m, "message on " + subject);
        assertArrayEquals(payload, m.getData());
        s.unsubscribe();
    }

    @Test
    void serverOnlyTlsCarriesMessagesAndAnnouncesTlsRequired() throws Exception
    {
        final int http = FreePort.next();
        start(certs.tls("") + "http_port: " + http + "\n");
        try (TlsRawClient raw = TlsRawClient.open(server.port(), null, 5000))
        {
            assertTrue(raw.info().contains(",\"tls_required\":true,\"max_payload\":"), raw.info());
            assertFalse(raw.info().contains("tls_verify"), raw.info());
            assertFalse(raw.info().contains("tls_available"), raw.info());
        }
        assertTrue(server.awaitLog("TLS required for client connections", 5000), server.log());
        try (Connection c = TlsFixture.connect(server.url(), certs.client(null), TIMEOUT))
        {
            roundTrip(c, "tls.small", "hello".getBytes(StandardCharsets.US_ASCII));
            final String connz = new String(new URL("http://127.0.0.1:" + http + "/connz").openStream().readAllBytes(),
                StandardCharsets.UTF_8);
            assertTrue(connz.contains("\"tls_version\": \"1.3\"") && connz.contains("\"tls_cipher_suite\": \"TLS_"),
                connz);
            final String varz = new String(new URL("http://127.0.0.1:" + http + "/varz").openStream().readAllBytes(),
                StandardCharsets.UTF_8);
            assertTrue(varz.contains("\"tls_required\": true"), varz);
            // Records bigger than the read buffer both ways, and many small messages in a row.
            final byte[] big = new byte[900_000];
            new Random(1).nextBytes(big);
            roundTrip(c, "tls.big", big);
            final Subscription s = c.subscribe("tls.many");
            c.flush(TIMEOUT);
            for (int i = 0; i < 20_000; i++)
            {
                c.publish("tls.many", ("m" + i).getBytes(StandardCharsets.US_ASCII));
            }
            for (int i = 0; i < 20_000; i++)
            {
                final Message m = s.nextMessage(TIMEOUT);
                assertNotNull(m, "message " + i);
                assertEquals("m" + i, new String(m.getData(), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void dedicatedThreadsEncryptOnTheTransportThreads() throws Exception
    {
        // The engine on its own thread writes the plaintext ring; two transport threads wrap and unwrap.
        start(certs.tls("") + "jnatsd { threading: dedicated, transport_threads: 2 }\n");
        final Connection[] subs = new Connection[3];
        try (Connection pub = TlsFixture.connect(server.url(), certs.client(null), TIMEOUT))
        {
            final Subscription[] s = new Subscription[subs.length];
            for (int i = 0; i < subs.length; i++)
            {
                subs[i] = TlsFixture.connect(server.url(), certs.client(null), TIMEOUT);
                s[i] = subs[i].subscribe("fan");
                subs[i].flush(TIMEOUT);
            }
            final int size = 3000;
            for (int i = 0; i < 5000; i++)
            {
                // jnats keeps the array until its writer thread sends it: one per message.
                final byte[] payload = new byte[size];
                payload[0] = (byte)i;
                payload[size - 1] = (byte)(i >> 8);
                pub.publish("fan", payload);
            }
            for (int k = 0; k < s.length; k++)
            {
                for (int i = 0; i < 5000; i++)
                {
                    final Message m = s[k].nextMessage(TIMEOUT);
                    assertNotNull(m, "subscriber " + k + " message " + i);
                    assertEquals((byte)i, m.getData()[0], "subscriber " + k + " message " + i);
                    assertEquals(size, m.getData().length);
                    assertEquals((byte)(i >> 8), m.getData()[size - 1]);
                }
            }
        }
        finally
        {
            for (final Connection c : subs)
            {
                if (c != null)
                {
                    c.close();
                }
            }
        }
    }

    @Test
    void badInputsGetNatsServersAnswerAndLeaveOthersAlone() throws Exception
    {
        // Long enough for a cold JVM's first handshake (jnats' and the server's), short enough to wait for.
        start(certs.mutual("  timeout: 1.5\n"));
        try (Connection good = TlsFixture.connect(server.url(), certs.client(certs.alice), TIMEOUT))
        {
            final String info;
            // A plaintext client: closed, no -ERR.
            try (TlsRawClient plain = TlsRawClient.open(server.port(), null, 5000))
            {
                info = plain.info();
                plain.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                assertEquals("", plain.untilClosed(), "nothing in plaintext after the INFO");
            }
            assertTrue(info.contains("\"tls_required\":true,\"tls_verify\":true,"), info);
            assertTrue(server.awaitLog("TLS handshake error: tls: first record does not look like a TLS handshake",
                5000), server.log());
            // No certificate, an untrusted one, an expired one.
            refused(null);
            assertTrue(server.awaitLog("TLS handshake error: tls: client didn't provide a certificate", 5000),
                server.log());
            refused(certs.mallory);
            assertTrue(server.awaitLog("TLS handshake error: tls: failed to verify client certificate: x509: "
                + "certificate signed by unknown authority", 5000), server.log());
            refused(certs.expired);
            assertTrue(server.awaitLog("TLS handshake error: tls: failed to verify client certificate: x509: "
                + "certificate has expired or is not yet valid: current time ", 5000), server.log());
            // A client that never starts the handshake: closed after the 1.5 s timeout.
            try (TlsRawClient idle = TlsRawClient.open(server.port(), null, 5000))
            {
                final long t0 = System.nanoTime();
                assertEquals("", idle.untilClosed());
                final long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 1200 && ms < 4000, "closed after the TLS timeout, took " + ms + " ms");
            }
            assertTrue(server.awaitLog("TLS handshake timeout", 5000), server.log());
            assertTrue(server.log().contains(": i/o timeout\n"), "nats-server's first line of a timeout");
            roundTrip(good, "still.fine", "ok".getBytes(StandardCharsets.US_ASCII));
        }
        final String log = server.log();
        assertFalse(log.contains("PRIVATE KEY") || log.contains(Files.readString(certs.serverKey).split("\n")[1]),
            "no key material in the log");
        assertEquals(-1, log.indexOf("Internal error"), log);
    }

    private void refused(final TestCerts.Issued identity)
    {
        final SSLContext ctx = certs.client(identity);
        assertThrows(Exception.class, () ->
        {
            try (TlsRawClient c = TlsRawClient.open(server.port(), ctx, 5000))
            {
                // TLS 1.3: the client finishes first; the server's verdict comes as an alert on the next read.
                c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                final String line = c.line();
                if (line == null)
                {
                    throw new IOException("closed");
                }
            }
        });
    }

    @Test
    void mutualTlsWithJnatsAndFlags() throws Exception
    {
        start("", "--tlsverify", "--tlscert", certs.ecCert.toString(), "--tlskey", certs.ecKey.toString(),
            "--tlscacert", certs.caFile.toString());
        try (Connection c = TlsFixture.connect(server.url(), certs.client(certs.alice), TIMEOUT))
        {
            roundTrip(c, "mutual", "m".getBytes(StandardCharsets.US_ASCII));
        }
        assertThrows(Exception.class, () -> TlsFixture.connect(server.url(), certs.client(null),
            Duration.ofSeconds(2)).close());
    }

    @Test
    void verifyAndMapTakesTheUserAndItsPermissionsFromTheCertificate() throws Exception
    {
        start(certs.tls("  ca_file: \"" + certs.caFile + "\"\n  verify_and_map: true\n")
            + "authorization {\n  users = [\n"
            + "    { user: \"" + TlsFixture.ALICE_DN + "\", permissions: { publish: \"alice.>\", subscribe: "
            + "\"alice.>\" } }\n"
            + "    { user: \"bob@example.com\", permissions: { publish: \"bob.>\", subscribe: \"bob.>\" } }\n"
            + "    { user: \"carol.example.com\" }\n"
            + "  ]\n}\n");
        try (TlsRawClient alice = TlsRawClient.open(server.port(), certs.client(certs.alice), 5000))
        {
            assertTrue(alice.info().contains("\"auth_required\":true,\"tls_required\":true,\"tls_verify\":true"),
                alice.info());
            alice.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nSUB alice.x 1\r\n"
                + "PUB alice.x 2\r\nhi\r\nPUB other 1\r\nx\r\nPING\r\n");
            assertEquals("MSG alice.x 1 2", alice.line());
            assertEquals("hi", alice.line());
            assertEquals("-ERR 'Permissions Violation for Publish to \"other\"'", alice.line());
            assertEquals("PONG", alice.line());
        }
        try (TlsRawClient bob = TlsRawClient.open(server.port(), certs.client(certs.bob), 5000))
        {
            bob.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nPUB alice.x 1\r\nx\r\n"
                + "PING\r\n");
            assertEquals("-ERR 'Permissions Violation for Publish to \"alice.x\"'", bob.line(), "e-mail SAN: bob");
            assertEquals("PONG", bob.line());
        }
        try (Connection carol = TlsFixture.connect(server.url(), certs.client(certs.carol), TIMEOUT))
        {
            roundTrip(carol, "anything", "c".getBytes(StandardCharsets.US_ASCII));
        }
        // A trusted certificate that names no configured user: an authorization violation, sent over TLS.
        final TestCerts.Issued nobody = TestCerts.client(certs.ca, "CN=nobody", List.of());
        try (TlsRawClient c = TlsRawClient.open(server.port(), certs.client(nobody), 5000))
        {
            c.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"user\":\"alice\"}\r\nPING\r\n");
            assertEquals("-ERR 'Authorization Violation'", c.line());
            assertEquals("", c.untilClosed());
        }
        assertTrue(server.awaitLog("authentication error - User \"alice\"", 5000), server.log());
    }

    @Test
    void allowNonTlsServesBothKinds() throws Exception
    {
        start(certs.tls("") + "allow_non_tls: true\n");
        try (TlsRawClient raw = TlsRawClient.open(server.port(), null, 5000))
        {
            assertTrue(raw.info().contains(",\"tls_available\":true,\"max_payload\":"), raw.info());
            assertFalse(raw.info().contains("tls_required"), raw.info());
            raw.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            assertEquals("PONG", raw.line());
        }
        try (Connection plain = TlsFixture.connect(server.url(), null, TIMEOUT);
             Connection tls = TlsFixture.connect(server.url(), certs.client(null), TIMEOUT))
        {
            final Subscription s = tls.subscribe("mixed");
            tls.flush(TIMEOUT);
            plain.publish("mixed", "from plaintext".getBytes(StandardCharsets.US_ASCII));
            assertEquals("from plaintext", new String(s.nextMessage(TIMEOUT).getData(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void maxConnectionsRefusalIsSentInPlaintextBeforeAnyHandshake() throws Exception
    {
        start(certs.tls("") + "max_connections: 1\n");
        Connection connected = null;
        for (int i = 0; i < 50 && connected == null; i++)
        {
            try
            {
                connected = TlsFixture.connect(server.url(), certs.client(null), TIMEOUT);
            }
            catch (final IOException ex)
            {
                // the start-up probe's connection may still hold the only slot for a moment
                ServerProcess.sleep(100);
            }
        }
        assertNotNull(connected);
        try (Connection first = connected; RawClient second = RawClient.open(server.port()))
        {
            assertEquals("-ERR 'maximum connections exceeded'", second.line(), "in plaintext, right after INFO");
            roundTrip(first, "first", "1".getBytes(StandardCharsets.US_ASCII));
        }
    }
}
