package jnatsd.server.tls;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import jnatsd.testsupport.TestCerts;

/**
 * Certificates of the TLS tests, made once per test class in a temporary directory: a CA and a server certificate
 * for localhost/127.0.0.1 (RSA, PKCS#1 key), a second one (EC, PKCS#8 key), and client certificates: alice (trusted,
 * subject DN), bob (trusted, e-mail SAN), carol (trusted, DNS SAN), mallory (another CA) and an expired one.
 */
final class TlsFixture
{
    static final String ALICE_DN = "CN=alice,OU=eng,O=jnatsd tests";

    final Path dir;
    final TestCerts.Issued ca;
    final Path caFile;
    final Path serverCert;
    final Path serverKey;
    final Path ecCert;
    final Path ecKey;
    final TestCerts.Issued alice;
    final TestCerts.Issued bob;
    final TestCerts.Issued carol;
    final TestCerts.Issued mallory;
    final TestCerts.Issued expired;

    TlsFixture()
    {
        try
        {
            dir = Files.createTempDirectory("tls-certs");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        ca = TestCerts.ca("jnatsd test ca");
        caFile = ca.writeCert(dir.resolve("ca.pem"));
        final TestCerts.Issued server = TestCerts.server(ca, TestCerts.Algorithm.RSA);
        serverCert = server.writeCert(dir.resolve("server.pem"));
        serverKey = server.writeKey(dir.resolve("server-key.pem"), false);
        final TestCerts.Issued ec = TestCerts.server(ca, TestCerts.Algorithm.EC);
        ecCert = ec.writeCert(dir.resolve("server-ec.pem"));
        ecKey = ec.writeKey(dir.resolve("server-ec-key.pem"), true);
        alice = TestCerts.client(ca, ALICE_DN, List.of());
        bob = TestCerts.client(ca, "CN=bob", List.of(TestCerts.email("bob@example.com")));
        carol = TestCerts.client(ca, "CN=carol", List.of(TestCerts.dns("carol.example.com")));
        mallory = TestCerts.client(TestCerts.ca("other ca"), "CN=mallory", List.of());
        expired = TestCerts.issue(ca, "CN=old", TestCerts.Algorithm.RSA, List.of(),
            Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(2)));
    }

    /** {@code tls { cert_file, key_file [, more] }}. */
    String tls(final String more)
    {
        return "tls {\n  cert_file: \"" + serverCert + "\"\n  key_file: \"" + serverKey + "\"\n" + more + "}\n";
    }

    /** {@code tls { ..., ca_file, verify: true [, more] }}. */
    String mutual(final String more)
    {
        return tls("  ca_file: \"" + caFile + "\"\n  verify: true\n" + more);
    }

    /** What a client trusting the CA (and presenting {@code identity}, when not null) uses. */
    SSLContext client(final TestCerts.Issued identity)
    {
        return TestCerts.sslContext(ca, identity);
    }

    static Connection connect(final String url, final SSLContext ctx, final Duration timeout)
        throws IOException, InterruptedException
    {
        final Options.Builder b = new Options.Builder().server(url).connectionTimeout(timeout).noReconnect()
            .maxReconnects(0);
        if (ctx != null)
        {
            b.sslContext(ctx);
        }
        return Nats.connect(b.build());
    }
}
