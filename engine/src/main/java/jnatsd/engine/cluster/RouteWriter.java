package jnatsd.engine.cluster;

import java.nio.charset.StandardCharsets;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Encodes the route protocol of nats-server 2.9 into a route's outbound queue; every line names its account
 * ({@link Account#GLOBAL_NAME} "$G" on a server without accounts):
 * <pre>
 * RS+ acc subject [queue weight]\r\n             RS- acc subject [queue]\r\n
 * RMSG acc subject [reply] size\r\n payload\r\n
 * RMSG acc subject + reply q1 q2 size\r\n ...    (queues named, with reply)
 * RMSG acc subject | q1 q2 size\r\n ...          (queues named, no reply)
 * HMSG acc subject [reply | + reply qs | | qs] hdr total\r\n headers payload\r\n
 * </pre>
 * Engine thread only.
 */
public final class RouteWriter
{
    private static final byte[] RS_PLUS = prefix("RS+");
    private static final byte[] RS_MINUS = prefix("RS-");
    private static final byte[] RMSG = prefix("RMSG");
    private static final byte[] HMSG = prefix("HMSG");

    private final ExpandableArrayBuffer line = new ExpandableArrayBuffer(512);

    void sub(final Outbound o, final Account account, final byte[] subject, final byte[] queue, final int weight)
    {
        int p = account(put(0, RS_PLUS), account);
        p = put(p, subject);
        if (queue != null)
        {
            line.putByte(p++, (byte)' ');
            p = put(p, queue);
            line.putByte(p++, (byte)' ');
            p += line.putIntAscii(p, weight);
        }
        p = crlf(p);
        o.put(line, 0, p);
    }

    void unsub(final Outbound o, final Account account, final byte[] subject, final byte[] queue)
    {
        int p = account(put(0, RS_MINUS), account);
        p = put(p, subject);
        if (queue != null)
        {
            line.putByte(p++, (byte)' ');
            p = put(p, queue);
        }
        p = crlf(p);
        o.put(line, 0, p);
    }

    /** Writes one RMSG/HMSG of a local message; returns the bytes written. */
    int message(final Outbound o, final boolean peerHeaders, final Account account, final InboundEvent e,
        final byte[][] queues, final int queueCount)
    {
        final DirectBuffer src = e.buffer;
        final int hdr = e.headerLength;
        final boolean withHeaders = hdr > 0 && peerHeaders;
        final int bodyOffset = withHeaders || hdr == 0 ? e.payloadOffset : e.payloadOffset + hdr;
        final int bodyLength = withHeaders || hdr == 0 ? e.payloadLength : e.payloadLength - hdr;
        int p = account(put(0, withHeaders ? HMSG : RMSG), account);
        line.putBytes(p, src, e.subjectOffset, e.subjectLength);
        p += e.subjectLength;
        line.putByte(p++, (byte)' ');
        if (queueCount > 0)
        {
            if (e.replyLength > 0)
            {
                line.putByte(p++, (byte)'+');
                line.putByte(p++, (byte)' ');
                line.putBytes(p, src, e.replyOffset, e.replyLength);
                p += e.replyLength;
                line.putByte(p++, (byte)' ');
            }
            else
            {
                line.putByte(p++, (byte)'|');
                line.putByte(p++, (byte)' ');
            }
            for (int i = 0; i < queueCount; i++)
            {
                p = put(p, queues[i]);
                line.putByte(p++, (byte)' ');
            }
        }
        else if (e.replyLength > 0)
        {
            line.putBytes(p, src, e.replyOffset, e.replyLength);
            p += e.replyLength;
            line.putByte(p++, (byte)' ');
        }
        if (withHeaders)
        {
            p += line.putIntAscii(p, hdr);
            line.putByte(p++, (byte)' ');
        }
        p += line.putIntAscii(p, bodyLength);
        p = crlf(p);
        o.put(line, 0, p);
        // The payload is followed by the CRLF the parser checked: copy both at once.
        o.put(src, bodyOffset, bodyLength + 2);
        return p + bodyLength + 2;
    }

    /** "OP ": the operation, then the account. */
    private static byte[] prefix(final String op)
    {
        return (op + ' ').getBytes(StandardCharsets.US_ASCII);
    }

    /** "acc " at p. */
    private int account(final int p, final Account account)
    {
        final int n = account.putName(line, p);
        line.putByte(p + n, (byte)' ');
        return p + n + 1;
    }

    private int put(final int p, final byte[] bytes)
    {
        line.putBytes(p, bytes);
        return p + bytes.length;
    }

    private int crlf(final int p)
    {
        line.putByte(p, (byte)'\r');
        line.putByte(p + 1, (byte)'\n');
        return p + 2;
    }
}
