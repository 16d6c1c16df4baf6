package jnatsd.config.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jnatsd.config.ServerOptions;
import jnatsd.config.Version;
import jnatsd.testsupport.TestCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest
{
    @TempDir
    Path dir;

    private static CliResult cli(final String... args)
    {
        return Cli.parse(args, Map.of());
    }

    private static ServerOptions run(final String... args)
    {
        final CliResult r = cli(args);
        assertEquals(CliResult.Action.RUN, r.action(), r.message());
        return r.options();
    }

    private String conf(final String text) throws Exception
    {
        final Path file = dir.resolve("s.conf");
        Files.writeString(file, text);
        return file.toString();
    }

    @Test
    void shouldRunWithDefaultsWithoutArguments()
    {
        final ServerOptions o = run();
        assertEquals(4222, o.listen().port());
        assertNull(o.configFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-p 4333", "--port 4333", "-p=4333", "--port=4333", "-port 4333"})
    void shouldAcceptGoFlagSpellings(final String line)
    {
        assertEquals(4333, run(line.split(" ")).listen().port());
    }

    @Test
    void shouldMapServerFlags()
    {
        final ServerOptions o = run("-a", "127.0.0.1", "-n", "srv", "-P", "/tmp/p.pid", "-m", "8222", "-ms", "8443",
            "--client_advertise", "x:4222", "--ports_file_dir", "/tmp", "--profile", "6060");
        assertEquals("127.0.0.1", o.listen().host());
        assertEquals("srv", o.serverName());
        assertEquals("/tmp/p.pid", o.operations().pidFile());
        assertEquals(8222, o.monitor().httpPort());
        assertEquals(8443, o.monitor().httpsPort());
        assertEquals("x:4222", o.listen().clientAdvertise());
        assertEquals("/tmp", o.operations().portsFileDir());
        assertEquals(6060, o.operations().profPort());
        assertEquals("srv2", run("--server_name", "srv2").serverName());
        assertEquals("0.0.0.1", run("--net", "0.0.0.1").listen().host());
    }

    @Test
    void shouldMapLoggingFlags()
    {
        final ServerOptions o = run("-l", "/tmp/x.log", "-T=false", "-s", "-r", "udp://h:514", "--log_size_limit",
            "1000", "--max_traced_msg_len", "10");
        assertEquals("/tmp/x.log", o.logging().logFile());
        assertFalse(o.logging().logtime());
        assertTrue(o.logging().syslog());
        assertEquals("udp://h:514", o.logging().remoteSyslog());
        assertEquals(1000, o.logging().logSizeLimitBytes());
        assertEquals(10, o.logging().maxTracedMsgLen());
        final ServerOptions dv = run("-DV");
        assertTrue(dv.logging().debug() && dv.logging().trace() && !dv.logging().traceVerbose());
        final ServerOptions vv = run("-VV");
        assertTrue(!vv.logging().debug() && vv.logging().trace() && vv.logging().traceVerbose());
        final ServerOptions dvv = run("--DVV");
        assertTrue(dvv.logging().debug() && dvv.logging().trace() && dvv.logging().traceVerbose());
        assertTrue(run("--debug", "--trace").logging().trace());
    }

    @Test
    void shouldMapAuthTlsAndClusterFlags()
    {
        final TestCerts.Issued root = TestCerts.ca("cli ca");
        final TestCerts.Issued server = TestCerts.server(root, TestCerts.Algorithm.RSA);
        final String cert = server.writeCert(dir.resolve("c.pem")).toString();
        final String key = server.writeKey(dir.resolve("k.pem"), false).toString();
        final String ca = root.writeCert(dir.resolve("ca.pem")).toString();
        final ServerOptions o = run("--user", "u", "--pass", "p", "--tls", "--tlscert", cert, "--tlskey", key,
            "--tlsverify", "--tlscacert", ca, "--cluster", "nats://127.0.0.1:6222", "--routes",
            "nats://a:6222, nats://b:6222", "--cluster_name", "C", "--no_advertise", "--cluster_advertise", "h:6222",
            "--connect_retries", "3");
        assertEquals("u", o.auth().user());
        assertEquals("p", o.auth().password());
        assertTrue(o.tls().enabled() && o.tls().verify());
        assertEquals(cert, o.tls().certFile());
        assertEquals(ca, o.tls().caFile());
        assertEquals("127.0.0.1", o.cluster().host());
        assertEquals(6222, o.cluster().port());
        assertEquals(List.of(URI.create("nats://a:6222"), URI.create("nats://b:6222")), o.cluster().routes());
        assertEquals("C", o.cluster().name());
        assertTrue(o.cluster().noAdvertise());
        assertEquals("h:6222", o.cluster().advertise());
        assertEquals(3, o.cluster().connectRetries());
        assertEquals("tok", run("--auth", "tok").auth().token());
        assertEquals(7000, run("--cluster_listen", "nats://0.0.0.0:7000").cluster().port());
    }

    @Test
    void shouldLetFlagsOverrideTheFile() throws Exception
    {
        final String f = conf("port: 1000\ndebug: true\nlogtime: true\nserver_name: file\n");
        final ServerOptions o = run("-c", f, "-p", "2000", "-D=false", "-T=false");
        assertEquals(2000, o.listen().port());
        assertFalse(o.logging().debug());
        assertFalse(o.logging().logtime());
        assertEquals("file", o.serverName());
    }

    @Test
    void shouldPrintHelpAndVersion()
    {
        final CliResult help = cli("-h");
        assertEquals(CliResult.Action.EXIT, help.action());
        assertEquals(0, help.exitCode());
        assertTrue(help.message().contains("Usage: jnatsd [options]"));
        for (final String flag : List.of("--addr", "--port", "--http_port", "--config", "--signal", "--logtime",
            "-DVV", "--tlsverify", "--routes", "--cluster_listen", "--max_traced_msg_len"))
        {
            assertTrue(help.message().contains(flag), flag);
        }
        assertEquals(0, cli("--help_tls").exitCode());
        final CliResult version = cli("--version");
        assertEquals(0, version.exitCode());
        assertEquals("jnatsd: v" + Version.JNATSD + " (compatible with nats-server v2.9.10)", version.message());
        assertEquals(version.message(), cli("-v").message());
    }

    @Test
    void shouldReportFlagErrors()
    {
        final CliResult unknown = cli("-xyz");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.message().startsWith("flag provided but not defined: -xyz"));
        final CliResult bad = cli("-p", "abc");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.message().startsWith("invalid value \"abc\" for flag -p: parse error"), bad.message());
        assertEquals(2, cli("-p").exitCode());
        assertEquals(2, cli("-T=maybe").exitCode());
        final CliResult extra = cli("-T", "false");
        assertEquals(1, extra.exitCode());
        assertEquals("jnatsd: unrecognized command: \"false\"", extra.message());
    }

    @Test
    void shouldTestConfigFiles() throws Exception
    {
        final String good = conf("port: 1\n");
        final CliResult ok = cli("-t", "-c", good);
        assertEquals(0, ok.exitCode());
        assertEquals("jnatsd: configuration file " + good + " is valid", ok.message());
        final CliResult bad = cli("-t", "-c", conf("port: 1\nbogus_key: 2\n"));
        assertEquals(1, bad.exitCode());
        assertTrue(bad.message().contains("s.conf:2:1: unknown field \"bogus_key\""), bad.message());
        final CliResult noFile = cli("-t");
        assertEquals(1, noFile.exitCode());
        assertTrue(noFile.message().contains("must specify [-c, --config]"));
        final CliResult missing = cli("-t", "-c", dir.resolve("nope.conf").toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.message().contains("no such file"));
    }

    @Test
    void shouldFailTestButWarnAtRunForBareIntegerDurations() throws Exception
    {
        final String f = conf("ping_interval: 5\n");
        final CliResult test = cli("-t", "-c", f);
        assertEquals(1, test.exitCode());
        assertTrue(test.message().contains("ping_interval should be converted to a duration"));
        final CliResult run = cli("-c", f);
        assertEquals(CliResult.Action.RUN, run.action());
        assertEquals(1, run.warnings().size());
        assertEquals(TimeUnit.SECONDS.toNanos(5), run.options().limits().pingIntervalNs());
    }

    @Test
    void shouldAcceptUnsupportedFeaturesForTestButRefuseThemAtRun() throws Exception
    {
        final String f = conf("port: 1\njetstream {}\ngateway { name: g, port: 7222 }\n");
        final CliResult test = cli("-t", "-c", f);
        assertEquals(0, test.exitCode());
        final CliResult run = cli("-c", f);
        assertEquals(CliResult.Action.EXIT, run.action());
        assertEquals(1, run.exitCode());
        assertTrue(run.message().contains("does not support yet"), run.message());
        assertTrue(run.message().contains("s.conf:2:1: \"jetstream\""), run.message());
        assertTrue(run.message().contains("s.conf:3:1: \"gateway\""), run.message());
        assertEquals(1, cli("-js").exitCode());
    }

    @Test
    void shouldRefuseStartupChecksOnlyAtRun() throws Exception
    {
        final String f = conf("max_payload: 100MB\nmax_pending: 10MB\n");
        assertEquals(0, cli("-t", "-c", f).exitCode());
        final CliResult run = cli("-c", f);
        assertEquals(1, run.exitCode());
        assertEquals("jnatsd: max_payload (104857600) cannot be higher than max_pending (10485760)", run.message());
        assertEquals(1, cli("--tls").exitCode(), "TLS without a certificate cannot start");
        assertEquals(1, cli("--routes", "nats://a:1").exitCode(), "routes need a cluster listener");
    }

    @Test
    void shouldReturnSignals()
    {
        final CliResult r = cli("-sl", "reload=1234");
        assertEquals(CliResult.Action.SIGNAL, r.action());
        assertEquals("reload=1234", r.signal());
        assertEquals("stop", cli("--signal", "stop").signal());
        assertEquals(1, cli("--signal", "bogus").exitCode());
    }

    @Test
    void shouldResolveConfigRelativeToWorkingDirectoryAndIncludesRelativeToFile() throws Exception
    {
        final Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sub.resolve("inc.conf"), "port: 4555\n");
        Files.writeString(sub.resolve("main.conf"), "include ./inc.conf\n");
        final Path relative = Path.of("").toAbsolutePath().relativize(sub.resolve("main.conf"));
        assertEquals(4555, run("-c", relative.toString()).listen().port());
    }

    @Test
    void shouldReadVariablesFromTheInjectedEnvironment() throws Exception
    {
        final String f = conf("max_payload: $NATS_TEST_MAXP\n");
        final CliResult r = Cli.parse(new String[] {"-c", f}, Map.of("NATS_TEST_MAXP", "2KB"));
        assertEquals(2048, r.options().limits().maxPayloadBytes());
        final CliResult missing = Cli.parse(new String[] {"-c", f}, Map.of());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.message().contains("variable reference for 'NATS_TEST_MAXP' on line 1 can not be found"));
    }
}
