package jnatsd.engine.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;

/**
 * Interest across the routes, both ways, per account: local subscriptions counted by account, subject (and queue)
 * and announced to every registered route as RS+/RS- naming the account (a queue group's weight on every change),
 * all of it to a route that just registered; and the RS+/RS- a route sends, kept in the account's
 * {@link RemoteInterest} for forwarding (an account this server does not have is ignored). Engine thread only.
 */
final class RouteInterest
{
    private final Engine engine;
    private final RouteWriter writer;
    private final Log log;
    /** Local interest: "account subject" or "account subject queue" to the number of local subscriptions. */
    private final HashMap<String, LocalInterest> local = new HashMap<>();

    RouteInterest(final Engine engine, final RouteWriter writer, final Log log)
    {
        this.engine = engine;
        this.writer = writer;
        this.log = log;
    }

    /** What the routes announced in an account, for forwarding; null when nothing. */
    static RemoteInterest remote(final Account account)
    {
        return (RemoteInterest)account.interconnectState;
    }

    private static RemoteInterest remoteOrNew(final Account account)
    {
        RemoteInterest r = (RemoteInterest)account.interconnectState;
        if (r == null)
        {
            r = new RemoteInterest();
            account.interconnectState = r;
        }
        return r;
    }

    /** A local client subscription was added: announce the subject once, a queue group's weight on every change. */
    void localAdded(final Subscription sub, final Collection<RouteLink> routes)
    {
        localAdded(sub.account, sub.subject, sub.queue, routes);
    }

    /** Local interest of one more subscription (or of the server itself) in account, subject and queue. */
    void localAdded(final Account account, final byte[] subject, final byte[] queue,
        final Collection<RouteLink> routes)
    {
        final String key = keyOf(account, subject, queue);
        LocalInterest li = local.get(key);
        if (li == null)
        {
            li = new LocalInterest(account, subject, queue);
            local.put(key, li);
        }
        li.count++;
        if (li.count == 1 || queue != null)
        {
            for (final RouteLink link : routes)
            {
                writer.sub(link.session.outbound, li.account, li.subject, li.queue, li.count);
                engine.markDirty(link.session);
            }
        }
    }

    /** A local client subscription went away: withdraw the subject with the last one, else re-send the weight. */
    void localRemoved(final Subscription sub, final Collection<RouteLink> routes)
    {
        localRemoved(sub.account, sub.subject, sub.queue, routes);
    }

    void localRemoved(final Account account, final byte[] subject, final byte[] queue,
        final Collection<RouteLink> routes)
    {
        final String key = keyOf(account, subject, queue);
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
        if (li.count <= 0 || queue != null)
        {
            for (final RouteLink link : routes)
            {
                if (li.count <= 0)
                {
                    writer.unsub(link.session.outbound, li.account, li.subject, li.queue);
                }
                else
                {
                    writer.sub(link.session.outbound, li.account, li.subject, li.queue, li.count);
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
            writer.sub(o, li.account, li.subject, li.queue, li.count);
        }
        engine.markDirty(link.session);
        if (log.isDebug())
        {
            log.debug(link.session.logPrefix() + " - Sent local subscriptions to route");
        }
    }

    /**
     * RS+ from a registered route, or from a standby one (nats-server sends its interest only on the connection it
     * keeps, so interest on a standby means the peer chose it): new interest, or a queue group's new weight.
     */
    void onRemoteSub(final RouteLink link, final InboundEvent e)
    {
        if (!link.registered && !link.standby)
        {
            return;
        }
        final DirectBuffer buf = e.buffer;
        final Account account = engine.accounts().find(buf, e.accountOffset, e.accountLength);
        if (account == null || !Subjects.isValidSubject(buf, e.subjectOffset, e.subjectLength))
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
        final RemoteInterest remote = remoteOrNew(account);
        final RemoteSub rs = new RemoteSub(link, remote, bytes(buf, e.subjectOffset, e.subjectLength),
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
            rs.owner.remove(rs);
        }
    }

    /** A route went away: everything it announced goes with it. */
    void forget(final RouteLink link)
    {
        for (final RemoteSub rs : link.interest.values())
        {
            rs.owner.remove(rs);
        }
        link.interest.clear();
    }

    /** The number of remote interests (RS+ entries held), over every account. */
    int remoteCount()
    {
        int n = 0;
        for (final Account a : engine.accounts().list())
        {
            final RemoteInterest r = remote(a);
            n += r == null ? 0 : r.count();
        }
        return n;
    }

    private static String keyOf(final Account account, final byte[] subject, final byte[] queue)
    {
        final String s = account.name() + " " + new String(subject, StandardCharsets.US_ASCII);
        return queue == null ? s : s + " " + new String(queue, StandardCharsets.US_ASCII);
    }

    /** "account subject [queue]" of an RS+/RS- line. */
    private static String keyOf(final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        final String s = buf.getStringWithoutLengthAscii(e.accountOffset, e.accountLength) + " "
            + buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength);
        return e.queueLength > 0 ? s + " " + buf.getStringWithoutLengthAscii(e.queueOffset, e.queueLength) : s;
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
        final Account account;
        final byte[] subject;
        final byte[] queue;
        int count;

        LocalInterest(final Account account, final byte[] subject, final byte[] queue)
        {
            this.account = account;
            this.subject = subject;
            this.queue = queue;
        }
    }
}
