package jnatsd.transport.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jnatsd.transport.protocol.ProtocolError;
import jnatsd.transport.protocol.ProtocolListener;
import jnatsd.transport.protocol.ProtocolParser;
import org.agrona.DirectBuffer;

/**
 * Fuzz listener: records every callback as a line of text and checks, on each one, what the parser promises. Every
 * (offset, length) lies inside the bytes given to the current parse, tokens are non-empty and hold no blank, sizes
 * are within the limits, the payload is followed by CRLF, the error is one nats-server has for this connection kind
 * and nothing is reported after it. Can refuse one callback (back-pressure).
 */
final class CheckingListener implements ProtocolListener
{
    private static final Set<ProtocolError> CLIENT_ERRORS = EnumSet.complementOf(EnumSet.of(
        ProtocolError.REMOTE_SUB_ARGUMENTS, ProtocolError.REMOTE_UNSUB_ARGUMENTS, ProtocolError.ROUTED_MSG_ARGUMENTS,
        ProtocolError.ROUTED_MSG_REPLY_INDICATOR, ProtocolError.ROUTED_MSG_HEADER_SIZE, ProtocolError.ROUTED_MSG_SIZE,
        ProtocolError.ROUTED_MSG_HEADER_TOO_BIG));
    private static final Set<ProtocolError> ROUTE_ERRORS = EnumSet.complementOf(EnumSet.of(
        ProtocolError.MAX_CONTROL_LINE, ProtocolError.MAX_PAYLOAD, ProtocolError.AUTHORIZATION_VIOLATION,
        ProtocolError.SUB_ARGUMENTS, ProtocolError.UNSUB_ARGUMENTS));

    final List<String> events = new ArrayList<>();
    private final ProtocolParser.Kind kind;
    private final int maxPayloadBytes;
    private final boolean connectFirst;
    /** The callback number (refused ones count) to refuse once; -1 never. */
    int refuseAtCall = -1;
    private int calls;
    private boolean failed;
    private boolean connected;
    private int from;
    private int to;

    CheckingListener(final ProtocolParser.Kind kind, final int maxPayloadBytes, final boolean connectFirst)
    {
        this.kind = kind;
        this.maxPayloadBytes = maxPayloadBytes;
        this.connectFirst = connectFirst;
    }

    /** The bytes of the parse about to run: [from, to). */
    void window(final int from, final int to)
    {
        this.from = from;
        this.to = to;
    }

    boolean failed()
    {
        return failed;
    }

    private void inside(final int offset, final int length, final String what)
    {
        if (length < 0 || offset < from || (long)offset + length > to)
        {
            throw new AssertionError(what + " [" + offset + ", +" + length + ") outside [" + from + ", " + to + ")");
        }
    }

    private void token(final DirectBuffer buffer, final int offset, final int length, final String what)
    {
        if (length == 0)
        {
            throw new AssertionError("empty " + what);
        }
        inside(offset, length, what);
        for (int i = offset; i < offset + length; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == ' ' || b == '\t')
            {
                throw new AssertionError(what + " holds a blank: " + text(buffer, offset, length));
            }
        }
    }

    private void optionalToken(final DirectBuffer buffer, final int offset, final int length, final String what)
    {
        if (length != 0)
        {
            token(buffer, offset, length, what);
        }
    }

    private void payload(final DirectBuffer buffer, final int offset, final int headerLength, final int total)
    {
        if (headerLength < 0 || headerLength > total)
        {
            throw new AssertionError("header " + headerLength + " of total " + total);
        }
        inside(offset, total + 2, "payload and CRLF");
        if (buffer.getByte(offset + total) != '\r' || buffer.getByte(offset + total + 1) != '\n')
        {
            throw new AssertionError("payload not followed by CRLF");
        }
    }

    private boolean record(final String event)
    {
        if (failed)
        {
            throw new AssertionError("callback after a protocol error: " + event);
        }
        if (connectFirst && !connected && !event.startsWith("CONNECT"))
        {
            throw new AssertionError("operation before CONNECT: " + event);
        }
        if (calls++ == refuseAtCall)
        {
            return false;
        }
        events.add(event);
        return true;
    }

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

    /** Long payloads as length and hash: the events are compared, not read. */
    private static String payloadText(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 64)
        {
            return text(buffer, offset, length);
        }
        int hash = 1;
        for (int i = offset; i < offset + length; i++)
        {
            hash = 31 * hash + buffer.getByte(i);
        }
        return "#" + length + ":" + Integer.toHexString(hash);
    }

    @Override
    public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        inside(jsonOffset, jsonLength, "CONNECT json");
        final boolean taken = record("CONNECT " + text(buffer, jsonOffset, jsonLength));
        connected |= taken;
        return taken;
    }

    @Override
    public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        inside(jsonOffset, jsonLength, "INFO json");
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
        token(buffer, subjectOffset, subjectLength, "subject");
        optionalToken(buffer, replyOffset, replyLength, "reply");
        payload(buffer, payloadOffset, headerLength, totalLength);
        if (kind == ProtocolParser.Kind.CLIENT && totalLength > maxPayloadBytes)
        {
            throw new AssertionError("payload " + totalLength + " over max_payload " + maxPayloadBytes);
        }
        return record("PUB s=" + text(buffer, subjectOffset, subjectLength) + " r=" +
            text(buffer, replyOffset, replyLength) + " h=" + headerLength + " p=" +
            payloadText(buffer, payloadOffset, totalLength));
    }

    @Override
    public boolean onSub(
        final DirectBuffer buffer,
        final int subjectOffset, final int subjectLength,
        final int queueOffset, final int queueLength,
        final int sidOffset, final int sidLength)
    {
        if (kind != ProtocolParser.Kind.CLIENT)
        {
            throw new AssertionError("SUB on a route");
        }
        token(buffer, subjectOffset, subjectLength, "subject");
        optionalToken(buffer, queueOffset, queueLength, "queue");
        token(buffer, sidOffset, sidLength, "sid");
        return record("SUB s=" + text(buffer, subjectOffset, subjectLength) + " q=" +
            text(buffer, queueOffset, queueLength) + " sid=" + text(buffer, sidOffset, sidLength));
    }

    @Override
    public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength, final long maxMessages)
    {
        if (kind != ProtocolParser.Kind.CLIENT)
        {
            throw new AssertionError("UNSUB on a route");
        }
        token(buffer, sidOffset, sidLength, "sid");
        if (maxMessages < -1 || maxMessages > 999_999_999L)
        {
            throw new AssertionError("max " + maxMessages);
        }
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
        inside(textOffset, textLength, "-ERR text");
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
        routeOnly("RS+");
        token(buffer, accountOffset, accountLength, "account");
        token(buffer, subjectOffset, subjectLength, "subject");
        optionalToken(buffer, queueOffset, queueLength, "queue");
        if (weight < -1 || (queueLength == 0 && weight != 0))
        {
            throw new AssertionError("weight " + weight);
        }
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
        routeOnly("RS-");
        token(buffer, accountOffset, accountLength, "account");
        token(buffer, subjectOffset, subjectLength, "subject");
        optionalToken(buffer, queueOffset, queueLength, "queue");
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
        routeOnly("RMSG");
        token(buffer, accountOffset, accountLength, "account");
        token(buffer, subjectOffset, subjectLength, "subject");
        optionalToken(buffer, replyOffset, replyLength, "reply");
        if (queuesLength != 0)
        {
            // Queue names: non-empty, blank-separated, at both ends a name (never a separator).
            inside(queuesOffset, queuesLength, "queues");
            final byte first = buffer.getByte(queuesOffset);
            final byte last = buffer.getByte(queuesOffset + queuesLength - 1);
            if (first == ' ' || first == '\t' || last == ' ' || last == '\t')
            {
                throw new AssertionError("queues start or end with a blank");
            }
        }
        payload(buffer, payloadOffset, headerLength, totalLength);
        return record("RMSG a=" + text(buffer, accountOffset, accountLength) + " s=" +
            text(buffer, subjectOffset, subjectLength) + " r=" + text(buffer, replyOffset, replyLength) +
            " qs=" + text(buffer, queuesOffset, queuesLength) + " h=" + headerLength + " p=" +
            payloadText(buffer, payloadOffset, totalLength));
    }

    private void routeOnly(final String what)
    {
        if (kind != ProtocolParser.Kind.ROUTE)
        {
            throw new AssertionError(what + " on a client connection");
        }
    }

    @Override
    public void onProtocolError(
        final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
    {
        if (failed)
        {
            throw new AssertionError("second protocol error " + error);
        }
        if (snippetLength > ProtocolParser.SNIPPET_BYTES)
        {
            throw new AssertionError("snippet of " + snippetLength + " bytes");
        }
        inside(snippetOffset, snippetLength, "snippet");
        final Set<ProtocolError> legal = kind == ProtocolParser.Kind.CLIENT ? CLIENT_ERRORS : ROUTE_ERRORS;
        if (!legal.contains(error))
        {
            throw new AssertionError(error + " on a " + kind + " connection");
        }
        if (error == ProtocolError.AUTHORIZATION_VIOLATION && (!connectFirst || connected))
        {
            throw new AssertionError("authorization violation without the CONNECT-first rule");
        }
        failed = true;
        // The snippet depends on where the read ended; the kind of error must not.
        events.add("ERROR " + error.name());
    }
}
