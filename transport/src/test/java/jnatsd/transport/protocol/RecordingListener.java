package jnatsd.transport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;

/** Test listener: renders every callback as one line of text; can refuse chosen callbacks (back-pressure). */
final class RecordingListener implements ProtocolListener
{
    final List<String> events = new ArrayList<>();
    /** The number of callbacks (counting refused ones) after which to refuse once; -1 never. */
    int refuseAtCall = -1;
    int calls;

    static String text(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == 0)
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String payload(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 64)
        {
            return text(buffer, offset, length);
        }
        int hash = 1;
        for (int i = 0; i < length; i++)
        {
            hash = 31 * hash + buffer.getByte(offset + i);
        }
        return "#" + length + ":" + Integer.toHexString(hash);
    }

    private boolean record(final String event)
    {
        if (calls++ == refuseAtCall)
        {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        return record("CONNECT " + text(buffer, jsonOffset, jsonLength));
    }

    @Override
    public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        return record("INFO " + text(buffer, jsonOffset, jsonLength));
    }

    @Override
    public boolean onPub(
        final DirectBuffer buffer,
        final int subjectOffset, final int subjectLength,
        final int replyOffset, final int replyLength,
        final int headerLength,
        final int payloadOffset, final int totalLength)
    {
        return record("PUB s=" + text(buffer, subjectOffset, subjectLength) + " r=" +
            text(buffer, replyOffset, replyLength) + " h=" + headerLength + " p=" +
            payload(buffer, payloadOffset, totalLength));
    }

    @Override
    public boolean onSub(
        final DirectBuffer buffer,
        final int subjectOffset, final int subjectLength,
        final int queueOffset, final int queueLength,
        final int sidOffset, final int sidLength)
    {
        return record("SUB s=" + text(buffer, subjectOffset, subjectLength) + " q=" +
            text(buffer, queueOffset, queueLength) + " sid=" + text(buffer, sidOffset, sidLength));
    }

    @Override
    public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength, final long maxMessages)
    {
        return record("UNSUB sid=" + text(buffer, sidOffset, sidLength) + " max=" + maxMessages);
    }

    @Override
    public boolean onPing()
    {
        return record("PING");
    }

    @Override
    public boolean onPong()
    {
        return record("PONG");
    }

    @Override
    public boolean onOk()
    {
        return record("+OK");
    }

    @Override
    public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
    {
        return record("-ERR " + text(buffer, textOffset, textLength));
    }

    @Override
    public boolean onRemoteSub(
        final DirectBuffer buffer,
        final int accountOffset, final int accountLength,
        final int subjectOffset, final int subjectLength,
        final int queueOffset, final int queueLength,
        final int weight)
    {
        return record("RS+ a=" + text(buffer, accountOffset, accountLength) + " s=" +
            text(buffer, subjectOffset, subjectLength) + " q=" + text(buffer, queueOffset, queueLength) +
            " w=" + weight);
    }

    @Override
    public boolean onRemoteUnsub(
        final DirectBuffer buffer,
        final int accountOffset, final int accountLength,
        final int subjectOffset, final int subjectLength,
        final int queueOffset, final int queueLength)
    {
        return record("RS- a=" + text(buffer, accountOffset, accountLength) + " s=" +
            text(buffer, subjectOffset, subjectLength) + " q=" + text(buffer, queueOffset, queueLength));
    }

    @Override
    public boolean onRoutedMessage(
        final DirectBuffer buffer,
        final int accountOffset, final int accountLength,
        final int subjectOffset, final int subjectLength,
        final int replyOffset, final int replyLength,
        final int queuesOffset, final int queuesLength,
        final int headerLength,
        final int payloadOffset, final int totalLength)
    {
        return record("RMSG a=" + text(buffer, accountOffset, accountLength) + " s=" +
            text(buffer, subjectOffset, subjectLength) + " r=" + text(buffer, replyOffset, replyLength) +
            " qs=" + text(buffer, queuesOffset, queuesLength) + " h=" + headerLength + " p=" +
            payload(buffer, payloadOffset, totalLength));
    }

    @Override
    public void onProtocolError(
        final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
    {
        if (snippetLength > ProtocolParser.SNIPPET_BYTES)
        {
            throw new AssertionError("snippet of " + snippetLength + " bytes");
        }
        events.add("ERROR " + error.name() + " " + text(buffer, snippetOffset, snippetLength));
    }
}
