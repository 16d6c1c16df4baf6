package jnatsd.server.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.ServerProcess;

/**
 * One cluster member as a real process (jnatsd or nats-server) with its client, route and monitoring ports on
 * a given address: a namespace of a {@link NetLab} (started with {@code ip netns exec}) or loopback. Restartable
 * on the same ports and directory; its log collects every start.
 */
final class FaultNode implements AutoCloseable
{
    private static final Pattern NUM_ROUTES = Pattern.compile("\"num_routes\":\\s*(\\d+)");

    final ServerProcess.Kind kind;
    final String name;
    final String host;
    final int clientPort;
    final int routePort;
    final int httpPort;
    private final List<String> prefix;
    private final List<String> routes = new ArrayList<>();
    private final Path dir;
    private String extra = "";
    private ServerProcess process;

    FaultNode(final ServerProcess.Kind kind, final String name, final String host, final int clientPort,
        final int routePort, final int httpPort, final List<String> prefix) throws IOException
    {
        this.kind = kind;
        this.name = name;
        this.host = host;
        this.clientPort = clientPort;
        this.routePort = routePort;
        this.httpPort = httpPort;
        this.prefix = List.copyOf(prefix);
        this.dir = Files.createTempDirectory("fault-" + name);
    }

    /** A route to another node (by its address and route port). */
    FaultNode routeTo(final FaultNode other)
    {
        routes.add("nats-route://" + other.host + ":" + other.routePort);
        return this;
    }

    /** A route to any URL (a proxy standing between this node and another). */
    FaultNode routeTo(final String url)
    {
        routes.add(url);
        return this;
    }

    /** More top-level configuration. */
    FaultNode extra(final String text)
    {
        this.extra = text;
        return this;
    }

    String url()
    {
        return "nats://" + host + ":" + clientPort;
    }

    String config()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("server_name: ").append(name).append('\n');
        sb.append("listen: \"").append(host).append(':').append(clientPort).append("\"\n");
        sb.append("http: \"").append(host).append(':').append(httpPort).append("\"\n");
        sb.append(extra);
        sb.append("cluster {\n  name: FAULTS\n  listen: \"").append(host).append(':').append(routePort)
            .append("\"\n  routes: [\n");
        for (final String r : routes)
        {
            sb.append("    ").append(r).append('\n');
        }
        sb.append("  ]\n}\n");
        return sb.toString();
    }

    FaultNode start() throws IOException
    {
        // A short start-up warm-up keeps (re)starts quick on the 2-core test machine.
        process = ServerProcess.builder(kind).dir(dir).config(config()).addressFromConfig().host(host)
            .port(clientPort).prefix(prefix).jvmOptions(List.of("-Djnatsd.warmup.messages=2000")).start();
        return this;
    }

    /** The server's pid: {@code ip netns exec} execs it, so it is the started process itself. */
    long pid()
    {
        return process.pid();
    }

    boolean alive()
    {
        return process != null && process.alive();
    }

    /** GET on the monitoring port; the body. */
    String http(final String path) throws IOException
    {
        final HttpURLConnection c = (HttpURLConnection)new URL("http://" + host + ":" + httpPort + path)
            .openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        finally
        {
            c.disconnect();
        }
    }

    /** /routez num_routes, or -1 when the monitoring port does not answer. */
    int routes()
    {
        try
        {
            final Matcher m = NUM_ROUTES.matcher(http("/routez"));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /** Waits until /routez shows n routes; returns whether it did. */
    boolean awaitRoutes(final int n, final long timeoutMs)
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end)
        {
            if (routes() == n)
            {
                return true;
            }
            ServerProcess.sleep(50);
        }
        return false;
    }

    String log()
    {
        return process != null ? process.log() : "";
    }

    /** Log lines that report an error ([ERR] or [FTL]), for "no error in the logs". */
    List<String> errorLines()
    {
        return process != null ? process.errorLines() : List.of();
    }

    void signal(final String sig) throws IOException, InterruptedException
    {
        process.signal(sig);
    }

    /** SIGKILL, no shutdown. */
    void kill9() throws InterruptedException
    {
        process.kill9();
    }

    boolean awaitExit(final long timeoutMs) throws InterruptedException
    {
        return process.awaitExit(timeoutMs);
    }

    @Override
    public void close()
    {
        if (process != null)
        {
            process.close();
        }
    }
}
