package jnatsd.server.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;

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
    private ServerProcess process;
    private int starts;
    /** More top-level config (an accounts block), before the cluster block. */
    private String top = "";

    private ClusterNode(final ServerProcess.Kind kind, final String name, final List<Integer> routes,
        final String extraCluster) throws IOException
    {
        this.kind = kind;
        this.name = name;
        this.clientPort = FreePort.next();
        this.routePort = FreePort.next();
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

    /** Adds top-level config text (before start). */
    ClusterNode withTop(final String text)
    {
        this.top = text;
        return this;
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
        sb.append(top);
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
        starts++;
        // A short start-up warm-up keeps restarts quick on the 2-core test machine.
        process = ServerProcess.builder(kind).dir(dir).port(clientPort).config(config())
            .jvmOptions(List.of("-Djnatsd.warmup.messages=2000")).flags("-D").start();
        return this;
    }

    /** SIGKILL, no shutdown. */
    void kill9() throws InterruptedException
    {
        process.kill9();
    }

    /** Everything this node printed, over all its starts. */
    String log()
    {
        return process == null ? "" : process.log();
    }

    @Override
    public void close()
    {
        if (process != null)
        {
            process.close();
        }
    }

    static void sleep(final long ms)
    {
        ServerProcess.sleep(ms);
    }
}
