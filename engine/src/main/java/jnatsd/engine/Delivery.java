package jnatsd.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.MessageWriter;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;

/**
 * Delivery and fan-out: a PUB or a routed message matched in its publisher's account table and written to every
 * plain subscriber and one member of each queue group, forwarded to the interconnect, answered with no-responders;
 * back-pressure (throttling the publisher) and slow consumers found on the way. The hot path: no allocation.
 * <p>
 * The table is never changed while a match result is being walked: removals (auto-unsubscribe) and closes (slow
 * consumers) found during delivery are applied after the walk. Engine thread only; owned by the {@link Engine}.
 */
final class Delivery
{
    private static final long THROTTLE_NS = 1_000_000L;

    private final Engine engine;
    private final SubscriptionRegistry registry;
    private final MessageWriter writer;
    private final EngineCounters counters;
    private final Log log;
    private final ArrayList<Subscription> deferredRemovals = new ArrayList<>();
    private final ArrayList<Session> deferredSlow = new ArrayList<>();
    private final Imports imports;
    private long rr = 0x9E3779B97F4A7C15L;

    Delivery(final Engine engine, final SubscriptionRegistry registry, final MessageWriter writer,
        final EngineCounters counters, final Log log)
    {
        this.engine = engine;
        this.registry = registry;
        this.writer = writer;
        this.counters = counters;
        this.log = log;
        this.imports = new Imports(engine, this);
    }

    void onPub(final Session s, final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        final int so = e.subjectOffset;
        final int sl = e.subjectLength;
        if (s.pedantic && !Subjects.isValidLiteralSubject(buf, so, sl))
        {
            // nats-server 2.9 complains but still acknowledges and delivers the message.
            engine.sendErr(s, "Invalid Publish Subject");
        }
        if (s.permissions != null && !s.permissions.canPublish(buf, so, sl)
            && (s.replyPermits == null || !s.replyPermits.allows(buf, so, sl, engine.nowNs)))
        {
            registry.publishViolation(s, buf, so, sl);
            return;
        }
        if (s.verbose)
        {
            engine.writeOk(s);
        }
        s.inMsgs++;
        s.inBytes += e.payloadLength;
        counters.inMsgs++;
        counters.inBytes += e.payloadLength;
        final Account account = s.account;
        account.inMsgs++;
        account.inBytes += e.payloadLength;

        final MatchResult r = account.table().match(buf, so, sl);
        int delivered = 0;
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            final Subscription sub = registry.byId[r.plain(i)];
            if (sub.session == s && !s.echo)
            {
                continue;
            }
            deliver(sub, e);
            delivered++;
        }
        final int groups = r.groupCount();
        for (int g = 0; g < groups; g++)
        {
            if (deliverToOneMember(r, g, s, e))
            {
                delivered++;
            }
        }
        delivered += engine.interconnect.forward(s, account, e, r);
        // Accounts without imports or exported services (every account of a server without accounts) skip both.
        if (account.serviceImports() != null)
        {
            delivered += imports.request(s, account, e);
        }
        if (!account.responses().isEmpty())
        {
            imports.response(s, account, e);
        }
        if (delivered == 0 && e.replyLength > 0 && s.noResponders)
        {
            noResponders(s, e);
        }
        applyDeferred();
    }

    /**
     * A message from a route: local client subscribers only (never back to a route). Plain subscribers always get
     * it; a queue group only when the sender named it, and then one local member.
     */
    void onRoutedMessage(final Session s, final Account account, final InboundEvent e)
    {
        s.inMsgs++;
        s.inBytes += e.payloadLength;
        counters.inMsgs++;
        counters.inBytes += e.payloadLength;
        account.inMsgs++;
        account.inBytes += e.payloadLength;
        final MatchResult r = account.table().match(e.buffer, e.subjectOffset, e.subjectLength);
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            deliver(registry.byId[r.plain(i)], e);
        }
        final int groups = e.queueLength > 0 ? r.groupCount() : 0;
        for (int g = 0; g < groups; g++)
        {
            if (Subjects.containsQueue(e.buffer, e.queueOffset, e.queueLength,
                registry.byId[r.groupMember(g, 0)].queue))
            {
                deliverToOneMember(r, g, s, e);
            }
        }
        // A reply to an imported service whose responder is on another server comes back here.
        if (!account.responses().isEmpty())
        {
            imports.response(s, account, e);
        }
        applyDeferred();
    }

    /**
     * A message an import derived (a request mapped into the exporter, or its reply mapped back) published in
     * {@code account}: its local subscribers and the routes with interest there. Returns the number it reached.
     */
    int publishDerived(final Account account, final Session publisher, final InboundEvent d)
    {
        account.inMsgs++;
        account.inBytes += d.payloadLength;
        writer.newEvent();
        final MatchResult r = account.table().match(d.buffer, d.subjectOffset, d.subjectLength);
        int delivered = 0;
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            deliver(registry.byId[r.plain(i)], d);
            delivered++;
        }
        final int groups = r.groupCount();
        for (int g = 0; g < groups; g++)
        {
            if (deliverToOneMember(r, g, publisher, d))
            {
                delivered++;
            }
        }
        delivered += engine.interconnect.forward(publisher, account, d, r);
        writer.newEvent();
        return delivered;
    }

    /**
     * Delivers to one member of queue group g, picked at random to spread load; skips closed members and, when the
     * publisher asked for no echo, the publisher itself. Returns whether a member took the message.
     */
    private boolean deliverToOneMember(final MatchResult r, final int g, final Session publisher, final InboundEvent e)
    {
        final int size = r.groupSize(g);
        final int start = nextRandom(size);
        for (int k = 0; k < size; k++)
        {
            final Subscription sub = registry.byId[r.groupMember(g, (start + k) % size)];
            if (sub.session.closed || (sub.session == publisher && !publisher.echo))
            {
                continue;
            }
            deliver(sub, e);
            return true;
        }
        return false;
    }

    /**
     * Back-pressure instead of growth: a receiver is falling behind, so the transport stops reading from the
     * publisher feeding it for a moment (nats-server stalls such producers too). Memory stays bounded and the
     * receiver's socket gets time to drain.
     */
    private void throttle(final Session p)
    {
        // The event's own connection fed the receiver; routes are never paused (all cross-node traffic shares one).
        final long nowNs = engine.nowNs;
        if (p.kind == Session.KIND_CLIENT && nowNs - p.readPausedUntilNs >= 0)
        {
            p.readPausedUntilNs = nowNs + THROTTLE_NS;
            counters.throttles++;
        }
    }

    /** xorshift: spreads queue-group picks without allocation or a shared Random. */
    private int nextRandom(final int bound)
    {
        long x = rr;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        rr = x;
        return (int)((x >>> 1) % bound);
    }

    private void deliver(final Subscription sub, final InboundEvent e)
    {
        if (sub.streamImport != null)
        {
            deliverImported(sub, e);
            return;
        }
        final Session t = sub.session;
        if (t.closed)
        {
            return;
        }
        if (sub.denyCheck && t.permissions.isSubscribeDenied(e.buffer, e.subjectOffset, e.subjectLength))
        {
            return;
        }
        final Outbound o = t.outbound;
        writer.writeMessage(o, t.headers, e, sub.sid, sub.sidWord);
        if (engine.trace)
        {
            traceDelivery(t, sub, e);
        }
        // As nats-server, out_bytes counts message bytes (headers and payload), not protocol lines.
        t.outMsgs++;
        t.outBytes += e.payloadLength;
        counters.outMsgs++;
        counters.outBytes += e.payloadLength;
        final Account account = t.account;
        account.outMsgs++;
        account.outBytes += e.payloadLength;
        engine.markDirty(t);
        if (t.replyPermits != null && e.replyLength > 0)
        {
            t.replyPermits.delivered(e.buffer, e.replyOffset, e.replyLength, engine.nowNs);
        }
        final EngineSettings settings = engine.settings;
        if (o.pendingBytes() > settings.throttleBytes)
        {
            if (o.pendingBytes() > settings.maxPendingBytes)
            {
                deferredSlow.add(t);
            }
            else
            {
                throttle(e.session);
            }
        }
        if (++sub.delivered >= sub.maxMessages && sub.maxMessages > 0)
        {
            deferredRemovals.add(sub);
        }
    }

    /** Through a shadow: the importer's subscription gets the message under its own subject. */
    private void deliverImported(final Subscription shadow, final InboundEvent e)
    {
        final Subscription sub = shadow.parent;
        if (sub.session.closed)
        {
            return;
        }
        final InboundEvent d = imports.mapStream(shadow.streamImport, e);
        // The writer's frame cache belongs to one message: the mapped one is another.
        writer.newEvent();
        deliver(sub, d);
        writer.newEvent();
    }

    private void noResponders(final Session s, final InboundEvent e)
    {
        final MatchResult r = s.account.table().match(e.buffer, e.replyOffset, e.replyLength);
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            final Subscription sub = registry.byId[r.plain(i)];
            if (sub.session == s)
            {
                writer.writeNoResponders(s.outbound, e.buffer, e.replyOffset, e.replyLength, sub.sid);
                engine.markDirty(s);
                return;
            }
        }
    }

    private void applyDeferred()
    {
        if (!deferredRemovals.isEmpty())
        {
            for (int i = 0; i < deferredRemovals.size(); i++)
            {
                registry.remove(deferredRemovals.get(i));
            }
            deferredRemovals.clear();
        }
        if (!deferredSlow.isEmpty())
        {
            for (int i = 0; i < deferredSlow.size(); i++)
            {
                final Session t = deferredSlow.get(i);
                if (!t.closed)
                {
                    engine.slowConsumer(t, "Slow Consumer (Pending Bytes)",
                        "Slow Consumer Detected: MaxPending of " + engine.settings.maxPendingBytes + " Exceeded");
                }
            }
            deferredSlow.clear();
        }
    }

    /** {@code ->> [MSG foo 1 r.x 2]} / {@code ->> [HMSG foo 1 12 14]}, as nats-server traces a delivery. */
    private void traceDelivery(final Session t, final Subscription sub, final InboundEvent e)
    {
        if (t.kind != Session.KIND_CLIENT)
        {
            return;
        }
        final boolean hmsg = e.headerLength > 0 && t.headers;
        final StringBuilder sb = new StringBuilder(64).append(t.logPrefix()).append(" - ->> [")
            .append(hmsg ? "HMSG " : "MSG ").append(e.buffer.getStringWithoutLengthAscii(e.subjectOffset,
                e.subjectLength)).append(' ').append(new String(sub.sid, StandardCharsets.US_ASCII)).append(' ');
        if (e.replyLength > 0)
        {
            sb.append(e.buffer.getStringWithoutLengthAscii(e.replyOffset, e.replyLength)).append(' ');
        }
        if (hmsg)
        {
            sb.append(e.headerLength).append(' ');
        }
        // A client without headers gets the body only (the writer strips them), so its size is the body's.
        log.trace(sb.append(hmsg || e.headerLength == 0 ? e.payloadLength : e.payloadLength - e.headerLength)
            .append(']').toString());
    }
}
