package jnatsd.perf;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import jnatsd.perf.client.NatsUrl;

/**
 * Immutable options of one run, parsed and validated in one pass.
 *
 * @param rate         total offered rate in msgs/s over all publishers (requests/s for request-reply); 0 = as fast
 *                     as possible (closed loop, no intended schedule)
 * @param maxMessages  stop after this many measured messages (total over publishers); 0 = only the duration counts
 */
public record PerfOptions(
    Scenario scenario,
    List<NatsUrl> urls,
    List<NatsUrl> subUrls,
    int sizeBytes,
    long rate,
    long durationNs,
    long warmupNs,
    long maxMessages,
    int publishers,
    int subscribers,
    Path outDir,
    String subject,
    boolean progress,
    long replyTimeoutNs)
{
    public static final int MAX_SIZE_BYTES = 64 * 1024;
    /** A latency timestamp (the intended send time, nanoTime) needs this many payload bytes. */
    public static final int TIMESTAMP_BYTES = 8;

    public static final String USAGE = """
        Usage: jnatsd-perf <scenario> [options]
          scenarios: one-to-one | fan-out | fan-in | queue | request-reply | cross-node
                     (and many-subjects, with its own options: jnatsd-perf many-subjects --help)
          --url URL[,URL..]      server(s) for publishers (and subscribers)     default nats://127.0.0.1:4222
          --sub-url URL[,URL..]  server(s) for subscribers (cross-node: required)
          --size BYTES           payload 0..64KB, e.g. 0, 64, 1k, 64KB           default 64
          --rate MSGS_PER_S      total open-loop rate; 0 = as fast as possible    default 10000
          --duration TIME        measured time, e.g. 10, 10s, 500ms, 1m          default 10s
          --warmup TIME          load before measuring, then reset              default 2s
          --messages N           stop after N measured messages (0 = no limit)  default 0
          --publishers N         publishers (fan-in) or requesters              default per scenario
          --subscribers N        subscribers (fan-out, queue, cross-node) or responders
          --out DIR              where the .hgrm, .png and .txt go              default perf-results
          --subject S            subject to use                                 default perf.<random>
          --reply-timeout TIME   request-reply: a reply later than this is lost  default 2s
          --quiet                no progress line on stderr
        """;

    public boolean measuresLatency()
    {
        return scenario == Scenario.REQUEST_REPLY || sizeBytes >= TIMESTAMP_BYTES;
    }

    /** File name stem of this run's outputs, e.g. {@code fan-out-64B-r10000-p1s4}. */
    public String fileStem()
    {
        return scenario.label() + "-" + sizeBytes + "B-" + (rate > 0 ? "r" + rate : "max") + "-p" + publishers
            + "s" + subscribers;
    }

    public static PerfOptions parse(final String... args)
    {
        Scenario scenario = null;
        String url = "nats://127.0.0.1:4222";
        String subUrl = null;
        int size = 64;
        long rate = 10_000;
        long durationNs = 10_000_000_000L;
        long warmupNs = 2_000_000_000L;
        long messages = 0;
        int publishers = -1;
        int subscribers = -1;
        Path out = Path.of("perf-results");
        String subject = "perf." + Long.toHexString(System.nanoTime() & 0xFFFFFFFFL);
        boolean progress = true;
        long replyTimeoutNs = 2_000_000_000L;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--"))
            {
                if (scenario != null)
                {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "'");
                }
                scenario = Scenario.fromLabel(arg);
                continue;
            }
            if ("--quiet".equals(arg))
            {
                progress = false;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--scenario" -> scenario = Scenario.fromLabel(value);
                case "--url" -> url = value;
                case "--sub-url" -> subUrl = value;
                case "--size" -> size = parseSize(value);
                case "--rate" -> rate = parseCount(arg, value);
                case "--duration" -> durationNs = parseTimeNs(arg, value);
                case "--warmup" -> warmupNs = parseTimeNs(arg, value);
                case "--messages" -> messages = parseCount(arg, value);
                case "--publishers" -> publishers = (int)parseCount(arg, value);
                case "--subscribers" -> subscribers = (int)parseCount(arg, value);
                case "--out" -> out = Path.of(value);
                case "--subject" -> subject = value;
                case "--reply-timeout" -> replyTimeoutNs = parseTimeNs(arg, value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (scenario == null)
        {
            throw new IllegalArgumentException("no scenario given; one of: " + Scenario.labels());
        }
        publishers = publishers < 0 ? scenario.defaultPublishers() : publishers;
        subscribers = subscribers < 0 ? scenario.defaultSubscribers() : subscribers;
        return validate(new PerfOptions(scenario, NatsUrl.parseList(url),
            subUrl == null ? NatsUrl.parseList(url) : NatsUrl.parseList(subUrl), size, rate, durationNs, warmupNs,
            messages, publishers, subscribers, out, subject, progress, replyTimeoutNs), subUrl != null);
    }

    private static PerfOptions validate(final PerfOptions options, final boolean subUrlGiven)
    {
        final Scenario scenario = options.scenario;
        if (options.publishers < 1 || options.subscribers < 1)
        {
            throw new IllegalArgumentException("--publishers and --subscribers must be at least 1");
        }
        if (scenario == Scenario.ONE_TO_ONE && (options.publishers != 1 || options.subscribers != 1))
        {
            throw new IllegalArgumentException("one-to-one is 1 publisher and 1 subscriber; use fan-out or fan-in");
        }
        if (scenario == Scenario.FAN_OUT && options.publishers != 1)
        {
            throw new IllegalArgumentException("fan-out has one publisher; use --subscribers N");
        }
        if (scenario == Scenario.FAN_IN && options.subscribers != 1)
        {
            throw new IllegalArgumentException("fan-in has one subscriber; use --publishers N");
        }
        if (scenario == Scenario.CROSS_NODE && !subUrlGiven)
        {
            throw new IllegalArgumentException("cross-node needs --sub-url (the node the subscribers use)");
        }
        if (options.durationNs <= 0 && options.maxMessages <= 0)
        {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (scenario == Scenario.REQUEST_REPLY && options.replyTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("--reply-timeout must be positive");
        }
        return options;
    }

    /** Bytes: {@code 64}, {@code 1k}, {@code 1KB}, {@code 64KB} (KB = 1024 B); 0..64 KB. */
    static int parseSize(final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        final long size;
        if (v.endsWith("kb") || v.endsWith("k"))
        {
            size = 1024L * Long.parseLong(v.substring(0, v.length() - (v.endsWith("kb") ? 2 : 1)));
        }
        else
        {
            size = Long.parseLong(v.endsWith("b") ? v.substring(0, v.length() - 1) : v);
        }
        if (size < 0 || size > MAX_SIZE_BYTES)
        {
            throw new IllegalArgumentException("--size must be 0..64KB, was " + value);
        }
        return (int)size;
    }

    /** Time: plain seconds ({@code 2}, {@code 0.5}) or with a unit: {@code ms}, {@code s}, {@code m}. */
    static long parseTimeNs(final String option, final String value)
    {
        final String v = value.trim().toLowerCase(Locale.ROOT);
        final double seconds;
        if (v.endsWith("ms"))
        {
            seconds = Double.parseDouble(v.substring(0, v.length() - 2)) / 1000.0;
        }
        else if (v.endsWith("s"))
        {
            seconds = Double.parseDouble(v.substring(0, v.length() - 1));
        }
        else if (v.endsWith("m"))
        {
            seconds = Double.parseDouble(v.substring(0, v.length() - 1)) * 60.0;
        }
        else
        {
            seconds = Double.parseDouble(v);
        }
        if (seconds < 0)
        {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return (long)(seconds * 1e9);
    }

    private static long parseCount(final String option, final String value)
    {
        final long count = Long.parseLong(value.trim().replace("_", ""));
        if (count < 0)
        {
            throw new IllegalArgumentException(option + " must not be negative");
        }
        return count;
    }
}
