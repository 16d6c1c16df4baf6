package jnatsd.engine.cluster;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.subject.MatchResult;

/**
 * Forwards local clients' messages to the routes that announced interest: one RMSG/HMSG per route, naming the queue
 * groups that route was picked for (by weight), none for a group with a deliverable local member. A route whose
 * outbound queue passes max_pending is closed as a slow consumer. Engine thread only.
 */
final class RouteForwarder
{
    private final Engine engine;
    private final RouteWriter writer;
    /** Marks the routes of one forward: a route is touched once per stamp. */
    private long stamp;
    private RouteLink[] touched = new RouteLink[8];
    private Session[] slowRoutes = new Session[8];
    private int slowCount;

    RouteForwarder(final Engine engine, final RouteWriter writer)
    {
        this.engine = engine;
        this.writer = writer;
    }

    /**
     * Sends a local client's message to the routes that want it. A queue group with a deliverable local member (in
     * {@code local}, the match the engine just delivered from) is never sent on. Returns the routes written to.
     */
    int forward(final Session from, final Account account, final InboundEvent e, final MatchResult local)
    {
        final RemoteInterest remote = RouteInterest.remote(account);
        if (remote == null || remote.count() == 0)
        {
            return 0;
        }
        final MatchResult r = remote.match(e.buffer, e.subjectOffset, e.subjectLength);
        if (r.isEmpty())
        {
            return 0;
        }
        final long st = ++stamp;
        int n = 0;
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            n = touch(remote.get(r.plain(i)).link, st, n);
        }
        final int groups = r.groupCount();
        for (int g = 0; g < groups; g++)
        {
            final byte[] queue = remote.get(r.groupMember(g, 0)).queue;
            if (hasLocalMember(from, local, queue))
            {
                continue;
            }
            final RemoteSub pick = pickWeighted(remote, r, g);
            n = touch(pick.link, st, n);
            pick.link.addQueue(queue);
        }
        for (int i = 0; i < n; i++)
        {
            final RouteLink link = touched[i];
            touched[i] = null;
            write(link, account, e);
        }
        // A peer that stopped reading must not grow our memory without bound: close it as nats-server does
        // (after the loop, so the links being written are not unregistered under it). It redials and resyncs.
        for (int i = 0; i < slowCount; i++)
        {
            engine.slowConsumer(slowRoutes[i], "Slow Consumer (Pending Bytes)",
                "Slow Consumer Detected: MaxPending of " + engine.maxPendingBytes() + " Exceeded");
            slowRoutes[i] = null;
        }
        slowCount = 0;
        return n;
    }

    private void write(final RouteLink link, final Account account, final InboundEvent e)
    {
        final Session t = link.session;
        final int written = writer.message(t.outbound, link.headers, account, e, link.queues, link.queueCount);
        Arrays.fill(link.queues, 0, link.queueCount, null);
        link.queueCount = 0;
        t.outMsgs++;
        t.outBytes += written;
        engine.markDirty(t);
        if (t.outbound.pendingBytes() > engine.maxPendingBytes())
        {
            if (slowCount == slowRoutes.length)
            {
                slowRoutes = Arrays.copyOf(slowRoutes, slowCount * 2);
            }
            slowRoutes[slowCount++] = t;
        }
    }

    private int touch(final RouteLink link, final long st, final int n)
    {
        if (link.stamp == st)
        {
            return n;
        }
        link.stamp = st;
        link.queueCount = 0;
        if (n == touched.length)
        {
            touched = Arrays.copyOf(touched, n * 2);
        }
        touched[n] = link;
        return n + 1;
    }

    /** Whether a queue group of the local match has a member the message can go to (not closed, echo allowing). */
    private boolean hasLocalMember(final Session from, final MatchResult local, final byte[] queue)
    {
        final int groups = local.groupCount();
        for (int g = 0; g < groups; g++)
        {
            final int size = local.groupSize(g);
            if (size == 0 || !Arrays.equals(engine.subscription(local.groupMember(g, 0)).queue, queue))
            {
                continue;
            }
            for (int k = 0; k < size; k++)
            {
                final Subscription sub = engine.subscription(local.groupMember(g, k));
                if (!sub.session.closed && (sub.session != from || from.echo))
                {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    /** One member of a remote queue group, each as likely as its weight (the local subscriptions behind it). */
    private static RemoteSub pickWeighted(final RemoteInterest remote, final MatchResult r, final int g)
    {
        final int size = r.groupSize(g);
        if (size == 1)
        {
            return remote.get(r.groupMember(g, 0));
        }
        int total = 0;
        for (int k = 0; k < size; k++)
        {
            total += remote.get(r.groupMember(g, k)).weight;
        }
        int x = ThreadLocalRandom.current().nextInt(Math.max(1, total));
        for (int k = 0; k < size; k++)
        {
            final RemoteSub rs = remote.get(r.groupMember(g, k));
            x -= rs.weight;
            if (x < 0)
            {
                return rs;
            }
        }
        return remote.get(r.groupMember(g, size - 1));
    }
}
