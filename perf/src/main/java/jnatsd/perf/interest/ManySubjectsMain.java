package jnatsd.perf.interest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * {@code jnatsd-perf many-subjects}: one run against {@code --url}, or several servers launched side by side
 * ({@code --server}, repeated) in alternating order, with medians and ratios against the first server.
 * Exit codes: 0 done, 1 a run failed or lost messages, 2 bad usage.
 */
public final class ManySubjectsMain
{
    private ManySubjectsMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    public static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length > 0 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            out.print(ManySubjectsOptions.USAGE);
            return 0;
        }
        final ManySubjectsOptions options;
        try
        {
            options = ManySubjectsOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("jnatsd-perf many-subjects: " + ex.getMessage());
            err.print(ManySubjectsOptions.USAGE);
            return 2;
        }
        try
        {
            final PrintStream progress = options.progress() ? err : null;
            if (options.servers().isEmpty())
            {
                final ManySubjectsResult r = new ManySubjectsRun(options, progress).run(options.url(), options.pid());
                out.println(options.url() + "  " + r.summary());
                return r.errors().isEmpty() && r.lost() == 0 ? 0 : 1;
            }
            return sideBySide(options, out, progress);
        }
        catch (final IOException ex)
        {
            err.println("jnatsd-perf many-subjects: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("jnatsd-perf many-subjects: interrupted");
            return 1;
        }
    }

    private static int sideBySide(final ManySubjectsOptions options, final PrintStream out, final PrintStream progress)
        throws IOException, InterruptedException
    {
        final Map<String, List<ManySubjectsResult>> results = new LinkedHashMap<>();
        options.servers().forEach(s -> results.put(s, new ArrayList<>()));
        final Path logs = Files.createTempDirectory("many-subjects-");
        out.printf(Locale.ROOT, "# many-subjects: %,d subscriptions (%d%% wildcards) on %d connections, %d B, "
            + "%.1f s measured after %.1f s, window %,d, %d runs; JNATSD_JAVA_OPTS=%s; logs in %s%n",
            options.subscriptions(), options.wildcardPercent(), options.connections(), options.sizeBytes(),
            options.durationNs() / 1e9, options.warmupNs() / 1e9, options.window(), options.runs(),
            System.getenv().getOrDefault("JNATSD_JAVA_OPTS", ""), logs);
        boolean ok = true;
        for (int run = 0; run < options.runs(); run++)
        {
            final List<String> order = new ArrayList<>(options.servers());
            if (run % 2 == 1)
            {
                Collections.reverse(order);
            }
            for (final String command : order)
            {
                final Path log = logs.resolve("run" + run + "-" + results.keySet().stream().toList().indexOf(command)
                    + ".log");
                try (LaunchedServer server = LaunchedServer.start(command, log))
                {
                    final ManySubjectsResult r = new ManySubjectsRun(options, progress).run(server.url(), server.pid());
                    results.get(command).add(r);
                    ok &= r.errors().isEmpty() && r.lost() == 0;
                    out.printf(Locale.ROOT, "run %d  %-28s %s%n", run + 1, command, r.summary());
                }
                catch (final IOException ex)
                {
                    // One server failing (e.g. out of memory) must not hide the others' results.
                    ok = false;
                    out.printf(Locale.ROOT, "run %d  %-28s FAILED: %s (server log %s)%n", run + 1, command,
                        ex.getMessage(), log);
                }
            }
        }
        printSummary(out, results);
        return ok ? 0 : 1;
    }

    private static void printSummary(final PrintStream out, final Map<String, List<ManySubjectsResult>> results)
    {
        final List<String> servers = new ArrayList<>(results.keySet());
        for (int i = 0; i < servers.size(); i++)
        {
            out.printf(Locale.ROOT, "# server %d: %s (%d runs)%n", i + 1, servers.get(i),
                results.get(servers.get(i)).size());
        }
        out.printf(Locale.ROOT, "%-30s", "median");
        for (int i = 0; i < servers.size(); i++)
        {
            out.printf(Locale.ROOT, " %14s", "server " + (i + 1));
        }
        for (int i = 1; i < servers.size(); i++)
        {
            out.printf(Locale.ROOT, " %10s", (i + 1) + "/1");
        }
        out.println();
        row(out, results, "RSS before subscribing (MB)", r -> r.rssStartBytes() / 1048576.0);
        row(out, results, "RSS with subscriptions (MB)", r -> r.rssSubscribedBytes() / 1048576.0);
        row(out, results, "RSS after publishing (MB)", r -> r.rssEndBytes() / 1048576.0);
        row(out, results, "RSS growth by SUBs (MB)", r -> (r.rssSubscribedBytes() - r.rssStartBytes()) / 1048576.0);
        row(out, results, "subscribe rate (subs/s)", ManySubjectsResult::subscribePerSecond);
        row(out, results, "published (msg/s)", ManySubjectsResult::publishedPerSecond);
        row(out, results, "delivered (msg/s)", ManySubjectsResult::deliveredPerSecond);
        row(out, results, "server CPU (ns/delivery)", ManySubjectsResult::serverCpuNsPerDelivery);
    }

    private static void row(final PrintStream out, final Map<String, List<ManySubjectsResult>> results,
        final String label, final ToDoubleFunction<ManySubjectsResult> metric)
    {
        out.printf(Locale.ROOT, "%-30s", label);
        final List<Double> medians = new ArrayList<>();
        for (final List<ManySubjectsResult> rs : results.values())
        {
            final double m = median(rs.stream().mapToDouble(metric).sorted().toArray());
            medians.add(m);
            out.printf(Locale.ROOT, " %,14.1f", m);
        }
        for (int i = 1; i < medians.size(); i++)
        {
            out.printf(Locale.ROOT, " %10.3f", medians.get(0) == 0 ? Double.NaN : medians.get(i) / medians.get(0));
        }
        out.println();
    }

    private static double median(final double[] sorted)
    {
        if (sorted.length == 0)
        {
            return Double.NaN;
        }
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
