package jnatsd.perf.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import jnatsd.perf.client.RawNatsConnection;
import jnatsd.perf.latency.LatencyStats;

/**
 * One synchronous requester, as an application calling {@code request()} in a loop: one request in flight, each
 * with its own reply subject {@code <inbox>.<seq>} so a reply that arrives after its timeout is never mistaken for
 * the next one. Round-trip time is measured from just before the PUB to the reply's arrival on the reader thread.
 * <p>
 * At a fixed rate the requester means to start one request every period. Because it is closed-loop, a slow reply
 * delays the following requests; {@link LatencyStats#recordWithExpectedInterval} back-fills the samples those
 * missed slots would have seen (the Disruptor's ping-pong test does the same). At rate 0 requests go back to back
 * and plain round-trip times are recorded.
 */
final class Requester implements RawNatsConnection.MessageHandler
{
    private static final long SPIN_NS = 20_000;
    private static final long PARK_NS = 20_000;

    private final RawNatsConnection connection;
    private final byte[] subject;
    private final byte[] payload;
    private final byte[] replySubject;
    private final int replyPrefixLength;
    private final double periodNs;
    private final long offsetNs;
    private final long timeoutNs;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private long nextSeq;

    // Hand-off from the reader thread to the requesting thread.
    private volatile long awaitedSeq = -1;
    private volatile long repliedSeq = -1;
    private volatile long replyNs;
    private volatile Thread waiter;

    Requester(final RawNatsConnection connection, final String subject, final String inboxPrefix,
        final int sizeBytes, final double ratePerRequester, final long offsetNs, final long timeoutNs)
    {
        this.connection = connection;
        this.subject = subject.getBytes(StandardCharsets.US_ASCII);
        this.payload = new byte[sizeBytes];
        final byte[] prefix = (inboxPrefix + ".").getBytes(StandardCharsets.US_ASCII);
        this.replySubject = Arrays.copyOf(prefix, prefix.length + 20);
        this.replyPrefixLength = prefix.length;
        this.periodNs = ratePerRequester > 0 ? 1e9 / ratePerRequester : 0;
        this.offsetNs = offsetNs;
        this.timeoutNs = timeoutNs;
    }

    @Override
    public void onMessage(final RawNatsConnection conn, final byte[] buffer, final int subjectOffset,
        final int subjectLength, final int replyOffset, final int replyLength, final int payloadOffset,
        final int payloadLength)
    {
        final long nowNs = System.nanoTime();
        long seq = 0;
        int i = subjectOffset + subjectLength - 1;
        long scale = 1;
        while (i >= subjectOffset && buffer[i] >= '0' && buffer[i] <= '9')
        {
            seq += (buffer[i--] - '0') * scale;
            scale *= 10;
        }
        if (seq == awaitedSeq)
        {
            replyNs = nowNs;
            repliedSeq = seq;
            LockSupport.unpark(waiter);
        }
    }

    long sent()
    {
        return sent.get();
    }

    long received()
    {
        return received.get();
    }

    /** Runs requests from {@code startNs} until {@code endNs} or {@code maxRequests} (0 = no limit). */
    void run(final long startNs, final long endNs, final long maxRequests, final LatencyStats latency)
        throws IOException
    {
        waiter = Thread.currentThread();
        sent.set(0);
        received.set(0);
        final long limit = maxRequests > 0 ? maxRequests : Long.MAX_VALUE;
        long nextNs = startNs + offsetNs;
        long count = 0;
        while (count < limit)
        {
            if (periodNs > 0)
            {
                if (nextNs - endNs >= 0)
                {
                    break;
                }
                Pacer.awaitNanoTime(nextNs);
            }
            else if (System.nanoTime() - endNs >= 0)
            {
                break;
            }
            final long seq = nextSeq++;
            final int replyLength = putSeq(seq);
            awaitedSeq = seq;
            final long sendNs = System.nanoTime();
            connection.publish(subject, 0, subject.length, replySubject, 0, replyLength, payload, 0, payload.length);
            connection.flush();
            sent.lazySet(++count);
            if (awaitReply(seq, sendNs))
            {
                final long rttNs = replyNs - sendNs;
                if (periodNs > 0)
                {
                    latency.recordWithExpectedInterval(rttNs, (long)periodNs);
                }
                else
                {
                    latency.record(rttNs);
                }
                received.lazySet(received.get() + 1);
            }
            if (periodNs > 0)
            {
                nextNs += (long)periodNs;
                final long nowNs = System.nanoTime();
                if (nextNs - nowNs < 0)
                {
                    nextNs = nowNs;
                }
            }
        }
    }

    private boolean awaitReply(final long seq, final long sendNs)
    {
        long nowNs;
        while (repliedSeq != seq)
        {
            nowNs = System.nanoTime();
            if (nowNs - sendNs > timeoutNs || connection.failure() != null)
            {
                return false;
            }
            if (nowNs - sendNs < SPIN_NS)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(PARK_NS);
            }
        }
        return true;
    }

    private int putSeq(final long seq)
    {
        int digits = 1;
        for (long v = seq; v >= 10; v /= 10)
        {
            digits++;
        }
        long v = seq;
        for (int i = replyPrefixLength + digits - 1; i >= replyPrefixLength; i--)
        {
            replySubject[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return replyPrefixLength + digits;
    }
}
