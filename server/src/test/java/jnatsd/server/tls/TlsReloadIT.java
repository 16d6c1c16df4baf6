package jnatsd.server.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import jnatsd.testsupport.TestCerts;
import org.junit.jupiter.api.Test;

/**
 * Client TLS on SIGHUP, as nats-server 2.9.10 does it (TlsReloadInteropIT runs the same against the binary): a
 * rotated certificate (same paths, new files) is served to the next client while connections already up keep
 * going; TLS turned off and on again; a broken certificate file refuses the reload and keeps the running one.
 */
class TlsReloadIT
{
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long RELOAD_TIMEOUT_MS = 20_000;

    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.JNATSD;
    }

    @Test
    void aRotatedCertificateIsServedToTheNextClientAndTlsCanBeTurnedOffAndOn() throws Exception
    {
        final Path dir = Files.createTempDirectory("tls-reload");
        final TestCerts.Issued ca1 = TestCerts.ca("reload ca one");
        final TestCerts.Issued ca2 = TestCerts.ca("reload ca two");
        final TestCerts.Issued first = TestCerts.server(ca1, TestCerts.Algorithm.RSA);
        final TestCerts.Issued second = TestCerts.server(ca2, TestCerts.Algorithm.EC);
        final Path cert = first.writeCert(dir.resolve("server.pem"));
        final Path key = first.writeKey(dir.resolve("server-key.pem"), false);
        final String tls = "tls {\n  cert_file: \"" + cert + "\"\n  key_file: \"" + key + "\"\n}\n";
        final SSLContext trustsOne = TestCerts.sslContext(ca1, null);
        final SSLContext trustsTwo = TestCerts.sslContext(ca2, null);
        try (ServerProcess s = ServerProcess.start(kind(), tls, List.of("-Djnatsd.warmup.messages=0"), "-D"))
        {
            final Connection before = TlsFixture.connect(s.url(), trustsOne, TIMEOUT);
            roundTrip(before, "before.rotation");
            assertThrows(Exception.class, () -> TlsFixture.connect(s.url(), trustsTwo, TIMEOUT).close(),
                "the second CA's clients do not trust the first certificate");

            // Rotation: the same paths, new files, as cert-manager and the chart's reloader do it.
            second.writeCert(cert);
            second.writeKey(key, true);
            String added = reload(s, tls);
            assertTrue(added.contains("[INF] Reloaded: tls = enabled"), added);
            try (Connection after = TlsFixture.connect(s.url(), trustsTwo, TIMEOUT))
            {
                roundTrip(after, "after.rotation");
            }
            assertThrows(Exception.class, () -> TlsFixture.connect(s.url(), trustsOne, TIMEOUT).close(),
                "the next client gets the new certificate");
            roundTrip(before, "before.rotation.still");

            // A broken certificate file: the reload fails and the running certificate stays.
            Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
            added = reload(s, tls);
            assertTrue(added.contains("Failed to reload server configuration"), added);
            try (Connection again = TlsFixture.connect(s.url(), trustsTwo, TIMEOUT))
            {
                roundTrip(again, "after.broken.file");
            }

            // Off: the next client's INFO says nothing of TLS and it talks plaintext.
            second.writeCert(cert);
            added = reload(s, "");
            assertTrue(added.contains("[INF] Reloaded: tls = disabled"), added);
            try (RawClient raw = RawClient.open(s.port()))
            {
                final String info = raw.info();
                assertFalse(info.contains("tls_required"), info);
            }
            try (Connection plain = TlsFixture.connect(s.url(), null, TIMEOUT))
            {
                roundTrip(plain, "plaintext");
            }

            // On again, mutual this time: INFO says tls_required and tls_verify.
            final Path caFile = ca2.writeCert(dir.resolve("ca.pem"));
            added = reload(s, "tls {\n  cert_file: \"" + cert + "\"\n  key_file: \"" + key + "\"\n  ca_file: \""
                + caFile + "\"\n  verify: true\n}\n");
            assertTrue(added.contains("[INF] Reloaded: tls = enabled"), added);
            try (RawClient raw = RawClient.open(s.port()))
            {
                final String info = raw.info();
                assertTrue(info.contains("\"tls_required\":true") && info.contains("\"tls_verify\":true"), info);
            }
            final TestCerts.Issued alice = TestCerts.client(ca2, "CN=alice", List.of());
            try (Connection mutual = TlsFixture.connect(s.url(), TestCerts.sslContext(ca2, alice), TIMEOUT))
            {
                roundTrip(mutual, "mutual");
            }
            before.close();
        }
    }

    private static String reload(final ServerProcess s, final String config) throws Exception
    {
        final int from = s.log().length();
        Files.writeString(s.dir().resolve("server.conf"), config);
        s.signal("HUP");
        final long end = System.currentTimeMillis() + RELOAD_TIMEOUT_MS;
        while (System.currentTimeMillis() < end)
        {
            final String added = s.log().substring(from);
            if (added.contains("Reloaded server configuration") || added.contains("Failed to reload server"))
            {
                return added;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no reload outcome logged: " + s.log().substring(from));
    }

    private static void roundTrip(final Connection c, final String subject) throws Exception
    {
        final Subscription sub = c.subscribe(subject);
        c.flush(TIMEOUT);
        final byte[] payload = subject.getBytes(StandardCharsets.US_ASCII);
        c.publish(subject, payload);
        final Message m = sub.nextMessage(TIMEOUT);
        assertNotNull(m, "message on " + subject);
        assertArrayEquals(payload, m.getData());
        sub.unsubscribe();
    }
}
