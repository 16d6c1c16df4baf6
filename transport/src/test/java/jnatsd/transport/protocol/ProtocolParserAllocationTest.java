package jnatsd.transport.protocol;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hot path allocates nothing: a million operations after warm-up, measured by the thread's allocation counter. */
class ProtocolParserAllocationTest
{
    private static final int OPS_PER_BUFFER = 1000;

    /** Counts callbacks; allocates nothing. */
    static final class CountingListener implements ProtocolListener
    {
        long count;
        long bytes;

        @Override
        public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            count++;
            return true;
        }

        @Override
        public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            count++;
            return true;
        }

        @Override
        public boolean onPub(
            final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int replyOffset,
            final int replyLength, final int headerLength, final int payloadOffset, final int totalLength)
        {
            count++;
            bytes += totalLength + subjectLength;
            return true;
        }

        @Override
        public boolean onSub(
            final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int queueOffset,
            final int queueLength, final int sidOffset, final int sidLength)
        {
            count++;
            return true;
        }

        @Override
        public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength, final long max)
        {
            count++;
            return true;
        }

        @Override
        public boolean onPing()
        {
            count++;
            return true;
        }

        @Override
        public boolean onPong()
        {
            count++;
            return true;
        }

        @Override
        public boolean onOk()
        {
            count++;
            return true;
        }

        @Override
        public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
        {
            count++;
            return true;
        }

        @Override
        public boolean onRemoteSub(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int queueOffset, final int queueLength, final int weight)
        {
            count++;
            return true;
        }

        @Override
        public boolean onRemoteUnsub(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int queueOffset, final int queueLength)
        {
            count++;
            return true;
        }

        @Override
        public boolean onRoutedMessage(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int replyOffset, final int replyLength, final int queuesOffset,
            final int queuesLength, final int headerLength, final int payloadOffset, final int totalLength)
        {
            count++;
            bytes += totalLength;
            return true;
        }

        @Override
        public void onProtocolError(
            final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
        {
            throw new AssertionError(error);
        }
    }

    private static UnsafeBuffer repeat(final String ops, final int times)
    {
        return new UnsafeBuffer(ops.repeat(times).getBytes(StandardCharsets.ISO_8859_1));
    }

    private static long allocatedWhileParsing(
        final ProtocolParser parser, final UnsafeBuffer buffer, final int rounds)
    {
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final int length = buffer.capacity();
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < rounds; i++)
        {
            if (parser.parse(buffer, 0, length) != length)
            {
                throw new AssertionError("not all consumed");
            }
        }
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    @Test
    void shouldNotAllocateWhileParsingASteadyStreamOfPubs()
    {
        final CountingListener listener = new CountingListener();
        final ProtocolParser parser = new ProtocolParser(ProtocolParser.Kind.CLIENT, listener, 4096, 1 << 20);
        final UnsafeBuffer pubs =
            repeat("PUB orders.eu.created _INBOX.abc 16\r\n0123456789abcdef\r\n", OPS_PER_BUFFER);
        final UnsafeBuffer mixed = repeat(
            "HPUB a.b 12 14\r\nNATS/1.0\r\n\r\nhi\r\nSUB a.> q 1\r\nUNSUB 1 5\r\nPING\r\npub x 0\r\n\r\n",
            OPS_PER_BUFFER);

        allocatedWhileParsing(parser, pubs, 2000);
        allocatedWhileParsing(parser, mixed, 400);
        listener.count = 0;

        final long allocated = allocatedWhileParsing(parser, pubs, 1000) + allocatedWhileParsing(parser, mixed, 200);
        assertEquals(1000L * OPS_PER_BUFFER + 200L * 5 * OPS_PER_BUFFER, listener.count);
        assertTrue(allocated < 2048, "allocated " + allocated + " bytes for 2M operations");
    }

    @Test
    void shouldNotAllocateWhileParsingRouteTraffic()
    {
        final CountingListener listener = new CountingListener();
        final ProtocolParser parser = new ProtocolParser(ProtocolParser.Kind.ROUTE, listener, 4096, 1 << 20);
        final UnsafeBuffer ops = repeat(
            "RMSG $G foo + _INBOX.x q1 q2 q3 q4 q5 q6 q7 q8 q9 2\r\nhi\r\nRS+ $G foo q 1\r\nRS- $G foo q\r\n" +
                "HMSG $G bar 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", OPS_PER_BUFFER);
        allocatedWhileParsing(parser, ops, 500);
        listener.count = 0;
        final long allocated = allocatedWhileParsing(parser, ops, 250);
        assertEquals(250L * 4 * OPS_PER_BUFFER, listener.count);
        assertTrue(allocated < 2048, "allocated " + allocated + " bytes for 1M operations");
    }
}
