package jnatsd.engine.status;

/**
 * A power-of-two latency histogram in nanoseconds: bucket k counts values in [2^(k-1), 2^k). One writer thread
 * (plain stores, two per record: cheap enough once per batch); readers copy it and may see a slightly stale view.
 */
public final class LatencyBuckets
{
    public static final int BUCKETS = 40;

    private final long[] counts = new long[BUCKETS];
    private long sumNs;

    /** Owner thread. */
    public void record(final long ns)
    {
        final int k = ns <= 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(ns));
        counts[k]++;
        sumNs += ns;
    }

    /** Upper bound of bucket k in nanoseconds (the last one is unbounded). */
    public static long upperBoundNs(final int k)
    {
        return 1L << k;
    }

    /** A copy of the per-bucket counts (not cumulative). */
    public long[] counts()
    {
        return counts.clone();
    }

    public long sumNs()
    {
        return sumNs;
    }
}
