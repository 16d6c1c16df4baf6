package jnatsd.server.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.Test;

/**
 * The runtime contract of the official Helm chart (nats-io/k8s helm/charts/nats 1.0.0, the one that deploys
 * nats-server 2.9), played without a cluster manager: a three-pod StatefulSet whose config names every pod in its
 * routes, the node itself included; the startup, readiness and liveness probes; the config reloader sidecar (pid
 * file read as a bare integer, SIGHUP); the preStop hook {@code nats-server -sl=ldm=/var/run/nats/nats.pid}.
 * docs/kubernetes.md.
 */
class ChartContractIT
{
    private static final long START_MS = 30_000;
    private static final Path LAUNCHER = Path.of("..", "jnatsd");

    @Test
    void shouldRunTheChartsThreePodStatefulSet() throws Exception
    {
        final Path base = Files.createTempDirectory("chart");
        final List<Integer> routePorts = List.of(FreePort.next(), FreePort.next(), FreePort.next());
        final List<ChartNode> nodes = new ArrayList<>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                final Path dir = base.resolve("nats-" + i);
                Files.createDirectories(dir);
                // config.merge {"$include": "auth.conf"} renders as an include line (resolved beside nats.conf).
                Files.writeString(dir.resolve("auth.conf"), "max_payload: 2MB\n");
                final int client = FreePort.next();
                final int http = FreePort.next();
                // A StatefulSet with podManagementPolicy Parallel (the chart's): all pods start at once.
                nodes.add(ChartNode.spawn("nats-" + i, dir,
                    ChartNode.chartConfig(client, routePorts.get(i), http, dir.resolve("nats.pid"), routePorts),
                    client, http));
            }
            for (final ChartNode n : nodes)
            {
                n.awaitMonitor();
            }
            for (final ChartNode n : nodes)
            {
                n.await(n.name + " routed to the two other pods", START_MS,
                    () -> jsonOrNull(n, "/routez") != null && jsonOrNull(n, "/routez").get("num_routes").asInt() == 2);
                n.await(n.name + " ready", START_MS, () -> n.status("/healthz?js-server-only=true") == 200);
            }
            // Explicit routes are redialed every second: a self-route that were not dropped would show again.
            Thread.sleep(2500);
            for (int i = 0; i < 3; i++)
            {
                final ChartNode n = nodes.get(i);
                final JsonNode varz = n.json("/varz");
                assertEquals(n.name, varz.get("server_name").asText(), "server_name: $SERVER_NAME");
                assertEquals(2 * 1024 * 1024, varz.get("max_payload").asInt(), "the included file");
                assertEquals(Long.toString(n.pid()), Files.readString(n.pidFile), "pid_file: a bare integer");
                final String log = n.logText();
                assertEquals(1, count(log, "Detected route to self"), log);
                assertTrue(log.contains("[DBG] Detected route to self, ignoring \"nats://127.0.0.1:"
                    + routePorts.get(i) + "\""), log);
                // Only dials to pods not listening yet may fail (as nats-server's do); nothing about itself.
                assertEquals(count(log, "[ERR]"), count(log, "[ERR] Error trying to connect to route"), log);
                assertRoutesAreThePeers(nodes, n);
            }
            assertProbes(nodes.get(0));
            assertExporterGauges(nodes.get(1));
            assertReloader(nodes.get(0));
            assertPreStop(nodes.get(2), base);
        }
        finally
        {
            for (final ChartNode n : nodes)
            {
                n.close();
            }
        }
    }

    /**
     * Readiness that means something (beyond nats-server 2.9, which is ready once its listeners are): a pod that
     * has not reached the other pods is not ready yet, for at most jnatsd.healthz.routesWaitMs after its start
     * (default 30 s; 10 min here, so that no timing decides the first part, then 1 s for the cap).
     */
    @Test
    void shouldNotBeReadyUntilTheConfiguredRoutesAnswer() throws Exception
    {
        final Path base = Files.createTempDirectory("chart-ready");
        final List<Integer> routePorts = List.of(FreePort.next(), FreePort.next(), FreePort.next());
        try (ChartNode a = node(base, 0, routePorts, "-Djnatsd.healthz.routesWaitMs=600000"))
        {
            a.await("not ready while no other pod answers", START_MS,
                () -> body(a, "/healthz").contains("waiting for routes: 2 configured routes not reached yet"));
            assertEquals(503, a.status("/healthz?js-server-only=true"));
            assertTrue(a.logText().contains("[WRN] Healthcheck failed: \"waiting for routes: 2 configured "
                + "routes not reached yet\""), a.logText());
            try (ChartNode b = node(base, 1, routePorts, "-Djnatsd.healthz.routesWaitMs=600000"))
            {
                a.await("one pod left to reach", START_MS,
                    () -> body(a, "/healthz").contains("waiting for routes: 1 configured route not reached yet"));
                b.await("b reached a and itself; the third pod's route is pending", START_MS,
                    () -> body(b, "/healthz").contains("1 configured route not reached yet"));
            }
        }
        // The third pod never comes: a pod with a 1 s wait is ready anyway once it is over.
        try (ChartNode c = node(base, 2, routePorts, "-Djnatsd.healthz.routesWaitMs=1000"))
        {
            c.await("ready after the wait", START_MS, () -> c.status("/healthz?js-server-only=true") == 200);
            assertEquals("{\"status\":\"ok\"}", body(c, "/healthz"));
        }
    }

    private static ChartNode node(final Path base, final int i, final List<Integer> routePorts, final String... jvm)
        throws IOException
    {
        final int client = FreePort.next();
        final int http = FreePort.next();
        final Path dir = base.resolve("nats-" + i);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("auth.conf"), "");
        return ChartNode.start("nats-" + i, dir,
            ChartNode.chartConfig(client, routePorts.get(i), http, dir.resolve("nats.pid"), routePorts), client, http,
            jvm);
    }

    private static void assertRoutesAreThePeers(final List<ChartNode> nodes, final ChartNode n) throws IOException
    {
        final String self = n.json("/varz").get("server_id").asText();
        for (final JsonNode r : n.json("/routez").get("routes"))
        {
            assertTrue(!self.equals(r.get("remote_id").asText()), "no route to itself");
        }
    }

    /** The chart's startupProbe, readinessProbe and livenessProbe paths, and a malformed flag, as nats-server. */
    private static void assertProbes(final ChartNode n) throws IOException
    {
        for (final String probe : List.of("/healthz", "/healthz?js-server-only=true", "/healthz?js-enabled-only=true"))
        {
            final HttpResponse<String> r = n.get(probe);
            assertEquals(200, r.statusCode(), probe);
            assertEquals("{\"status\":\"ok\"}", r.body(), probe);
        }
        final HttpResponse<String> bad = n.get("/healthz?js-server-only=maybe");
        assertEquals(400, bad.statusCode());
        assertEquals("Error decoding boolean for 'js-server-only': strconv.ParseBool: parsing \"maybe\": invalid "
            + "syntax", bad.body());
    }

    /** prometheus-nats-exporter's /varz gauges, read from /metrics directly. */
    private static void assertExporterGauges(final ChartNode n) throws Exception
    {
        final Options o = new Options.Builder().server("nats://127.0.0.1:" + n.clientPort).build();
        try (Connection c = Nats.connect(o))
        {
            c.publish("chart.metrics", new byte[10]);
            c.flush(Duration.ofSeconds(5));
            final String id = n.json("/varz").get("server_id").asText();
            final String metrics = n.get("/metrics").body();
            final String label = "{server_id=\"" + id + "\"}";
            assertTrue(metrics.contains("# TYPE gnatsd_varz_in_msgs gauge\n"), metrics);
            assertEquals(1.0, value(metrics, "gnatsd_varz_connections" + label), metrics);
            assertTrue(value(metrics, "gnatsd_varz_in_msgs" + label) >= 1.0, metrics);
            assertTrue(value(metrics, "gnatsd_varz_in_bytes" + label) >= 10.0, metrics);
            for (final String g : List.of("out_msgs", "out_bytes", "slow_consumers", "subscriptions", "cpu", "mem"))
            {
                assertTrue(metrics.contains("\ngnatsd_varz_" + g + label + " "), g + "\n" + metrics);
            }
            assertTrue(value(metrics, "gnatsd_varz_mem" + label) > 1e6, metrics);
            assertEquals(1.0, value(metrics, "gnatsd_varz_server_name{server_id=\"" + id + "\",value=\"" + n.name
                + "\"}"), metrics);
        }
    }

    /** The reloader sidecar: a changed (included) file, then SIGHUP to the pid it reads from the pid file. */
    private static void assertReloader(final ChartNode n) throws Exception
    {
        Files.writeString(n.dir.resolve("auth.conf"), "max_payload: 4MB\n");
        final long pid = Long.parseLong(Files.readString(n.pidFile));
        final Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
        n.await("reloaded", 20_000, () -> jsonOrNull(n, "/varz") != null
            && jsonOrNull(n, "/varz").get("max_payload").asInt() == 4 * 1024 * 1024);
    }

    /** preStop: the image's nats-server name with -sl=ldm=PIDFILE puts the pod in lame duck; readiness fails. */
    private static void assertPreStop(final ChartNode n, final Path base) throws Exception
    {
        final Path natsServer = base.resolve("bin/nats-server");
        Files.createDirectories(natsServer.getParent());
        Files.copy(LAUNCHER, natsServer);
        assertTrue(natsServer.toFile().setExecutable(true));
        final Options o = new Options.Builder().server("nats://127.0.0.1:" + n.clientPort).build();
        try (Connection c = Nats.connect(o))
        {
            c.flush(Duration.ofSeconds(5));
            final ProcessBuilder pb = new ProcessBuilder(natsServer.toString(), "-sl=ldm=" + n.pidFile)
                .redirectErrorStream(true);
            // No Java is needed: this path never looks for one.
            pb.environment().put("JNATSD_JAVA", "/nonexistent/java");
            final Process hook = pb.start();
            assertTrue(hook.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, hook.exitValue(), new String(hook.getInputStream().readAllBytes()));
            n.await("lame duck: not ready", 10_000, () -> n.status("/healthz?js-server-only=true") == 503);
            assertEquals("{\"status\":\"error\",\"error\":\"failed to be ready for connections after 1ms: server\"}",
                n.get("/healthz").body());
            assertTrue(n.logText().contains("Entering lame duck mode"), n.logText());
        }
    }

    private static JsonNode jsonOrNull(final ChartNode n, final String path)
    {
        try
        {
            return n.json(path);
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static String body(final ChartNode n, final String path)
    {
        try
        {
            return n.get(path).body();
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    private static int count(final String text, final String what)
    {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1))
        {
            n++;
        }
        return n;
    }

    private static double value(final String metrics, final String series)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), series + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }
}
