package jnatsd.perf.load;

import java.util.concurrent.atomic.AtomicLong;

import jnatsd.perf.PerfOptions;
import jnatsd.perf.client.RawNatsConnection;
import jnatsd.perf.latency.LatencyStats;

/**
 * Receives the load on its connection's reader thread: counts each message and, when the payload carries the
 * intended send time, records {@code receive time - intended send time}. Publishers and subscribers live in one
 * JVM, so both times come from the same {@link System#nanoTime()} clock.
 */
final class Subscriber implements RawNatsConnection.MessageHandler
{
    private final LatencyStats latency;
    private final boolean recordLatency;
    /** Single writer: the reader thread. */
    private final AtomicLong received = new AtomicLong();
    private volatile long lastReceiveNs;
    private final AtomicLong probes = new AtomicLong();

    Subscriber(final LatencyStats latency, final boolean recordLatency)
    {
        this.latency = latency;
        this.recordLatency = recordLatency;
    }

    @Override
    public void onMessage(final RawNatsConnection connection, final byte[] buffer, final int subjectOffset,
        final int subjectLength, final int replyOffset, final int replyLength, final int payloadOffset,
        final int payloadLength)
    {
        final long nowNs = System.nanoTime();
        if (recordLatency && payloadLength >= PerfOptions.TIMESTAMP_BYTES)
        {
            latency.record(nowNs - Stamp.get(buffer, payloadOffset));
        }
        lastReceiveNs = nowNs;
        received.lazySet(received.get() + 1);
    }

    long received()
    {
        return received.get();
    }

    long lastReceiveNs()
    {
        return lastReceiveNs;
    }

    /** Handler for the readiness-probe subject: counts probes, records nothing. */
    RawNatsConnection.MessageHandler probeHandler()
    {
        return (connection, buffer, so, sl, ro, rl, po, pl) -> probes.lazySet(probes.get() + 1);
    }

    boolean probed()
    {
        return probes.get() > 0;
    }
}
