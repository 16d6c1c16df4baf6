package jnatsd.perf.latency;

import java.io.PrintStream;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * Samples the latency recorder once a second and, unless quiet, prints one line to stderr:
 * elapsed time, sent and received so far, and the p99 of the last second. Owns {@link LatencyStats} sampling while
 * it runs; after {@link #close()} the caller owns it again.
 */
public final class ProgressReporter implements AutoCloseable
{
    private static final long PERIOD_MS = 1000;

    private final LatencyStats latency;
    private final LongSupplier sent;
    private final LongSupplier received;
    private final PrintStream out;
    private final boolean latencyMeasured;
    private final long startNs;
    private final Thread thread;
    private volatile boolean running = true;

    public ProgressReporter(final LatencyStats latency, final LongSupplier sent, final LongSupplier received,
        final PrintStream out, final boolean latencyMeasured)
    {
        this.latency = latency;
        this.sent = sent;
        this.received = received;
        this.out = out;
        this.latencyMeasured = latencyMeasured;
        this.startNs = System.nanoTime();
        this.thread = new Thread(this::loop, "perf-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop()
    {
        long nextMs = PERIOD_MS;
        while (running)
        {
            final long sleepMs = nextMs - (System.nanoTime() - startNs) / 1_000_000;
            if (sleepMs > 0)
            {
                try
                {
                    Thread.sleep(sleepMs);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
            if (!running)
            {
                return;
            }
            final Histogram interval = latency.sampleInterval();
            if (out != null)
            {
                final String p99 = latencyMeasured && interval.getTotalCount() > 0
                    ? String.format("%.1f µs", interval.getValueAtPercentile(99.0) / 1000.0) : "n/a";
                out.printf("[jnatsd-perf] %5.1fs  sent %,d  received %,d  p99(last 1s) %s%n",
                    (System.nanoTime() - startNs) / 1e9, sent.getAsLong(), received.getAsLong(), p99);
            }
            nextMs += PERIOD_MS;
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
