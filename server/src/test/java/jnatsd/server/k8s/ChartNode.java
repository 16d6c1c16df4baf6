package jnatsd.server.k8s;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jnatsd.testsupport.ServerProcess;

/**
 * One pod of the chart's StatefulSet, played on this machine: the nats.conf the chart (nats-io/k8s, helm/charts/nats
 * 1.0.0, which deploys nats-server 2.9) renders, run as the container runs it ({@code --config FILE}, SERVER_NAME
 * from the environment), with 127.0.0.1 ports standing for the pods' DNS names.
 */
final class ChartNode implements AutoCloseable
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int clientPort;
    final int httpPort;
    final Path dir;
    final Path pidFile;
    final Path log;
    private final ServerProcess server;

    private ChartNode(final String name, final int clientPort, final int httpPort, final Path dir,
        final ServerProcess server)
    {
        this.name = name;
        this.clientPort = clientPort;
        this.httpPort = httpPort;
        this.dir = dir;
        this.pidFile = dir.resolve("nats.pid");
        this.log = dir.resolve("server.log");
        this.server = server;
    }

    /**
     * The chart's config for one pod, as its nats.formatConfig prints it: pretty JSON with sorted keys, an
     * {@code include} line where a {@code $include} key was, and {@code << $SERVER_NAME >>} unquoted to a variable.
     */
    static String chartConfig(final int clientPort, final int routePort, final int httpPort, final Path pidFile,
        final List<Integer> routePorts)
    {
        final StringBuilder routes = new StringBuilder();
        for (int i = 0; i < routePorts.size(); i++)
        {
            routes.append("      \"nats://127.0.0.1:").append(routePorts.get(i)).append('"')
                .append(i + 1 < routePorts.size() ? ",\n" : "\n");
        }
        return "{\n"
            + "  include auth.conf;\n"
            + "  \"cluster\": {\n"
            + "    \"name\": \"nats\",\n"
            + "    \"no_advertise\": true,\n"
            + "    \"port\": " + routePort + ",\n"
            + "    \"routes\": [\n"
            + routes
            + "    ]\n"
            + "  },\n"
            + "  \"http_port\": " + httpPort + ",\n"
            + "  \"lame_duck_duration\": \"30s\",\n"
            + "  \"lame_duck_grace_period\": \"10s\",\n"
            + "  \"pid_file\": \"" + pidFile + "\",\n"
            + "  \"port\": " + clientPort + ",\n"
            + "  \"server_name\": $SERVER_NAME\n"
            + "}\n";
    }

    /** As {@link #spawn}, then waits for its monitor port. */
    static ChartNode start(final String name, final Path dir, final String config, final int clientPort,
        final int httpPort, final String... jvmOptions) throws IOException
    {
        final ChartNode node = spawn(name, dir, config, clientPort, httpPort, jvmOptions);
        node.awaitMonitor();
        return node;
    }

    /**
     * Starts jnatsd as the chart's container does, with SERVER_NAME in its environment. The start-up warm-up is
     * off: it only makes the JIT's work earlier, and three of them at once would load a small machine for nothing.
     */
    static ChartNode spawn(final String name, final Path dir, final String config, final int clientPort,
        final int httpPort, final String... jvmOptions) throws IOException
    {
        final List<String> jvm = new ArrayList<>(List.of(jvmOptions));
        jvm.add("-Djnatsd.warmup.messages=0");
        final ServerProcess server = ServerProcess.builder(ServerProcess.Kind.JNATSD).dir(dir).config(config)
            .configFile("nats.conf", "--config").addressFromConfig().port(clientPort).jvmOptions(jvm).flags("-D")
            .env("SERVER_NAME", name).freshLog().noWait().start();
        return new ChartNode(name, clientPort, httpPort, dir, server);
    }

    /** Until /healthz answers at all (ready or not). */
    void awaitMonitor() throws IOException
    {
        await("monitor port of " + name, 30_000, () -> status("/healthz") > 0);
    }

    long pid()
    {
        return server.pid();
    }

    Process process()
    {
        return server.process();
    }

    HttpResponse<String> get(final String pathAndQuery) throws IOException
    {
        try
        {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    /** The HTTP status, 0 while nothing answers. */
    int status(final String pathAndQuery)
    {
        try
        {
            return get(pathAndQuery).statusCode();
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    JsonNode json(final String pathAndQuery) throws IOException
    {
        return JSON.readTree(get(pathAndQuery).body());
    }

    String logText() throws IOException
    {
        return Files.readString(log);
    }

    /** Polls every 100 ms; fails with the node's log when the condition stays false past the deadline. */
    void await(final String what, final long timeoutMs, final BooleanSupplier condition) throws IOException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0 || !server.alive())
            {
                assertTrue(condition.getAsBoolean(), what + " (alive: " + server.alive() + ")\n" + logText());
                return;
            }
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close()
    {
        server.close();
    }
}
