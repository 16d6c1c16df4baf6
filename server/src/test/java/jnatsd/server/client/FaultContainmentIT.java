package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import jnatsd.config.ClusterOptions;
import jnatsd.config.EngineOptions;
import jnatsd.config.ListenOptions;
import jnatsd.config.LoggingOptions;
import jnatsd.config.MonitorOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.ThreadingMode;
import jnatsd.engine.fault.FaultInjection;
import jnatsd.engine.fault.FaultInjection.Site;
import jnatsd.engine.session.Session;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ServerLog;
import jnatsd.server.monitor.EngineQueries;
import jnatsd.server.monitor.MonitorHttpServer;
import jnatsd.server.ops.ServerRuntime;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bug in one connection's handling closes that connection only: a fault injected where the transport reads a
 * client, where the ingress fills a claimed ring slot, where the engine applies a client's event, and where a route's
 * message is turned into a ring event, closes the victim with reason "Internal Server Error", logs one error line
 * naming it, counts it in /metrics, and every other client keeps its traffic on a server that stays up. In-process
 * servers over real sockets; the seam is armed by failsafe's {@code -Djnatsd.faults=true}.
 */
class FaultContainmentIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static String savedWarmUp;

    @BeforeAll
    static void noWarmUp()
    {
        savedWarmUp = System.getProperty("jnatsd.warmup.messages");
        System.setProperty("jnatsd.warmup.messages", "0");
    }

    @AfterAll
    static void restoreWarmUp()
    {
        if (savedWarmUp == null)
        {
            System.clearProperty("jnatsd.warmup.messages");
        }
        else
        {
            System.setProperty("jnatsd.warmup.messages", savedWarmUp);
        }
    }

    @AfterEach
    void unhook()
    {
        FaultInjection.hook(null);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
        "TRANSPORT_READ, SHARED", "INGRESS_FILL, SHARED", "ENGINE_EVENT, SHARED",
        "TRANSPORT_READ, DEDICATED", "INGRESS_FILL, DEDICATED", "ENGINE_EVENT, DEDICATED"})
    void faultOfOneClientShouldCloseOnlyThatClient(final Site site, final ThreadingMode mode) throws Exception
    {
        assumeTrue(FaultInjection.ARMED, "needs -Djnatsd.faults=true (set by the failsafe configuration)");
        final Path dir = Files.createTempDirectory("faults");
        final Path logFile = dir.resolve("server.log");
        final int http = FreePort.next();
        final ServerOptions options = options(mode, logFile, new MonitorOptions("127.0.0.1", http, 0, ""),
            ClusterOptions.none());
        final ServerLog log = new ServerLog(options.logging());
        final MonitorHttpServer monitor = MonitorHttpServer.bind(options);
        try (JnatsdServer server = JnatsdServer.start(options, log, s -> startMonitor(monitor, s, options, log));
            RawClient sub = RawClient.open(server.clientPort(), 0, 5_000);
            RawClient pub = RawClient.open(server.clientPort(), 0, 5_000);
            RawClient victim = RawClient.open(server.clientPort(), 0, 5_000))
        {
            sub.connect("SUB bystander 1\r\n");
            pub.connect("");
            victim.connect("SUB victim 9\r\n");
            assertEquals(0, victim.pingAndCollect().size());
            roundTrip(pub, sub, "before");

            final int port = victim.localPort();
            final AtomicBoolean fired = new AtomicBoolean();
            FaultInjection.hook((at, s) ->
            {
                if (at == site && s.kind == Session.KIND_CLIENT && s.remotePort == port && fired.compareAndSet(false,
                    true))
                {
                    throw new IllegalStateException("injected fault");
                }
            });
            victim.send("PUB victim 1\r\nx\r\n");
            victim.readUntilClosed();
            assertTrue(fired.get(), "the fault fired");

            // The others' traffic goes on, and new clients are served.
            roundTrip(pub, sub, "after");
            try (RawClient late = RawClient.open(server.clientPort(), 0, 5_000))
            {
                late.connect("SUB bystander 2\r\n");
                late.pingAndCollect();
                pub.send("PUB bystander 4\r\nlate\r\n");
                assertEquals("late", late.nextMsg().payload());
                assertEquals("late", sub.nextMsg().payload());
            }

            awaitTrue(() -> server.counters().internalErrors == 1, "internal error counted");
            final String metrics = get(http, "/metrics");
            assertTrue(metrics.contains("jnatsd_internal_errors_total 1.0"), metrics);
            final String varz = get(http, "/varz");
            assertTrue(varz.contains("\"internal_errors\": 1,"), varz);
            assertEquals("Internal Server Error", closedReason(http, port));
            final String prefix = ":" + port + " - cid:";
            final List<String> lines = awaitLines(logFile,
                l -> l.contains(prefix) && l.contains("Internal error") && l.contains("injected fault"), 1);
            assertTrue(lines.get(0).contains("[ERR]"), lines.toString());
        }
        finally
        {
            monitor.close();
            log.close();
        }
    }

    @Test
    void faultOfOneRouteShouldCloseOnlyThatRoute() throws Exception
    {
        assumeTrue(FaultInjection.ARMED, "needs -Djnatsd.faults=true (set by the failsafe configuration)");
        final Path dir = Files.createTempDirectory("faults");
        final int routeA = FreePort.next();
        final ServerOptions a = options(ThreadingMode.SHARED, dir.resolve("a.log"), MonitorOptions.defaults(),
            new ClusterOptions("faults", "127.0.0.1", routeA, "", true, 0, List.of(), "", "", 0));
        final ServerOptions b = options(ThreadingMode.SHARED, dir.resolve("b.log"), MonitorOptions.defaults(),
            new ClusterOptions("faults", "127.0.0.1", FreePort.next(), "", true, 0,
                List.of(URI.create("nats://127.0.0.1:" + routeA)), "", "", 0));
        final ServerLog logA = new ServerLog(a.logging());
        final ServerLog logB = new ServerLog(b.logging());
        try (JnatsdServer serverA = JnatsdServer.start(a, logA);
            JnatsdServer serverB = JnatsdServer.start(b, logB);
            RawClient subA = RawClient.open(serverA.clientPort(), 0, 5_000);
            RawClient pubA = RawClient.open(serverA.clientPort(), 0, 5_000);
            RawClient subB = RawClient.open(serverB.clientPort(), 0, 5_000);
            RawClient pubB = RawClient.open(serverB.clientPort(), 0, 5_000))
        {
            subA.connect("SUB remote 1\r\nSUB local.a 2\r\n");
            pubA.connect("");
            subB.connect("SUB local.b 1\r\n");
            pubB.connect("");
            subA.pingAndCollect();
            awaitCrossRoute(pubB, subA);

            final AtomicBoolean fired = new AtomicBoolean();
            FaultInjection.hook((at, s) ->
            {
                if (at == Site.ROUTE_INGRESS && s.kind == Session.KIND_ROUTE && fired.compareAndSet(false, true))
                {
                    throw new IllegalStateException("injected route fault");
                }
            });
            pubB.send("PUB remote 4\r\nlost\r\n");
            awaitTrue(fired::get, "the route fault fired");
            awaitTrue(() -> serverA.counters().internalErrors == 1, "internal error counted on A");

            // Local traffic on both servers goes on; the route comes back (B dials again) and carries messages.
            roundTrip(pubA, subA, "local.a", "2", "on A");
            roundTrip(pubB, subB, "local.b", "1", "on B");
            awaitCrossRoute(pubB, subA);
            final List<String> lines = awaitLines(dir.resolve("a.log"),
                l -> l.contains(" - rid:") && l.contains("Internal error") && l.contains("injected route fault"), 1);
            assertTrue(lines.get(0).contains("[ERR]"), lines.toString());
        }
        finally
        {
            logA.close();
            logB.close();
        }
    }

    private static ServerOptions options(final ThreadingMode mode, final Path logFile, final MonitorOptions monitor,
        final ClusterOptions cluster)
    {
        final ServerOptions d = ServerOptions.defaults();
        final EngineOptions e = d.engine();
        final EngineOptions engine = new EngineOptions(mode, 1, e.ringSize(), e.engineIdleStrategy(),
            e.transportIdleStrategy(), -1, new int[0], e.spinBeforeBlockNs());
        final LoggingOptions logging = new LoggingOptions(false, false, false, true, logFile.toString(), 0, false, "",
            0);
        return new ServerOptions(new ListenOptions("127.0.0.1", 0, ""), d.serverName(), d.limits(), logging, monitor,
            d.auth(), d.tls(), cluster, engine, d.operations(), null);
    }

    private static void startMonitor(final MonitorHttpServer monitor, final JnatsdServer server,
        final ServerOptions options, final ServerLog log)
    {
        try
        {
            monitor.start(server, new ServerRuntime(options), log);
        }
        catch (final EngineQueries.EngineUnavailableException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static void roundTrip(final RawClient pub, final RawClient sub, final String text) throws IOException
    {
        roundTrip(pub, sub, "bystander", "1", text);
    }

    private static void roundTrip(final RawClient pub, final RawClient sub, final String subject, final String sid,
        final String text) throws IOException
    {
        pub.send("PUB " + subject + " " + text.length() + "\r\n" + text + "\r\n");
        final RawClient.RawMsg m = sub.nextMsg();
        assertEquals(subject, m.subject());
        assertEquals(sid, m.sid());
        assertEquals(text, m.payload());
    }

    /** Publishes on B until a message reaches A's subscriber (route up, interest propagated). */
    private static void awaitCrossRoute(final RawClient pubB, final RawClient subA) throws Exception
    {
        final long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < end)
        {
            pubB.send("PUB remote 5\r\nprobe\r\n");
            pubB.pingAndCollect();
            Thread.sleep(100);
            if (subA.pingAndCollect().stream().anyMatch(m -> m.subject().equals("remote")))
            {
                return;
            }
        }
        throw new AssertionError("no message crossed the route within 15 s");
    }

    private static String closedReason(final int http, final int port) throws Exception
    {
        final long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < end)
        {
            final JsonNode conns = JSON.readTree(get(http, "/connz?state=closed")).get("connections");
            for (final JsonNode c : conns)
            {
                if (c.get("port").asInt() == port)
                {
                    return c.get("reason").asText();
                }
            }
            Thread.sleep(50);
        }
        return "(not in /connz?state=closed)";
    }

    private static String get(final int port, final String path) throws IOException, InterruptedException
    {
        final HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }

    /** Waits for the log to have {@code count} lines matching, and no more (the reason is logged once). */
    private static List<String> awaitLines(final Path log, final Predicate<String> match, final int count)
        throws Exception
    {
        final long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < end)
        {
            lines = Files.readAllLines(log).stream().filter(match).toList();
            if (lines.size() >= count)
            {
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(200);
        lines = Files.readAllLines(log).stream().filter(match).toList();
        assertEquals(count, lines.size(), "log lines: " + lines + "\nwhole log:\n" + Files.readString(log));
        return lines;
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > end)
            {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
