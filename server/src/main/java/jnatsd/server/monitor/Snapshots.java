package jnatsd.server.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.transport.conn.TlsChannel;

/**
 * Copies engine-owned session state into plain snapshots. Engine thread only: called from admin-queue tasks
 * and from the engine's close listener. Monotonic engine times become wall-clock times through one
 * (nanoTime, epoch) pair taken per snapshot.
 */
public final class Snapshots
{
    /** Subscriptions in the order clients usually number them: "2" before "10". */
    static final Comparator<SubSnapshot> BY_SID =
        Comparator.comparingInt((final SubSnapshot s) -> s.sid().length()).thenComparing(SubSnapshot::sid);

    private final long nowNano;
    private final long nowEpochNs;

    private Snapshots(final long nowNano, final long nowEpochNs)
    {
        this.nowNano = nowNano;
        this.nowEpochNs = nowEpochNs;
    }

    /** A clock pair for this moment. */
    public static Snapshots now()
    {
        final Instant wall = Instant.now();
        return new Snapshots(System.nanoTime(), wall.getEpochSecond() * 1_000_000_000L + wall.getNano());
    }

    public long nowEpochNs()
    {
        return nowEpochNs;
    }

    /** Wall time of a System.nanoTime value. */
    long epochOf(final long nanoTime)
    {
        return nowEpochNs - (nowNano - nanoTime);
    }

    /** An open (or closing) session; {@code withSubs} copies its subscriptions too. */
    public ConnSnapshot of(final Session s, final boolean withSubs, final boolean closing)
    {
        final List<SubSnapshot> subs = withSubs ? subscriptions(s) : List.of();
        final long last = s.lastActivityNs == 0 ? s.openedAtNs : s.lastActivityNs;
        final TlsChannel tls = s.channel instanceof TlsChannel t ? t : null;
        return new ConnSnapshot(
            s.cid,
            s.remoteIp,
            s.remotePort,
            epochOf(s.openedAtNs),
            epochOf(last),
            closing ? nowEpochNs : 0,
            closing ? s.closeReason : "",
            s.rttNs,
            s.outbound == null ? 0 : s.outbound.pendingBytes(),
            s.inMsgs,
            s.outMsgs,
            s.inBytes,
            s.outBytes,
            s.subscriptions.size(),
            nullToEmpty(s.name),
            nullToEmpty(s.lang),
            nullToEmpty(s.version),
            tls == null ? "" : nullToEmpty(tls.goVersion()),
            tls == null ? "" : nullToEmpty(tls.goCipher()),
            nullToEmpty(s.user),
            subs,
            s.account == null ? Account.GLOBAL_NAME : s.account.name());
    }

    static List<SubSnapshot> subscriptions(final Session s)
    {
        final List<SubSnapshot> out = new ArrayList<>(s.subscriptions.size());
        for (final Subscription sub : s.subscriptions.values())
        {
            out.add(new SubSnapshot(
                new String(sub.subject, StandardCharsets.UTF_8),
                sub.queue == null ? null : new String(sub.queue, StandardCharsets.UTF_8),
                new String(sub.sid, StandardCharsets.UTF_8),
                sub.delivered,
                sub.maxMessages,
                s.cid));
        }
        out.sort(BY_SID);
        return out;
    }

    private static String nullToEmpty(final String s)
    {
        return s == null ? "" : s;
    }
}
