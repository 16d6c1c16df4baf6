package jnatsd.perf.interest;

import java.util.List;
import java.util.Locale;

/**
 * What one many-subjects run measured. Memory and CPU figures are -1 when the server's pid was unknown.
 *
 * @param rssStartBytes      VmRSS after the server started, before any subscription
 * @param rssSubscribedBytes VmRSS once every SUB was acknowledged (PING barrier)
 * @param rssEndBytes        VmRSS after the publish phase
 * @param measuredNs         length of the measured publish phase
 * @param published          messages published in the measured phase
 * @param delivered          messages received by the subscribers in the measured phase
 * @param serverCpuNs        server CPU time (user + system) in the measured phase
 * @param expectedTotal      deliveries due for every message published (warm-up included)
 * @param receivedTotal      deliveries received after draining
 */
public record ManySubjectsResult(
    int subscriptions,
    long rssStartBytes,
    long rssSubscribedBytes,
    long rssEndBytes,
    long subscribeNs,
    long measuredNs,
    long published,
    long delivered,
    long serverCpuNs,
    long expectedTotal,
    long receivedTotal,
    List<String> errors)
{
    public double deliveredPerSecond()
    {
        return delivered * 1e9 / measuredNs;
    }

    public double publishedPerSecond()
    {
        return published * 1e9 / measuredNs;
    }

    public double subscribePerSecond()
    {
        return subscriptions * 1e9 / subscribeNs;
    }

    /** Server CPU ns per delivered message, or -1. */
    public double serverCpuNsPerDelivery()
    {
        return serverCpuNs < 0 || delivered == 0 ? -1 : (double)serverCpuNs / delivered;
    }

    public long lost()
    {
        return expectedTotal - receivedTotal;
    }

    public String summary()
    {
        return String.format(Locale.ROOT,
            "subs %,d in %.2f s (%,.0f/s)  RSS start %s  subscribed %s  end %s  | published %,.0f msg/s  "
                + "delivered %,.0f msg/s  server cpu %.0f ns/delivery  lost %,d%s",
            subscriptions, subscribeNs / 1e9, subscribePerSecond(), mb(rssStartBytes), mb(rssSubscribedBytes),
            mb(rssEndBytes), publishedPerSecond(), deliveredPerSecond(), serverCpuNsPerDelivery(), lost(),
            errors.isEmpty() ? "" : "  errors " + errors);
    }

    static String mb(final long bytes)
    {
        return bytes < 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
