package jnatsd.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import jnatsd.perf.PerfOptions;
import jnatsd.perf.client.RawNatsConnection;

/**
 * One publishing thread. Open loop at a fixed rate: message {@code i} has the intended send time
 * {@code start + offset + i * period} and is sent then, however late the previous one was; the intended time is
 * written into the first 8 payload bytes (when the payload has room), so receivers measure latency from it.
 * At rate 0 it sends as fast as the socket takes them and stamps the time at which each was written.
 * <p>
 * Output is flushed whenever the publisher is ahead of schedule, and otherwise when the write buffer fills, so a
 * publisher that fell behind catches up in batches (as a real client library would) instead of one syscall each.
 */
final class Publisher
{
    private final RawNatsConnection connection;
    private final byte[] subject;
    private final byte[] payload;
    private final double periodNs;
    private final long offsetNs;
    /** Messages sent in the current phase; single writer (the publishing thread). */
    private final AtomicLong sent = new AtomicLong();

    Publisher(final RawNatsConnection connection, final String subject, final int sizeBytes,
        final double ratePerPublisher, final long offsetNs)
    {
        this.connection = connection;
        this.subject = subject.getBytes(StandardCharsets.US_ASCII);
        this.payload = new byte[sizeBytes];
        this.periodNs = ratePerPublisher > 0 ? 1e9 / ratePerPublisher : 0;
        this.offsetNs = offsetNs;
    }

    long sent()
    {
        return sent.get();
    }

    /** Sends from {@code startNs} until {@code endNs} or {@code maxMessages} (0 = no limit); returns the count. */
    long run(final long startNs, final long endNs, final long maxMessages) throws IOException
    {
        sent.set(0);
        final boolean stamped = payload.length >= PerfOptions.TIMESTAMP_BYTES;
        final long limit = maxMessages > 0 ? maxMessages : Long.MAX_VALUE;
        long count = 0;
        while (count < limit)
        {
            final long intendedNs;
            if (periodNs > 0)
            {
                intendedNs = startNs + offsetNs + (long)(count * periodNs);
                if (intendedNs - endNs >= 0)
                {
                    break;
                }
                if (intendedNs - System.nanoTime() > 0)
                {
                    connection.flush();
                    Pacer.awaitNanoTime(intendedNs);
                }
            }
            else
            {
                intendedNs = System.nanoTime();
                if (intendedNs - endNs >= 0)
                {
                    break;
                }
            }
            if (stamped)
            {
                Stamp.put(payload, 0, intendedNs);
            }
            connection.publish(subject, payload, 0, payload.length);
            sent.lazySet(++count);
        }
        connection.flush();
        return count;
    }
}
