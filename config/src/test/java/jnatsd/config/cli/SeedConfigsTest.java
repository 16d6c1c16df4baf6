package jnatsd.config.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jnatsd.config.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cluster seed configs, verbatim, and the command line they are started with. */
class SeedConfigsTest
{
    private static final String SEED_A = """
        # Cluster Server A

        port: 7222

        cluster {
          host: '0.0.0.0'
          port: 7244

          routes = [
            nats-route://192.168.59.103:7246
            nats-route://192.168.59.103:7248
          ]
        }
        """;
    private static final String SEED_B = """
        # Cluster Server B

        port: 8222

        cluster {
          host: '0.0.0.0'
          port: 7246

          routes = [
            nats-route://192.168.59.103:7244
            nats-route://192.168.59.103:7248
          ]
        }
        """;
    private static final String SEED_C = """
        # Cluster Server C

        port: 9222

        cluster {
          host: '0.0.0.0'
          port: 7248

          routes = [
            nats-route://192.168.59.103:7244
            nats-route://192.168.59.103:7246
          ]
        }
        """;
    private static final String CHAIN_A = """
        # Cluster Seed Node

        port: 4222

        cluster {
          host: '0.0.0.0'
          port: 7244
        }
        """;
    private static final String CHAIN_B = """
        # Cluster Server B

        port: 4222

        cluster {
          host: '0.0.0.0'
          port: 7244

          routes = [
            nats-route://192.168.59.103:7244
          ]
        }
        """;
    private static final String CHAIN_C = """
        # Cluster Server C

        port: 4222

        cluster {
          host: '0.0.0.0'
          port: 7244

          routes = [
            nats-route://192.168.59.103:7244
            nats-route://192.168.59.104:7244
          ]
        }
        """;

    @TempDir
    Path dir;

    private ServerOptions run(final String text, final String... extraArgs) throws Exception
    {
        final Path file = dir.resolve("cluster.conf");
        Files.writeString(file, text);
        final String[] args = new String[2 + extraArgs.length];
        args[0] = "-c";
        args[1] = file.toString();
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        final CliResult result = Cli.parse(args, Map.of());
        assertEquals(CliResult.Action.RUN, result.action(), result.message());
        assertEquals(List.of(), result.warnings());
        return result.options();
    }

    private static void assertCluster(final ServerOptions o, final int clientPort, final int clusterPort,
        final String... routes)
    {
        assertEquals(clientPort, o.listen().port());
        assertEquals("0.0.0.0", o.listen().host());
        assertTrue(o.cluster().enabled());
        assertEquals("0.0.0.0", o.cluster().host());
        assertEquals(clusterPort, o.cluster().port());
        assertEquals(List.of(routes).stream().map(URI::create).toList(), o.cluster().routes());
        assertFalse(o.logging().debug());
    }

    @Test
    void shouldParseSeedA() throws Exception
    {
        assertCluster(run(SEED_A), 7222, 7244, "nats-route://192.168.59.103:7246", "nats-route://192.168.59.103:7248");
    }

    @Test
    void shouldParseSeedB() throws Exception
    {
        assertCluster(run(SEED_B), 8222, 7246, "nats-route://192.168.59.103:7244", "nats-route://192.168.59.103:7248");
    }

    @Test
    void shouldParseSeedC() throws Exception
    {
        assertCluster(run(SEED_C), 9222, 7248, "nats-route://192.168.59.103:7244", "nats-route://192.168.59.103:7246");
    }

    @Test
    void shouldParseChainSeedA() throws Exception
    {
        assertCluster(run(CHAIN_A), 4222, 7244);
    }

    @Test
    void shouldParseChainB() throws Exception
    {
        assertCluster(run(CHAIN_B), 4222, 7244, "nats-route://192.168.59.103:7244");
    }

    @Test
    void shouldParseChainC() throws Exception
    {
        assertCluster(run(CHAIN_C), 4222, 7244, "nats-route://192.168.59.103:7244", "nats-route://192.168.59.104:7244");
    }

    @Test
    void shouldLetFlagsOverrideTheFileAsInTheChainCommandLine() throws Exception
    {
        // jnatsd -c /tmp/cluster.conf -p 7222 -D -V
        final ServerOptions o = run(CHAIN_B, "-p", "7222", "-D", "-V");
        assertEquals(7222, o.listen().port());
        assertTrue(o.logging().debug());
        assertTrue(o.logging().trace());
        assertFalse(o.logging().traceVerbose());
        assertEquals(7244, o.cluster().port());
        assertEquals(List.of(URI.create("nats-route://192.168.59.103:7244")), o.cluster().routes());
        assertTrue(o.configFile().endsWith("cluster.conf"));
    }

    @Test
    void shouldReportTheSeedValidForTestMode() throws Exception
    {
        final Path file = dir.resolve("gnatsd-A.conf");
        Files.writeString(file, SEED_A);
        final CliResult r = Cli.parse(new String[] {"-t", "-c", file.toString(), "-p", "7222", "-D", "-V"}, Map.of());
        assertEquals(CliResult.Action.EXIT, r.action());
        assertEquals(0, r.exitCode());
        assertEquals("jnatsd: configuration file " + file + " is valid", r.message());
    }
}
