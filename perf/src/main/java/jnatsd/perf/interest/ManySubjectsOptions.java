package jnatsd.perf.interest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Options of the many-subjects run, parsed and validated in one pass.
 *
 * @param servers server commands to launch side by side (nats-server's flags; {@code -a 127.0.0.1 -p PORT} is
 *                appended); empty means use {@code url} (and {@code pid}, if known, for memory and CPU)
 * @param window  most deliveries the publisher lets be outstanding (published, not yet received)
 */
public record ManySubjectsOptions(
    int subscriptions,
    int wildcardPercent,
    int connections,
    int sizeBytes,
    long durationNs,
    long warmupNs,
    int window,
    String url,
    long pid,
    List<String> servers,
    int runs,
    boolean progress)
{
    public static final String USAGE = """
        Usage: jnatsd-perf many-subjects [options]
          One publisher into a large interest set: subscribes --subscriptions subjects (--wildcard-percent of them
          with '*' or '>') over --connections subscriber connections with pipelined SUBs and a PING barrier, then
          publishes to random literal subjects of the set for --duration while the subscribers read. Reports the
          server's VmRSS before and after subscribing, delivered msg/s and server CPU per delivery.
          --server CMD           launch CMD (repeatable; e.g. nats-server, /tmp/stable/jnatsd); runs alternate and the
                                 summary gives medians and ratios against the first --server
          --runs N               runs per server (with --server)                 default 3
          --url URL              an already running server instead of --server   default nats://127.0.0.1:4222
          --pid PID              its process id, for VmRSS and CPU (with --url)
          --subscriptions N      total subscriptions, e.g. 10000, 1m             default 1m
          --wildcard-percent P   share with '*' or '>' (half each)               default 10
          --connections N        subscriber connections                          default 4
          --size BYTES           payload                                         default 16
          --duration TIME        measured publish time, e.g. 10s, 500ms          default 10s
          --warmup TIME          publish before measuring                        default 2s
          --window N             most deliveries in flight                       default 50000
          --quiet                no progress on stderr
        """;

    public static ManySubjectsOptions parse(final String... args)
    {
        int subscriptions = 1_000_000;
        int wildcardPercent = 10;
        int connections = 4;
        int size = 16;
        long durationNs = 10_000_000_000L;
        long warmupNs = 2_000_000_000L;
        int window = 50_000;
        String url = "nats://127.0.0.1:4222";
        long pid = -1;
        final List<String> servers = new ArrayList<>();
        int runs = 3;
        boolean progress = true;
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            if ("--quiet".equals(a))
            {
                progress = false;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for " + a);
            }
            final String v = args[++i];
            switch (a)
            {
                case "--server" -> servers.add(v);
                case "--runs" -> runs = (int)count(a, v, 1);
                case "--url" -> url = v;
                case "--pid" -> pid = count(a, v, 1);
                case "--subscriptions" -> subscriptions = (int)count(a, v, 1);
                case "--wildcard-percent" -> wildcardPercent = (int)count(a, v, 0);
                case "--connections" -> connections = (int)count(a, v, 1);
                case "--size" -> size = (int)count(a, v, 0);
                case "--duration" -> durationNs = timeNs(a, v);
                case "--warmup" -> warmupNs = timeNs(a, v);
                case "--window" -> window = (int)count(a, v, 1);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (wildcardPercent > 90)
        {
            throw new IllegalArgumentException("--wildcard-percent must be at most 90");
        }
        if (size > 64 * 1024)
        {
            throw new IllegalArgumentException("--size must be at most 64KB");
        }
        return new ManySubjectsOptions(subscriptions, wildcardPercent, connections, size, durationNs, warmupNs, window,
            url, pid, List.copyOf(servers), runs, progress);
    }

    /** An integer with an optional k/m suffix (powers of 1000; "kb" is 1024 for sizes). */
    static long count(final String option, final String value, final long min)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = v;
        if (v.endsWith("kb"))
        {
            multiplier = 1024;
            digits = v.substring(0, v.length() - 2);
        }
        else if (v.endsWith("k"))
        {
            multiplier = 1000;
            digits = v.substring(0, v.length() - 1);
        }
        else if (v.endsWith("m"))
        {
            multiplier = 1_000_000;
            digits = v.substring(0, v.length() - 1);
        }
        try
        {
            final long n = Long.parseLong(digits.replace("_", "").replace(",", "")) * multiplier;
            if (n < min || n > Integer.MAX_VALUE)
            {
                throw new IllegalArgumentException(option + " out of range: " + value);
            }
            return n;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad number for " + option + ": " + value, ex);
        }
    }

    /** {@code 10} (seconds), {@code 10s}, {@code 500ms}, {@code 1m}. */
    static long timeNs(final String option, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        try
        {
            if (v.endsWith("ms"))
            {
                return Long.parseLong(v.substring(0, v.length() - 2)) * 1_000_000L;
            }
            if (v.endsWith("s"))
            {
                return Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9);
            }
            if (v.endsWith("m"))
            {
                return Long.parseLong(v.substring(0, v.length() - 1)) * 60_000_000_000L;
            }
            return Math.round(Double.parseDouble(v) * 1e9);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("bad time for " + option + ": " + value, ex);
        }
    }
}
