package jnatsd.engine;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import jnatsd.engine.account.Account;
import jnatsd.engine.account.ResponseRoute;
import jnatsd.engine.account.ServiceImport;
import jnatsd.engine.account.StreamImport;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Messages crossing accounts through imports, as nats-server 2.9 does for configured accounts:
 * <ul>
 * <li>stream: a message the exporter's table matched to a shadow subscription, under the importer's subject;</li>
 * <li>service request: published in the importer on an imported subject, delivered in the exporter on the exported
 * one, its reply replaced by {@code _R_.xxxxxx.yyyyyy} (the exporter's reply prefix, announced to routes once);</li>
 * <li>service reply: published in the exporter on such a subject (locally or from a route), delivered once to the
 * original reply subject in the requester's account.</li>
 * </ul>
 * Derived messages are copied into scratch buffers (subject, reply, then payload): the cross-account path copies,
 * the ordinary one does not. Engine thread only; owned by {@link Delivery}.
 */
final class Imports
{
    private static final byte[] DIGITS =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);
    private static final int TOKEN = 6;

    private final Engine engine;
    private final Delivery delivery;
    /** One for stream mappings, one for services: a service message may reach a shadow, which maps it again. */
    private final Scratch stream = new Scratch();
    private final Scratch service = new Scratch();

    Imports(final Engine engine, final Delivery delivery)
    {
        this.engine = engine;
        this.delivery = delivery;
    }

    /** The message e under the importer's subject of a stream import (valid until the next stream mapping). */
    InboundEvent mapStream(final StreamImport im, final InboundEvent e)
    {
        final String subject = e.buffer.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength);
        final byte[] mapped = im.mapping().toImporter(subject).getBytes(StandardCharsets.US_ASCII);
        return stream.derive(e, mapped, e.buffer, e.replyOffset, e.replyLength, null);
    }

    /** A message published in {@code importer}: a request to an imported service, when its subject is one. */
    int request(final Session s, final Account importer, final InboundEvent e)
    {
        final ServiceImport si = importer.serviceImportFor(e.buffer, e.subjectOffset, e.subjectLength);
        if (si == null)
        {
            return 0;
        }
        final Account exporter = si.exporter();
        final byte[] subject;
        if (si.wildcard())
        {
            // SubjectMapping maps a subject of its first pattern onto its second: importer's onto exporter's.
            subject = si.mapping().toImporter(e.buffer.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength))
                .getBytes(StandardCharsets.US_ASCII);
        }
        else
        {
            subject = si.toBytes();
        }
        final byte[] header = requestInfoHeader(s, importer, e);
        InboundEvent d;
        if (e.replyLength > 0)
        {
            final byte[] original = new byte[e.replyLength];
            e.buffer.getBytes(e.replyOffset, original);
            final String reply = newReply(exporter);
            exporter.responses().put(reply, new ResponseRoute(importer, original, engine.nowNs));
            final UnsafeBuffer r = new UnsafeBuffer(reply.getBytes(StandardCharsets.US_ASCII));
            d = service.derive(e, subject, r, 0, r.capacity(), header);
        }
        else
        {
            d = service.derive(e, subject, e.buffer, 0, 0, header);
        }
        delivery.publishDerived(exporter, s, d);
        // The import is a subscriber of its own (nats-server's internal one): the requester has a responder.
        return 1;
    }

    /** A message published in {@code exporter}: a reply to an imported request, when its subject is one. */
    void response(final Session s, final Account exporter, final InboundEvent e)
    {
        final String prefix = exporter.replyPrefix();
        if (prefix == null || e.subjectLength != prefix.length() + TOKEN
            || !startsWith(e.buffer, e.subjectOffset, prefix))
        {
            return;
        }
        // Singleton responses, nats-server's default: the first reply consumes the mapping.
        final ResponseRoute route = exporter.responses()
            .remove(e.buffer.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength));
        if (route == null)
        {
            return;
        }
        final InboundEvent d = service.derive(e, route.reply(), e.buffer, 0, 0, null);
        delivery.publishDerived(route.requester(), s, d);
    }

    /**
     * The request's headers with nats-server's {@code Nats-Request-Info: {"acc":"B","rtt":<ns>}} appended (the
     * requester's account and round trip, for the responder), as its processServiceImport adds them; a request
     * without headers gets a header block of that one line.
     */
    private static byte[] requestInfoHeader(final Session s, final Account importer, final InboundEvent e)
    {
        final StringBuilder line = new StringBuilder(64).append("Nats-Request-Info: {\"acc\":\"")
            .append(importer.name()).append('"');
        if (s.rttNs > 0)
        {
            line.append(",\"rtt\":").append(s.rttNs);
        }
        line.append("}\r\n\r\n");
        final byte[] tail = line.toString().getBytes(StandardCharsets.UTF_8);
        // An existing block ends with an empty line: the new header goes before it.
        final int keep = e.headerLength > 0 ? e.headerLength - 2 : 0;
        final byte[] start = e.headerLength > 0 ? null : "NATS/1.0\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] out = new byte[(start == null ? keep : start.length) + tail.length];
        if (start == null)
        {
            e.buffer.getBytes(e.payloadOffset, out, 0, keep);
        }
        else
        {
            System.arraycopy(start, 0, out, 0, start.length);
        }
        System.arraycopy(tail, 0, out, out.length - tail.length, tail.length);
        return out;
    }

    /** A fresh reply subject under the exporter's prefix; the first one creates the prefix and its route interest. */
    private String newReply(final Account exporter)
    {
        String prefix = exporter.replyPrefix();
        if (prefix == null)
        {
            prefix = "_R_." + token() + ".";
            exporter.replyPrefix(prefix);
            engine.interconnect.localInterest(exporter, (prefix + ">").getBytes(StandardCharsets.US_ASCII), true);
        }
        return prefix + token();
    }

    private static String token()
    {
        final byte[] b = new byte[TOKEN];
        long x = ThreadLocalRandom.current().nextLong() >>> 1;
        for (int i = 0; i < TOKEN; i++)
        {
            b[i] = DIGITS[(int)(x % DIGITS.length)];
            x /= DIGITS.length;
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static boolean startsWith(final DirectBuffer buf, final int offset, final String prefix)
    {
        for (int i = 0; i < prefix.length(); i++)
        {
            if (buf.getByte(offset + i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** A reusable event over a reusable buffer: subject, then reply, then the payload and its CRLF. */
    private static final class Scratch
    {
        private final InboundEvent event = new InboundEvent();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

        /** header: the new header block replacing the message's (null: keep the message's own). */
        InboundEvent derive(final InboundEvent e, final byte[] subject, final DirectBuffer replySource,
            final int replyOffset, final int replyLength, final byte[] header)
        {
            final int headerLength = header == null ? e.headerLength : header.length;
            final int bodyOffset = e.payloadOffset + e.headerLength;
            final int bodyLength = e.payloadLength - e.headerLength;
            final int need = subject.length + replyLength + headerLength + bodyLength + 2;
            if (buffer.capacity() < need)
            {
                buffer.wrap(new byte[Math.max(need, buffer.capacity() * 2)]);
            }
            buffer.putBytes(0, subject);
            buffer.putBytes(subject.length, replySource, replyOffset, replyLength);
            final int payload = subject.length + replyLength;
            if (header == null)
            {
                buffer.putBytes(payload, e.buffer, e.payloadOffset, e.payloadLength + 2);
            }
            else
            {
                buffer.putBytes(payload, header);
                buffer.putBytes(payload + header.length, e.buffer, bodyOffset, bodyLength + 2);
            }
            final InboundEvent d = event;
            d.type = e.type;
            d.session = e.session;
            d.buffer = buffer;
            d.subjectOffset = 0;
            d.subjectLength = subject.length;
            d.replyOffset = subject.length;
            d.replyLength = replyLength;
            d.queueOffset = 0;
            d.queueLength = 0;
            d.headerLength = headerLength;
            d.payloadOffset = payload;
            d.payloadLength = headerLength + bodyLength;
            return d;
        }
    }
}
