package jnatsd.engine.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import jnatsd.engine.Engine;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;

/**
 * Interest across the routes, both ways: local subscriptions counted by subject (and queue) and announced to every
 * registered route as RS+/RS- (a queue group's weight on every change), all of it to a route that just registered;
 * and the RS+/RS- a route sends, kept in {@link RemoteInterest} for forwarding. Engine thread only.
 */
final class RouteInterest
{
    private final Engine engine;
    private final RouteWriter writer;
    private final Log log;
    private final RemoteInterest remote = new RemoteInterest();
    /** Local interest: "subject" or "subject queue" to the number of local subscriptions. */
    private final HashMap<String, LocalInterest> local = new HashMap<>();

    RouteInterest(final Engine engine, final RouteWriter writer, final Log log)
    {
        this.engine = engine;
        this.writer = writer;
        this.log = log;
    }

    /** What the routes announced, for forwarding. */
    RemoteInterest remote()
    {
        return remote;
    }

    /** A local client subscription was added: announce the subject once, a queue group's weight on every change. */
    void localAdded(final Subscription sub, final Collection<RouteLink> routes)
    {
        final String key = keyOf(sub);
        LocalInterest li = local.get(key);
        if (li == null)
        {
            li = new LocalInterest(sub.subject, sub.queue);
            local.put(key, li);
        }
        li.count++;
        if (li.count == 1 || sub.queue != null)
        {
            for (final RouteLink link : routes)
            {
                writer.sub(link.session.outbound, li.subject, li.queue, li.count);
                engine.markDirty(link.session);
            }
        }
    }

    /** A local client subscription went away: withdraw the subject with the last one, else re-send the weight. */
    void localRemoved(final Subscription sub, final Collection<RouteLink> routes)
    {
        final String key = keyOf(sub);
        final LocalInterest li = local.get(key);
        if (li == null)
        {
            return;
        }
        li.count--;
        if (li.count <= 0)
        {
            local.remove(key);
        }
        if (li.count <= 0 || sub.queue != null)
        {
            for (final RouteLink link : routes)
            {
                if (li.count <= 0)
                {
                    writer.unsub(link.session.outbound, li.subject, li.queue);
                }
                else
                {
                    writer.sub(link.session.outbound, li.subject, li.queue, li.count);
                }
                engine.markDirty(link.session);
            }
        }
    }

    /** A route registered: it learns every local interest. */
    void sendLocalInterest(final RouteLink link)
    {
        final Outbound o = link.session.outbound;
        for (final LocalInterest li : local.values())
        {
            writer.sub(o, li.subject, li.queue, li.count);
        }
        engine.markDirty(link.session);
        if (log.isDebug())
        {
            log.debug(link.session.logPrefix() + " - Sent local subscriptions to route");
        }
    }

    /** RS+ from a registered route: new interest, or a queue group's new weight. */
    void onRemoteSub(final RouteLink link, final InboundEvent e)
    {
        if (!link.registered)
        {
            return;
        }
        final DirectBuffer buf = e.buffer;
        if (!Subjects.isValidSubject(buf, e.subjectOffset, e.subjectLength))
        {
            return;
        }
        final String key = keyOf(e);
        final int weight = e.queueLength > 0 ? (int)Math.max(1, e.longValue) : 0;
        final RemoteSub existing = link.interest.get(key);
        if (existing != null)
        {
            existing.weight = weight;
            return;
        }
        final RemoteSub rs = new RemoteSub(link, bytes(buf, e.subjectOffset, e.subjectLength),
            e.queueLength > 0 ? bytes(buf, e.queueOffset, e.queueLength) : null, key, weight);
        link.interest.put(key, rs);
        remote.add(rs);
    }

    /** RS- from a route. */
    void onRemoteUnsub(final RouteLink link, final InboundEvent e)
    {
        final RemoteSub rs = link.interest.remove(keyOf(e));
        if (rs != null)
        {
            remote.remove(rs);
        }
    }

    /** A route went away: everything it announced goes with it. */
    void forget(final RouteLink link)
    {
        for (final RemoteSub rs : link.interest.values())
        {
            remote.remove(rs);
        }
        link.interest.clear();
    }

    /** The number of remote interests (RS+ entries held). */
    int remoteCount()
    {
        return remote.count();
    }

    private static String keyOf(final Subscription sub)
    {
        final String subject = new String(sub.subject, StandardCharsets.US_ASCII);
        return sub.queue == null ? subject : subject + " " + new String(sub.queue, StandardCharsets.US_ASCII);
    }

    private static String keyOf(final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        final String subject = buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength);
        return e.queueLength > 0 ? subject + " " + buf.getStringWithoutLengthAscii(e.queueOffset, e.queueLength)
            : subject;
    }

    private static byte[] bytes(final DirectBuffer buf, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buf.getBytes(offset, b);
        return b;
    }

    /** Local subscriptions sharing one subject (and queue). */
    private static final class LocalInterest
    {
        final byte[] subject;
        final byte[] queue;
        int count;

        LocalInterest(final byte[] subject, final byte[] queue)
        {
            this.subject = subject;
            this.queue = queue;
        }
    }
}
