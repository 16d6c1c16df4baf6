package jnatsd.server.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts on this machine: one network namespace per node, a veth pair per route (so one route can be cut
 * alone) and a veth pair from each namespace to the test JVM's namespace. Node {@code i} answers on
 * {@code 10.213.0.(i+1)} (an address on its loopback device), reachable from node {@code j} only over the j-i
 * link (namespaces do not forward) and from the test JVM over its host link. Needs root and iproute2; iptables
 * for packet loss. Every name carries {@code jnf} and the creating JVM's pid, so a later run removes what a
 * crashed run left (its pid is gone) without touching a concurrent run's hosts. Faults: a link down (a
 * partition, both directions), random packet loss on a link (iptables statistic match). This kernel has no
 * sch_netem, so no delay qdisc (docs/reliability.md); {@link #netemAvailable()} says whether it has one.
 */
final class NetLab implements AutoCloseable
{
    static final String PREFIX = "jnf";
    private static final long CMD_TIMEOUT_S = 20;

    private final String tag;
    private final int nodes;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> hostLinks = new ArrayList<>();
    private final Thread hook;

    private NetLab(final int nodes)
    {
        this.tag = PREFIX + ProcessHandle.current().pid();
        this.nodes = nodes;
        this.hook = new Thread(this::removeQuietly, "netlab-cleanup");
    }

    /** Removes leftovers of dead runs, then makes {@code nodes} namespaces in a full mesh of links. */
    static NetLab create(final int nodes) throws IOException
    {
        requireTools();
        removeLeftovers();
        final NetLab lab = new NetLab(nodes);
        Runtime.getRuntime().addShutdownHook(lab.hook);
        try
        {
            lab.build();
        }
        catch (final IOException | RuntimeException ex)
        {
            lab.close();
            throw ex;
        }
        return lab;
    }

    /** Fails loudly (no skip): CI runs as root with iproute2 and iptables (.ci/run installs them). */
    static void requireTools() throws IOException
    {
        final Result id = run(List.of("id", "-u"));
        if (!"0".equals(id.out.trim()))
        {
            throw new IllegalStateException("network fault tests need root (ip netns); id -u = " + id.out.trim());
        }
        for (final String tool : List.of("ip", "iptables"))
        {
            if (run(List.of("sh", "-c", "command -v " + tool)).code != 0)
            {
                throw new IllegalStateException(tool + " is missing: apt-get install iproute2 iptables");
            }
        }
    }

    String ns(final int i)
    {
        return tag + "-n" + i;
    }

    static String address(final int i)
    {
        return "10.213.0." + (i + 1);
    }

    /** The command prefix that runs a program inside node i's namespace. */
    List<String> exec(final int i)
    {
        return List.of("ip", "netns", "exec", ns(i));
    }

    /** The interface in node i's namespace that carries its route to node j. */
    private String link(final int i, final int j)
    {
        return tag + "l" + i + j;
    }

    private void build() throws IOException
    {
        for (int i = 0; i < nodes; i++)
        {
            must("ip", "netns", "add", ns(i));
            namespaces.add(ns(i));
            inNs(i, "ip", "link", "set", "lo", "up");
            inNs(i, "ip", "addr", "add", address(i) + "/32", "dev", "lo");
            // Host link: the test JVM reaches the node's address through it.
            final String host = tag + "h" + i;
            final String inner = tag + "x" + i;
            must("ip", "link", "add", host, "type", "veth", "peer", "name", inner);
            hostLinks.add(host);
            must("ip", "link", "set", inner, "netns", ns(i));
            must("ip", "addr", "add", hostAddress(i) + "/32", "dev", host);
            must("ip", "link", "set", host, "up");
            inNs(i, "ip", "link", "set", inner, "up");
            must("ip", "route", "add", address(i) + "/32", "dev", host, "src", hostAddress(i));
            inNs(i, "ip", "route", "add", hostAddress(i) + "/32", "dev", inner, "src", address(i));
        }
        for (int i = 0; i < nodes; i++)
        {
            for (int j = i + 1; j < nodes; j++)
            {
                must("ip", "link", "add", link(i, j), "type", "veth", "peer", "name", link(j, i));
                must("ip", "link", "set", link(i, j), "netns", ns(i));
                must("ip", "link", "set", link(j, i), "netns", ns(j));
                linkUp(i, j);
            }
        }
    }

    private static String hostAddress(final int i)
    {
        return "10.213.1." + (i + 1);
    }

    private void linkUp(final int i, final int j) throws IOException
    {
        inNs(i, "ip", "link", "set", link(i, j), "up");
        inNs(j, "ip", "link", "set", link(j, i), "up");
        // A link that went down lost its routes: add them again (replace, so a first start works the same).
        inNs(i, "ip", "route", "replace", address(j) + "/32", "dev", link(i, j), "src", address(i));
        inNs(j, "ip", "route", "replace", address(i) + "/32", "dev", link(j, i), "src", address(j));
    }

    /** Cuts the route between nodes i and j (both directions): the link goes down on both ends. */
    void partition(final int i, final int j) throws IOException
    {
        inNs(i, "ip", "link", "set", link(i, j), "down");
        inNs(j, "ip", "link", "set", link(j, i), "down");
    }

    /** Undoes {@link #partition}. */
    void heal(final int i, final int j) throws IOException
    {
        linkUp(i, j);
    }

    /** Drops incoming packets at random on both ends of the i-j link, with the given probability (0..1). */
    void loss(final int i, final int j, final double probability) throws IOException
    {
        final String p = String.format(Locale.ROOT, "%.4f", probability);
        inNs(i, "iptables", "-A", "INPUT", "-i", link(i, j), "-m", "statistic", "--mode", "random",
            "--probability", p, "-j", "DROP");
        inNs(j, "iptables", "-A", "INPUT", "-i", link(j, i), "-m", "statistic", "--mode", "random",
            "--probability", p, "-j", "DROP");
    }

    /** Removes the loss rules of both namespaces. */
    void clearLoss(final int i, final int j) throws IOException
    {
        inNs(i, "iptables", "-F", "INPUT");
        inNs(j, "iptables", "-F", "INPUT");
    }

    /** Packets node i dropped on its i-j link by the loss rule (iptables counters), to show the loss happened. */
    long dropped(final int i) throws IOException
    {
        final Result r = run(List.of("ip", "netns", "exec", ns(i), "iptables", "-L", "INPUT", "-v", "-n", "-x"));
        long sum = 0;
        for (final String line : r.out.split("\n"))
        {
            final String[] f = line.trim().split("\\s+");
            if (f.length > 3 && "DROP".equals(f[2]))
            {
                sum += Long.parseLong(f[0]);
            }
        }
        return sum;
    }

    /** Whether this kernel has the netem qdisc (it has no modules directory here, so modprobe cannot add it). */
    boolean netemAvailable() throws IOException
    {
        final String dev = link(0, 1);
        final Result r = run(List.of("ip", "netns", "exec", ns(0), "tc", "qdisc", "add", "dev", dev, "root",
            "netem", "delay", "1ms"));
        if (r.code == 0)
        {
            run(List.of("ip", "netns", "exec", ns(0), "tc", "qdisc", "del", "dev", dev, "root"));
            return true;
        }
        return false;
    }

    private void inNs(final int i, final String... cmd) throws IOException
    {
        final List<String> full = new ArrayList<>(exec(i));
        full.addAll(List.of(cmd));
        must(full.toArray(new String[0]));
    }

    private static void must(final String... cmd) throws IOException
    {
        final Result r = run(List.of(cmd));
        if (r.code != 0)
        {
            throw new IOException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.out);
        }
    }

    @Override
    public void close()
    {
        removeQuietly();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // already shutting down: the hook is running this
        }
    }

    private synchronized void removeQuietly()
    {
        // Deleting a namespace deletes the veth ends inside it, and with them their peers.
        for (final String n : namespaces)
        {
            quiet(List.of("ip", "netns", "del", n));
        }
        for (final String h : hostLinks)
        {
            quiet(List.of("ip", "link", "del", h));
        }
        namespaces.clear();
        hostLinks.clear();
    }

    /** Namespaces and host links named jnf&lt;pid&gt; whose pid is no longer alive. */
    static void removeLeftovers() throws IOException
    {
        for (final String line : run(List.of("ip", "netns", "list")).out.split("\n"))
        {
            final String name = line.trim().split("\\s+")[0];
            if (name.startsWith(PREFIX) && !ownerAlive(name))
            {
                quiet(List.of("ip", "netns", "del", name));
            }
        }
        for (final String line : run(List.of("ip", "-o", "link", "show")).out.split("\n"))
        {
            final String[] f = line.split(":\\s+");
            if (f.length > 1)
            {
                final String name = f[1].split("@")[0];
                if (name.startsWith(PREFIX) && !ownerAlive(name))
                {
                    quiet(List.of("ip", "link", "del", name));
                }
            }
        }
    }

    private static boolean ownerAlive(final String name)
    {
        int end = PREFIX.length();
        while (end < name.length() && Character.isDigit(name.charAt(end)))
        {
            end++;
        }
        if (end == PREFIX.length())
        {
            return false;
        }
        final long pid = Long.parseLong(name.substring(PREFIX.length(), end));
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static void quiet(final List<String> cmd)
    {
        try
        {
            run(cmd);
        }
        catch (final IOException ex)
        {
            // best effort: a later run removes it by its prefix
        }
    }

    record Result(int code, String out)
    {
    }

    static Result run(final List<String> cmd) throws IOException
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            if (!p.waitFor(CMD_TIMEOUT_S, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                throw new IOException(cmd + " took more than " + CMD_TIMEOUT_S + " s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(cmd + " interrupted");
        }
        return new Result(p.exitValue(), out);
    }
}
