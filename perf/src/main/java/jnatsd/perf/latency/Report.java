package jnatsd.perf.latency;

import java.util.List;
import java.util.Locale;

import jnatsd.perf.PerfOptions;
import jnatsd.perf.PerfResult;
import jnatsd.perf.client.NatsUrl;

import org.HdrHistogram.Histogram;

/** Formats a {@link PerfResult} as the text summary printed on stdout and saved beside the .hgrm. */
public final class Report
{
    private static final double[] PERCENTILES = {50.0, 90.0, 99.0, 99.9, 99.99};

    private Report()
    {
    }

    public static String summary(final PerfResult result)
    {
        final PerfOptions o = result.options();
        final StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format(Locale.ROOT, "jnatsd-perf %s  url=%s%s%n", o.scenario().label(), urls(o.urls()),
            o.subUrls().equals(o.urls()) ? "" : "  sub-url=" + urls(o.subUrls())));
        sb.append(String.format(Locale.ROOT,
            "  size %d B  rate %s  publishers %d  subscribers %d  duration %.1f s  warmup %.1f s%s%n",
            o.sizeBytes(), o.rate() > 0 ? o.rate() + " msg/s (open loop)" : "max (as fast as possible)",
            o.publishers(), o.subscribers(), o.durationNs() / 1e9, o.warmupNs() / 1e9,
            o.maxMessages() > 0 ? "  messages " + o.maxMessages() : ""));
        sb.append(String.format(Locale.ROOT, "  sent      %,12d  %,12.0f msg/s%n", result.sent(),
            result.sentPerSecond()));
        sb.append(String.format(Locale.ROOT, "  received  %,12d  %,12.0f msg/s   expected %,d  lost %,d%n",
            result.received(), result.receivedPerSecond(), result.expected(), result.lost()));
        final Histogram h = result.latency();
        if (h == null)
        {
            sb.append("  latency   not measured (payload < 8 B has no room for the send timestamp)\n");
        }
        else
        {
            sb.append(String.format(Locale.ROOT, "  latency µs (%s, %,d samples):%n", o.scenario().label()
                .equals("request-reply") ? "round trip" : "receive − intended send", h.getTotalCount()));
            sb.append("   ");
            for (final double p : PERCENTILES)
            {
                sb.append(String.format(Locale.ROOT, " p%s %.1f ", trim(p), h.getValueAtPercentile(p) / 1000.0));
            }
            sb.append(String.format(Locale.ROOT, " max %.1f  mean %.1f%n", h.getMaxValue() / 1000.0,
                h.getMean() / 1000.0));
        }
        for (final String warning : result.warnings())
        {
            sb.append("  note: ").append(warning).append('\n');
        }
        for (final String error : result.errors())
        {
            sb.append("  ERROR: ").append(error).append('\n');
        }
        if (result.hgrmFile() != null)
        {
            sb.append("  files: ").append(result.hgrmFile()).append(", ").append(result.plotFile()).append('\n');
        }
        return sb.toString();
    }

    private static String urls(final List<NatsUrl> list)
    {
        final StringBuilder sb = new StringBuilder();
        for (final NatsUrl url : list)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(url);
        }
        return sb.toString();
    }

    private static String trim(final double p)
    {
        return p == Math.rint(p) ? Long.toString((long)p) : Double.toString(p);
    }
}
