package jnatsd.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnatsd.config.ServerOptions;
import jnatsd.config.cli.Cli;
import jnatsd.config.cli.CliResult;
import jnatsd.config.tls.PemFiles;
import jnatsd.testsupport.TestCerts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tls {} and the --tls flags: files loaded at config time, errors as nats-server words them, with positions. */
class TlsConfigTest
{
    @TempDir
    static Path dir;
    private static Path rsaCert;
    private static Path rsaPkcs1;
    private static Path rsaPkcs8;
    private static Path ecCert;
    private static Path ecSec1;
    private static Path ecPkcs8;
    private static Path ca;

    @BeforeAll
    static void certificates()
    {
        final TestCerts.Issued root = TestCerts.ca("config ca");
        final TestCerts.Issued rsa = TestCerts.server(root, TestCerts.Algorithm.RSA);
        final TestCerts.Issued ec = TestCerts.server(root, TestCerts.Algorithm.EC);
        rsaCert = rsa.writeCert(dir.resolve("rsa.pem"));
        rsaPkcs1 = rsa.writeKey(dir.resolve("rsa-pkcs1.pem"), false);
        rsaPkcs8 = rsa.writeKey(dir.resolve("rsa-pkcs8.pem"), true);
        ecCert = ec.writeCert(dir.resolve("ec.pem"));
        ecSec1 = ec.writeKey(dir.resolve("ec-sec1.pem"), false);
        ecPkcs8 = ec.writeKey(dir.resolve("ec-pkcs8.pem"), true);
        ca = root.writeCert(dir.resolve("ca.pem"));
    }

    private static Problems problems(final String text, final OptionsDraft draft) throws Exception
    {
        final Path file = Files.writeString(dir.resolve("server.conf"), text);
        return ConfigLoader.applyFile(file, Map.of(), draft);
    }

    private static String onlyError(final String text) throws Exception
    {
        final Problems p = problems(text, new OptionsDraft());
        assertEquals(1, p.errors().size(), p.errors().toString());
        return p.errors().get(0);
    }

    private static String tls(final Path cert, final Path key, final String more)
    {
        return "tls {\n  cert_file: \"" + cert + "\"\n  key_file: \"" + key + "\"\n" + more + "}\n";
    }

    @Test
    void loadsRsaAndEcKeysInPkcs1Sec1AndPkcs8() throws Exception
    {
        for (final Path[] pair : new Path[][] {{rsaCert, rsaPkcs1}, {rsaCert, rsaPkcs8}, {ecCert, ecSec1},
            {ecCert, ecPkcs8}})
        {
            assertTrue(Files.readString(pair[1]).contains("PRIVATE KEY"));
            final PemFiles.KeyMaterial m = PemFiles.loadKeyPair(pair[0].toString(), pair[1].toString());
            assertEquals(1, m.chain().size());
            final OptionsDraft d = new OptionsDraft();
            assertTrue(problems(tls(pair[0], pair[1], ""), d).errors().isEmpty());
            assertTrue(d.build().tls().enabled());
        }
        assertTrue(Files.readString(rsaPkcs1).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Files.readString(rsaPkcs8).contains("BEGIN PRIVATE KEY"));
        assertTrue(Files.readString(ecSec1).contains("BEGIN EC PRIVATE KEY"));
    }

    @Test
    void mapsEveryKey() throws Exception
    {
        final OptionsDraft d = new OptionsDraft();
        final Problems p = problems(tls(rsaCert, rsaPkcs8, "  ca_file: \"" + ca + "\"\n  verify_and_map: true\n"
            + "  timeout: 3\n  cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\", "
            + "\"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305\"]\n  curve_preferences: [\"CurveP256\", \"X25519\"]\n"
            + "  insecure: true\n") + "allow_non_tls: true\n", d);
        assertTrue(p.errors().isEmpty(), p.errors().toString());
        final ServerOptions o = d.build();
        assertTrue(o.tls().verify(), "verify_and_map implies verify");
        assertTrue(o.tls().verifyAndMap());
        assertTrue(o.tls().allowNonTls());
        assertTrue(o.tls().insecure());
        assertEquals(TimeUnit.SECONDS.toNanos(3), o.tls().timeoutNs());
        assertEquals(List.of("CurveP256", "X25519"), o.tls().curvePreferences());
        assertEquals(2, o.tls().cipherSuites().size());
        assertEquals(TimeUnit.SECONDS.toNanos(4), o.auth().timeoutNs(), "auth timeout defaults to TLS timeout + 1s");
    }

    @Test
    void explicitAuthTimeoutWins() throws Exception
    {
        final OptionsDraft d = new OptionsDraft();
        problems(tls(rsaCert, rsaPkcs8, "") + "authorization { timeout: 1 }\n", d);
        assertEquals(TimeUnit.SECONDS.toNanos(1), d.build().auth().timeoutNs());
    }

    @Test
    void reportsBadFilesAtTheBlockWithNatsServersWords() throws Exception
    {
        final Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a pem file\n");
        final Path other = TestCerts.server(TestCerts.ca("x"), TestCerts.Algorithm.RSA)
            .writeKey(dir.resolve("other-key.pem"), true);
        assertEquals("server.conf:1:1: error parsing X509 certificate/key pair: open /nope/c.pem: no such file or "
            + "directory", onlyError(tls(Path.of("/nope/c.pem"), rsaPkcs8, "")).replace(dir + "/", ""));
        assertTrue(onlyError(tls(garbage, rsaPkcs8, "")).endsWith(
            "error parsing X509 certificate/key pair: tls: failed to find any PEM data in certificate input"));
        assertTrue(onlyError(tls(rsaCert, garbage, "")).endsWith(
            "error parsing X509 certificate/key pair: tls: failed to find any PEM data in key input"));
        assertTrue(onlyError(tls(rsaCert, rsaCert, "")).endsWith(
            "tls: found a certificate rather than a key in the PEM for the private key"));
        assertTrue(onlyError(tls(rsaCert, other, "")).endsWith(
            "error parsing X509 certificate/key pair: tls: private key does not match public key"));
        assertTrue(onlyError(tls(rsaCert, ecPkcs8, "")).endsWith("tls: private key does not match public key"));
        assertTrue(onlyError(tls(rsaCert, rsaPkcs8, "  ca_file: \"" + garbage + "\"\n"))
            .endsWith("failed to parse root ca certificate"));
        assertTrue(onlyError(tls(rsaCert, rsaPkcs8, "  ca_file: \"/nope/ca.pem\"\n"))
            .endsWith("open /nope/ca.pem: no such file or directory"));
        final String text = onlyError(tls(rsaCert, rsaPkcs8, "  cipher_suites: [\"TLS_BOGUS\"]\n"));
        assertTrue(text.contains("server.conf:4:") && text.endsWith("unrecognized cipher TLS_BOGUS"), text);
        assertTrue(onlyError(tls(rsaCert, rsaPkcs8, "  curve_preferences: [\"P256\"]\n"))
            .endsWith("unrecognized curve preference P256"));
    }

    @Test
    void neverPutsKeyBytesInAnError() throws Exception
    {
        final String key = Files.readString(rsaPkcs8);
        final String body = key.split("\n")[1];
        final Path other = TestCerts.server(TestCerts.ca("y"), TestCerts.Algorithm.RSA)
            .writeCert(dir.resolve("y.pem"));
        final String error = onlyError(tls(other, rsaPkcs8, ""));
        assertFalse(error.contains(body), error);
    }

    @Test
    void flagsNeedACertificateAndKeyThatLoad()
    {
        final CliResult noCert = Cli.parse(new String[] {"--tls"});
        assertEquals(CliResult.Action.EXIT, noCert.action());
        assertTrue(noCert.message().contains("TLS Server certificate must be present and valid"), noCert.message());
        final CliResult noKey = Cli.parse(new String[] {"--tls", "--tlscert", rsaCert.toString()});
        assertTrue(noKey.message().contains("TLS Server private key must be present and valid"), noKey.message());
        final CliResult missing = Cli.parse(new String[] {"--tlscert", "/nope/c.pem", "--tlskey", "/nope/k.pem"});
        assertTrue(missing.message().contains("error parsing X509 certificate/key pair: open /nope/c.pem"),
            missing.message());
        final CliResult ok = Cli.parse(new String[] {"--tlsverify", "--tlscert", ecCert.toString(), "--tlskey",
            ecPkcs8.toString(), "--tlscacert", ca.toString()});
        assertEquals(CliResult.Action.RUN, ok.action(), ok.message());
        assertTrue(ok.options().tls().enabled() && ok.options().tls().verify());
    }
}
