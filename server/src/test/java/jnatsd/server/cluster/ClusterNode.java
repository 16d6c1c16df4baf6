package jnatsd.server.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnatsd.server.it.ServerProcess;

/**
 * One cluster member as a real process (jnatsd or nats-server) on fixed loopback ports, so it can be killed with
 * SIGKILL and restarted on the same ports. Config: {@code cluster { name: C1, listen, routes }}.
 */
final class ClusterNode implements AutoCloseable
{
    final ServerProcess.Kind kind;
    final String name;
    final int clientPort;
    final int routePort;
    private final List<Integer> routes;
    private final String extraCluster;
    private final Path dir;
    private Process process;
    private int starts;

    private ClusterNode(final ServerProcess.Kind kind, final String name, final List<Integer> routes,
        final String extraCluster) throws IOException
    {
        this.kind = kind;
        this.name = name;
        this.clientPort = ServerProcess.freePort();
        this.routePort = ServerProcess.freePort();
        this.routes = routes;
        this.extraCluster = extraCluster;
        this.dir = Files.createTempDirectory("cluster-" + name);
    }

    /** A node that routes to the given nodes (none: it only listens). Not started. */
    static ClusterNode of(final ServerProcess.Kind kind, final String name, final ClusterNode... routesTo)
        throws IOException
    {
        final List<Integer> r = new ArrayList<>();
        for (final ClusterNode n : routesTo)
        {
            r.add(n.routePort);
        }
        return new ClusterNode(kind, name, r, "");
    }

    /** A node whose configured routes are given by port (for a full mesh configured up front). */
    static ClusterNode withRoutePorts(final ServerProcess.Kind kind, final String name, final String extraCluster)
        throws IOException
    {
        return new ClusterNode(kind, name, new ArrayList<>(), extraCluster);
    }

    void addRoute(final ClusterNode other)
    {
        routes.add(other.routePort);
    }

    String url()
    {
        return "nats://127.0.0.1:" + clientPort;
    }

    String config()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("server_name: ").append(name).append('\n');
        sb.append("cluster {\n  name: C1\n  listen: 127.0.0.1:").append(routePort).append('\n');
        if (!routes.isEmpty())
        {
            sb.append("  routes: [\n");
            for (final int p : routes)
            {
                sb.append("    nats-route://127.0.0.1:").append(p).append('\n');
            }
            sb.append("  ]\n");
        }
        sb.append(extraCluster).append("}\n");
        return sb.toString();
    }

    ClusterNode start() throws IOException
    {
        final Path conf = dir.resolve("server.conf");
        Files.writeString(conf, config());
        final List<String> cmd = new ArrayList<>(ServerProcess.command(kind));
        if (kind == ServerProcess.Kind.JNATSD)
        {
            // A short start-up warm-up keeps restarts quick on the 2-core test machine.
            cmd.add(1, "-Djnatsd.warmup.messages=2000");
        }
        cmd.addAll(List.of("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(clientPort), "-D"));
        starts++;
        process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile())).start();
        final long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end)
        {
            if (!process.isAlive())
            {
                throw new IOException(name + " exited: " + log());
            }
            if (answersInfo())
            {
                return this;
            }
            sleep(30);
        }
        throw new IOException(name + " did not start: " + log());
    }

    private boolean answersInfo()
    {
        try (Socket s = new Socket())
        {
            s.connect(new InetSocketAddress("127.0.0.1", clientPort), 300);
            s.setSoTimeout(2000);
            final InputStream in = s.getInputStream();
            final byte[] b = new byte[4];
            return in.readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("INFO");
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** SIGKILL, no shutdown. */
    void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    String log()
    {
        try
        {
            return Files.readString(dir.resolve("server.log"));
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    @Override
    public void close()
    {
        if (process == null)
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(final long ms)
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
