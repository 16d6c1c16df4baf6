package jnatsd.server.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The client port serves at once: the start-up warm-up runs in the background on a private server instance, and
 * nothing of it shows to real clients (connection limit, authorization, monitoring counters, trace lines). The pid
 * and ports files and the route listener do not wait for it either.
 */
class StartUpIT
{
    /**
     * Coarse guard only: the 1M-message warm-up below takes 5 s or more, so a warm-up in front of accept fails it,
     * while a slow CI box (a cold JVM there took 1.5 s to its first INFO) does not. docs/benchmarks.md has the figures.
     */
    private static final long FIRST_INFO_LIMIT_MS = 3_000;
    private static final int MESSAGES = 50;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theClientPortServesDuringTheWarmUpAndSeesNoneOfIt() throws Exception
    {
        final Path dir = Files.createTempDirectory("startup-it");
        final int port = FreePort.next();
        final int http = FreePort.next();
        final int routes = FreePort.next();
        final Path pidFile = dir.resolve("jnatsd.pid");
        // max_connections 2 and a token: the warm-up's dozen connections and its one-time token live on their own
        // instance, so the real clients get both slots and the configured token is the only way in.
        Files.writeString(dir.resolve("server.conf"), "max_connections: 2\n"
            + "authorization { token: \"s3cret\" }\n"
            + "pid_file: \"" + pidFile + "\"\n"
            + "ports_file_dir: \"" + dir + "\"\n"
            + "http_port: " + http + "\n"
            + "cluster { name: startup, host: 127.0.0.1, port: " + routes + " }\n");
        final List<String> cmd = new ArrayList<>(ServerProcess.command(ServerProcess.Kind.JNATSD));
        // A long warm-up, so that the client below is surely served while it runs.
        cmd.add(1, "-Djnatsd.warmup.messages=1000000");
        cmd.add(1, "-Djnatsd.warmup.limitMs=60000");
        cmd.addAll(List.of("-c", dir.resolve("server.conf").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port), "-DV"));
        final Path log = dir.resolve("server.log");
        final long t0 = System.nanoTime();
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try
        {
            final long firstInfoMs = awaitFirstInfoMs(p, port, t0);
            assertTrue(firstInfoMs < FIRST_INFO_LIMIT_MS, "first INFO " + firstInfoMs + " ms after exec; log:\n"
                + Files.readString(log));
            assertEquals(Long.toString(p.pid()), Files.readString(pidFile), "pid file written by then");
            final Path portsFile = dir.resolve("jnatsd_" + p.pid() + ".ports");
            assertTrue(Files.exists(portsFile), "ports file written by then");
            final JsonNode ports = JSON.readTree(portsFile.toFile());
            assertEquals("nats://127.0.0.1:" + port, ports.get("nats").get(0).asText(), ports.toString());
            assertEquals("http://127.0.0.1:" + http, ports.get("monitoring").get(0).asText(), ports.toString());
            assertEquals("nats://127.0.0.1:" + routes, ports.get("cluster").get(0).asText(), ports.toString());
            assertTrue(firstLine(routes).startsWith("INFO {"), "the route port answers during the warm-up");

            final Options options = new Options.Builder().server("nats://127.0.0.1:" + port)
                .token("s3cret".toCharArray()).connectionTimeout(Duration.ofSeconds(5)).maxReconnects(0).build();
            try (Connection a = Nats.connect(options); Connection b = Nats.connect(options))
            {
                final Subscription sub = b.subscribe("start.up");
                b.flush(Duration.ofSeconds(5));
                for (int i = 0; i < MESSAGES; i++)
                {
                    a.publish("start.up", payload(i).getBytes(StandardCharsets.US_ASCII));
                }
                a.flush(Duration.ofSeconds(5));
                for (int i = 0; i < MESSAGES; i++)
                {
                    final Message m = sub.nextMessage(Duration.ofSeconds(5));
                    assertNotNull(m, "message " + i);
                    assertEquals(payload(i), new String(m.getData(), StandardCharsets.US_ASCII));
                }
                final String during = Files.readString(log);
                assertFalse(during.contains("Hot path warmed up") || during.contains("Warm-up incomplete"),
                    "the client was served while the warm-up ran:\n" + during);
                assertCountsOnlyTheClients(http);
                // Both slots of max_connections are the real clients'; a third is refused.
                assertTrue(firstLine(port).startsWith("INFO {"));
                awaitLog(log, "maximum connections exceeded");

                final String done = awaitLog(log, "[DBG] Hot path warmed up with 1000000 messages");
                assertFalse(done.contains("Warm-up incomplete"), done);
                assertCountsOnlyTheClients(http);
                // -V traced the real clients from the first one on; the warm-up's traffic never reaches the log.
                assertTrue(done.contains("<<- [PUB start.up 3]"), done);
                // The CONNECT is traced, its token is not.
                assertTrue(done.contains("\"auth_token\":\"[REDACTED]\""), done);
                assertFalse(done.contains("s3cret"), done);
                assertFalse(done.contains("jnatsd-warm-up"), "no warm-up connection in the log");
            }
        }
        finally
        {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aShutdownDuringTheWarmUpStopsItAndTheServer() throws Exception
    {
        // Long enough to be running for seconds still when SIGTERM comes.
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.JNATSD, "",
            List.of("-Djnatsd.warmup.messages=5000000", "-Djnatsd.warmup.limitMs=60000"), "-D"))
        {
            assertTrue(server.awaitLog("[INF] Server is ready", 10_000), server.log());
            Thread.sleep(300);
            assertFalse(server.log().contains("Hot path warmed up"), "the warm-up still runs: " + server.log());
            final long t0 = System.nanoTime();
            server.process().destroy();
            assertTrue(server.process().waitFor(10, TimeUnit.SECONDS), "exits: " + server.log());
            final long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 8_000, "stopped in " + ms + " ms");
            final String log = server.log();
            assertTrue(log.contains("[INF] Server Exiting.."), log);
            assertFalse(log.contains("Warm-up incomplete"), "a stopped warm-up is no failure: " + log);
        }
    }

    /** Two clients connected; MESSAGES in, MESSAGES out, and 3 bytes each: nothing of the warm-up's traffic. */
    private static void assertCountsOnlyTheClients(final int http) throws IOException
    {
        final JsonNode v = json(http, "/varz");
        assertEquals(MESSAGES, v.get("in_msgs").asLong(), v.toString());
        assertEquals(MESSAGES, v.get("out_msgs").asLong(), v.toString());
        assertEquals(MESSAGES * 3L, v.get("in_bytes").asLong(), v.toString());
        assertEquals(MESSAGES * 3L, v.get("out_bytes").asLong(), v.toString());
        assertEquals(2, v.get("connections").asInt(), v.toString());
        assertEquals(0, v.get("slow_consumers").asLong(), v.toString());
        assertEquals(1, v.get("subscriptions").asInt(), v.toString());
        final JsonNode connz = json(http, "/connz");
        assertEquals(2, connz.get("num_connections").asInt(), connz.toString());
    }

    /** Connects until the port answers with INFO; the time from exec to the first INFO byte. */
    private static long awaitFirstInfoMs(final Process p, final int port, final long t0) throws IOException
    {
        final long end = t0 + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - end < 0 && p.isAlive())
        {
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                s.setSoTimeout(30_000);
                if (s.getInputStream().read() == 'I')
                {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                }
            }
            catch (final IOException ignore)
            {
                sleep(2);
            }
        }
        throw new IOException("no INFO on port " + port);
    }

    private static String firstLine(final int port) throws IOException
    {
        try (Socket s = new Socket("127.0.0.1", port))
        {
            s.setSoTimeout(5_000);
            final InputStream in = s.getInputStream();
            final StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n')
            {
                sb.append((char)c);
            }
            return sb.toString();
        }
    }

    private static String awaitLog(final Path log, final String text) throws IOException
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String s = Files.readString(log);
        while (!s.contains(text) && System.nanoTime() - end < 0)
        {
            sleep(50);
            s = Files.readString(log);
        }
        assertTrue(s.contains(text), "log has '" + text + "':\n" + s);
        return s;
    }

    private static JsonNode json(final int port, final String path) throws IOException
    {
        final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).GET().build();
        try
        {
            final HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            return JSON.readTree(r.body());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    private static String payload(final int i)
    {
        return String.format("m%02d", i);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
