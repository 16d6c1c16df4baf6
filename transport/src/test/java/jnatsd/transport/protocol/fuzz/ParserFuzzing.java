package jnatsd.transport.protocol.fuzz;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import jnatsd.transport.protocol.ProtocolError;
import jnatsd.transport.protocol.ProtocolListener;
import jnatsd.transport.protocol.ProtocolParser;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The body of the parser fuzz targets. One input is fed whole, one byte at a time (in short reads when it is
 * longer than {@link #BYTEWISE_LIMIT}), cut once at {@link #MAX_CUTS} offsets and with a callback refused and
 * retried; every feed must give the same operations, and {@link CheckingListener}
 * checks each of them. A last pass parses the input with a listener that keeps nothing and checks that the parser
 * allocated nothing. Every feed is a full parse under coverage instrumentation, so the counts are kept small.
 */
final class ParserFuzzing
{
    /** Bytes before the data in every parse, so offsets are exercised. */
    static final int LEAD = 3;
    /**
     * Cuts per input. Byte-at-a-time feeding already puts a read boundary at every offset; a single cut adds a long
     * read after it (the fast paths). Every feed is a full parse under instrumentation, so fewer cuts buy runs.
     */
    static final int MAX_CUTS = 4;
    /** Inputs longer than this are fed in reads of length/BYTEWISE_LIMIT bytes instead of one byte at a time. */
    static final int BYTEWISE_LIMIT = 256;

    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private ParserFuzzing()
    {
    }

    /** Parser settings of one run. */
    record Limits(ProtocolParser.Kind kind, int maxControlLineBytes, int maxPayloadBytes, boolean connectFirst)
    {
    }

    /**
     * All the feeds: whole, one byte at a time, cut once at {@link #MAX_CUTS} offsets (evenly spread, the first
     * one picked by the input's hash, so the fuzzer's mutations move it over every offset), a callback refused.
     */
    static void check(final Limits limits, final byte[] input)
    {
        final List<String> whole = checkBytewise(limits, input);
        final int n = input.length;
        final int cuts = Math.min(n - 1, MAX_CUTS);
        final int first = n > 1 ? Math.floorMod(Arrays.hashCode(input), n - 1) : 0;
        for (int c = 0; c < cuts; c++)
        {
            final int cut = 1 + (int)((first + (long)c * (n - 1) / cuts) % (n - 1));
            assertEquals(whole, feed(limits, input, new int[] {cut, n}, -1), "cut at " + cut);
        }
        for (int refuse = 0; refuse < Math.min(2, whole.size()); refuse++)
        {
            assertEquals(whole, feed(limits, input, new int[] {n}, refuse), "refused call " + refuse);
        }
    }

    /** Whole and one byte at a time only (the cheaper check, for the other limits). */
    static List<String> checkBytewise(final Limits limits, final byte[] input)
    {
        final List<String> whole = feed(limits, input, new int[] {input.length}, -1);
        final int n = input.length;
        if (n > 1)
        {
            final int step = (n + BYTEWISE_LIMIT - 1) / BYTEWISE_LIMIT;
            final int[] reads = new int[(n + step - 1) / step];
            for (int i = 0; i < reads.length; i++)
            {
                reads[i] = Math.min(n, (i + 1) * step);
            }
            assertEquals(whole, feed(limits, input, reads, -1), "in reads of " + step);
        }
        assertNoAllocation(limits, input);
        return whole;
    }

    /**
     * Feeds input in reads that end at the given offsets, as a connection does: the unconsumed bytes stay and the
     * next read is appended to them. Each parse sees a view that ends exactly where its bytes end, so a read past
     * them throws. After the last read the remaining bytes are parsed once more (a refused operation is offered
     * again).
     */
    static List<String> feed(final Limits limits, final byte[] input, final int[] readEnds, final int refuseAtCall)
    {
        final CheckingListener listener =
            new CheckingListener(limits.kind(), limits.maxPayloadBytes(), limits.connectFirst());
        listener.refuseAtCall = refuseAtCall;
        final ProtocolParser parser = parser(limits, listener);
        // LEAD bytes before the input: the unconsumed bytes [consumed, readEnd) are always parsed at offset LEAD of
        // a view that starts LEAD bytes before them.
        final byte[] padded = new byte[LEAD + input.length];
        System.arraycopy(input, 0, padded, LEAD, input.length);
        final UnsafeBuffer view = new UnsafeBuffer(padded);
        int consumedTotal = 0;
        for (int r = 0; r <= readEnds.length && !listener.failed(); r++)
        {
            final int readEnd = r < readEnds.length ? readEnds[r] : input.length;
            final int length = readEnd - consumedTotal;
            view.wrap(padded, consumedTotal, LEAD + length);
            listener.window(LEAD, LEAD + length);
            final int consumed = parser.parse(view, LEAD, length);
            if (consumed == -1)
            {
                if (!listener.failed())
                {
                    throw new AssertionError("parse failed without reporting an error");
                }
                break;
            }
            if (listener.failed())
            {
                throw new AssertionError("error reported but parse returned " + consumed);
            }
            if (consumed < 0 || consumed > length)
            {
                throw new AssertionError("parse returned " + consumed + " for " + length + " bytes");
            }
            final int pendingLength = parser.pendingOperationLength();
            if (pendingLength != -1 && pendingLength <= length - consumed)
            {
                throw new AssertionError("pending operation of " + pendingLength + " bytes but " +
                    (length - consumed) + " unconsumed");
            }
            consumedTotal += consumed;
        }
        return listener.events;
    }

    private static ProtocolParser parser(final Limits limits, final ProtocolListener listener)
    {
        final ProtocolParser parser =
            new ProtocolParser(limits.kind(), listener, limits.maxControlLineBytes(), limits.maxPayloadBytes());
        parser.requireConnectFirst(limits.connectFirst());
        return parser;
    }

    /** The hot path must not allocate, whatever the bytes: parse them with a listener that keeps nothing. */
    private static void assertNoAllocation(final Limits limits, final byte[] input)
    {
        final ProtocolParser parser = parser(limits, new NullListener());
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        final long thread = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        // Twice: the first parse may load classes or deoptimise; a parser that allocates does so both times.
        for (int round = 0; round < 2 && allocated > 0; round++)
        {
            final long before = THREADS.getThreadAllocatedBytes(thread);
            parser.parse(buffer, 0, input.length);
            allocated = THREADS.getThreadAllocatedBytes(thread) - before;
            parser.requireConnectFirst(limits.connectFirst());
        }
        if (allocated > 0)
        {
            throw new AssertionError("parse allocated " + allocated + " bytes");
        }
    }

    /** Takes every operation and keeps nothing. */
    private static final class NullListener implements ProtocolListener
    {
        @Override
        public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            return true;
        }

        @Override
        public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            return true;
        }

        @Override
        public boolean onPub(
            final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int replyOffset,
            final int replyLength, final int headerLength, final int payloadOffset, final int totalLength)
        {
            return true;
        }

        @Override
        public boolean onSub(
            final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int queueOffset,
            final int queueLength, final int sidOffset, final int sidLength)
        {
            return true;
        }

        @Override
        public boolean onUnsub(
            final DirectBuffer buffer, final int sidOffset, final int sidLength, final long maxMessages)
        {
            return true;
        }

        @Override
        public boolean onPing()
        {
            return true;
        }

        @Override
        public boolean onPong()
        {
            return true;
        }

        @Override
        public boolean onOk()
        {
            return true;
        }

        @Override
        public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
        {
            return true;
        }

        @Override
        public boolean onRemoteSub(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int queueOffset, final int queueLength, final int weight)
        {
            return true;
        }

        @Override
        public boolean onRemoteUnsub(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int queueOffset, final int queueLength)
        {
            return true;
        }

        @Override
        public boolean onRoutedMessage(
            final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
            final int subjectLength, final int replyOffset, final int replyLength, final int queuesOffset,
            final int queuesLength, final int headerLength, final int payloadOffset, final int totalLength)
        {
            return true;
        }

        @Override
        public void onProtocolError(
            final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
        {
            // Nothing kept.
        }
    }
}
