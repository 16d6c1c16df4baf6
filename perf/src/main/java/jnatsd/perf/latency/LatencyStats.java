package jnatsd.perf.latency;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency samples in nanoseconds, 3 significant digits. Any number of receiver threads record into a wait-free
 * {@link Recorder}; one sampling thread ({@link #sampleInterval()}) swaps out the interval histogram, adds it to the
 * run's total and can report the interval's percentiles.
 */
public final class LatencyStats
{
    private static final int SIGNIFICANT_DIGITS = 3;
    /** Values are clamped to one hour, so a corrupt timestamp cannot blow up the histogram. */
    private static final long MAX_VALUE_NS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
    // Owned by the sampling thread.
    private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
    private Histogram interval;

    /** Records one latency (any thread). */
    public void record(final long latencyNs)
    {
        recorder.recordValue(clamp(latencyNs));
    }

    /**
     * Records a round trip of a closed loop that meant to issue one request every {@code expectedIntervalNs}: a late
     * reply also back-fills the samples the loop could not take meanwhile (coordinated-omission correction).
     */
    public void recordWithExpectedInterval(final long latencyNs, final long expectedIntervalNs)
    {
        recorder.recordValueWithExpectedInterval(clamp(latencyNs), expectedIntervalNs);
    }

    /** Moves what was recorded since the last call into the total; returns that interval (valid until next call). */
    public Histogram sampleInterval()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return interval;
    }

    /** Drops everything recorded so far (end of warm-up). */
    public void reset()
    {
        interval = recorder.getIntervalHistogram(interval);
        total.reset();
    }

    /** The run's histogram so far; call {@link #sampleInterval()} first to include the latest samples. */
    public Histogram total()
    {
        return total;
    }

    private static long clamp(final long latencyNs)
    {
        return Math.max(0, Math.min(latencyNs, MAX_VALUE_NS));
    }
}
