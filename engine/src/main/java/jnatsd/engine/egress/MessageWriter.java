package jnatsd.engine.egress;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnatsd.engine.event.InboundEvent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes MSG and HMSG into an outbound queue. The header line is written in place into reserved space; the
 * payload (with the CRLF that follows it in the read buffer, which the parser checked) is copied once.
 * <pre>
 * MSG  subject sid [reply] size\r\n payload\r\n
 * HMSG subject sid [reply] hdr total\r\n headers payload\r\n
 * </pre>
 */
public final class MessageWriter
{
    private static final byte[] NO_RESPONDERS = "16 16\r\nNATS/1.0 503\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int NUMBER_ROOM = 24;
    /** "MSG " and CRLF as little-endian words, written with one store each. */
    private static final int MSG_SPACE = 'M' | 'S' << 8 | 'G' << 16 | ' ' << 24;
    private static final short CRLF = (short)('\r' | '\n' << 8);

    /** Returns the number of bytes written. */
    public int writeMessage(final Outbound o, final boolean peerHeaders, final InboundEvent e, final byte[] sid)
    {
        final DirectBuffer src = e.buffer;
        final int hdr = e.headerLength;
        final boolean withHeaders = hdr > 0 && peerHeaders;
        // A client that did not announce headers gets the body only, as a MSG (nats-server strips them).
        final int bodyOffset = withHeaders || hdr == 0 ? e.payloadOffset : e.payloadOffset + hdr;
        final int bodyLength = withHeaders || hdr == 0 ? e.payloadLength : e.payloadLength - hdr;

        final int max = 6 + e.subjectLength + 1 + sid.length + 1 + e.replyLength + NUMBER_ROOM * 2;
        // Small messages go in one reserved run (header, payload, CRLF): one space check, one commit.
        final int whole = max + bodyLength + 2;
        final boolean inline = whole <= o.chunkBytes();
        o.reserve(inline ? whole : max);
        final UnsafeBuffer out = o.reservedBuffer();
        final int start = o.reservedOffset();
        int p = start;
        if (withHeaders)
        {
            out.putByte(p++, (byte)'H');
        }
        out.putInt(p, MSG_SPACE, ByteOrder.LITTLE_ENDIAN);
        p += 4;
        out.putBytes(p, src, e.subjectOffset, e.subjectLength);
        p += e.subjectLength;
        out.putByte(p++, (byte)' ');
        out.putBytes(p, sid);
        p += sid.length;
        out.putByte(p++, (byte)' ');
        if (e.replyLength > 0)
        {
            out.putBytes(p, src, e.replyOffset, e.replyLength);
            p += e.replyLength;
            out.putByte(p++, (byte)' ');
        }
        if (withHeaders)
        {
            p += out.putNaturalIntAscii(p, hdr);
            out.putByte(p++, (byte)' ');
        }
        p += out.putNaturalIntAscii(p, bodyLength);
        out.putShort(p, CRLF, ByteOrder.LITTLE_ENDIAN);
        p += 2;
        final int headerLength = p - start;
        if (inline)
        {
            out.putBytes(p, src, bodyOffset, bodyLength + 2);
            o.commit(headerLength + bodyLength + 2);
        }
        else
        {
            o.commit(headerLength);
            o.put(src, bodyOffset, bodyLength + 2);
        }
        return headerLength + bodyLength + 2;
    }

    /** The 503 status nats-server sends to a requestor's own inbox subscription when nobody answers. */
    public void writeNoResponders(
        final Outbound o, final DirectBuffer src, final int replyOffset, final int replyLength, final byte[] sid)
    {
        o.reserve(6 + replyLength + 1 + sid.length + 1);
        final UnsafeBuffer out = o.reservedBuffer();
        final int start = o.reservedOffset();
        int p = start;
        out.putByte(p++, (byte)'H');
        out.putByte(p++, (byte)'M');
        out.putByte(p++, (byte)'S');
        out.putByte(p++, (byte)'G');
        out.putByte(p++, (byte)' ');
        out.putBytes(p, src, replyOffset, replyLength);
        p += replyLength;
        out.putByte(p++, (byte)' ');
        out.putBytes(p, sid);
        p += sid.length;
        out.putByte(p++, (byte)' ');
        o.commit(p - start);
        o.put(NO_RESPONDERS);
    }
}
