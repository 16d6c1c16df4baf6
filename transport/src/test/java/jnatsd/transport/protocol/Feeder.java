package jnatsd.transport.protocol;

import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Simulates a connection that follows the parse contract: it appends each read after the bytes the parser left
 * unconsumed, parses from the start of them, and drops what was consumed. Data sits at a non-zero offset so the
 * parser is exercised with offsets. Checks the return value on every call.
 */
final class Feeder
{
    static final int LEAD = 3;

    final ProtocolParser parser;
    final RecordingListener listener;
    private byte[] bytes = new byte[64];
    private int length;
    boolean failed;
    int maxPending = -1;

    Feeder(final ProtocolParser.Kind kind, final int maxControlLine, final int maxPayload)
    {
        listener = new RecordingListener();
        parser = new ProtocolParser(kind, listener, maxControlLine, maxPayload);
    }

    Feeder(final ProtocolParser.Kind kind)
    {
        this(kind, 4096, 1024 * 1024);
    }

    /** Appends input[from, to) and parses. */
    void read(final byte[] input, final int from, final int to)
    {
        if (failed)
        {
            return;
        }
        final int add = to - from;
        if (LEAD + length + add > bytes.length)
        {
            final byte[] grown = new byte[Math.max(bytes.length * 2, LEAD + length + add)];
            System.arraycopy(bytes, LEAD, grown, LEAD, length);
            bytes = grown;
        }
        System.arraycopy(input, from, bytes, LEAD + length, add);
        length += add;
        final int consumed = parser.parse(new UnsafeBuffer(bytes), LEAD, length);
        if (consumed == -1)
        {
            failed = true;
            return;
        }
        if (consumed < 0 || consumed > length)
        {
            throw new AssertionError("parse returned " + consumed + " for " + length + " bytes");
        }
        maxPending = Math.max(maxPending, parser.pendingOperationLength());
        System.arraycopy(bytes, LEAD + consumed, bytes, LEAD, length - consumed);
        length -= consumed;
    }

    int unconsumed()
    {
        return length;
    }

    static List<String> whole(final ProtocolParser.Kind kind, final byte[] input)
    {
        final Feeder feeder = new Feeder(kind);
        feeder.read(input, 0, input.length);
        return feeder.listener.events;
    }

    static List<String> byteAtATime(final ProtocolParser.Kind kind, final byte[] input)
    {
        final Feeder feeder = new Feeder(kind);
        for (int i = 0; i < input.length; i++)
        {
            feeder.read(input, i, i + 1);
        }
        return feeder.listener.events;
    }

    static List<String> cutAt(final ProtocolParser.Kind kind, final byte[] input, final int cut)
    {
        final Feeder feeder = new Feeder(kind);
        feeder.read(input, 0, cut);
        feeder.read(input, cut, input.length);
        return feeder.listener.events;
    }
}
