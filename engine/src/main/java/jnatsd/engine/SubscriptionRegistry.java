package jnatsd.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnatsd.engine.account.Account;
import jnatsd.engine.account.StreamImport;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.GoStrings;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Local subscriptions and the permissions that guard them: SUB and UNSUB, engine-wide subscription ids (what the
 * subject tables hold), the sessions' maps, each session's account table, and re-checking after an authorization
 * reload. Engine thread only; owned by the {@link Engine}.
 */
final class SubscriptionRegistry
{
    /** nats-server's maxSubLimitReportThreshold. */
    private static final long MAX_SUBS_LOG_PERIOD_NS = 2_000_000_000L;

    private final Engine engine;
    private final Log log;
    private final EngineCounters counters;

    /** Live subscriptions by id; read by delivery for every match, replaced (doubled) when full. */
    Subscription[] byId = new Subscription[1024];
    private final IntArrayList freeIds = new IntArrayList();
    private int nextId;

    SubscriptionRegistry(final Engine engine, final Log log, final EngineCounters counters)
    {
        this.engine = engine;
        this.log = log;
        this.counters = counters;
    }

    void onSub(final Session s, final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        if (!Subjects.isValidSubject(buf, e.subjectOffset, e.subjectLength)
            || (e.queueLength > 0 && !Subjects.isValidQueueName(buf, e.queueOffset, e.queueLength)))
        {
            engine.sendErr(s, "Invalid Subject");
            return;
        }
        if (s.permissions != null && !s.permissions.canSubscribe(buf, e.subjectOffset, e.subjectLength))
        {
            final String subject = quoted(buf, e.subjectOffset, e.subjectLength);
            final String queue = e.queueLength > 0 ? quoted(buf, e.queueOffset, e.queueLength) : null;
            engine.writeErr(s, "Permissions Violation for Subscription to " + subject
                + (queue != null ? " using queue " + queue : ""));
            log.error(s.logPrefix() + " - Subscription Violation - " + authUser(s) + ", Subject " + subject
                + (queue != null ? ", Queue: " + queue : "") + ", SID "
                + buf.getStringWithoutLengthAscii(e.sidOffset, e.sidLength));
            return;
        }
        final String sid = buf.getStringWithoutLengthAscii(e.sidOffset, e.sidLength);
        if (!s.subscriptions.containsKey(sid))
        {
            final int server = engine.settings.maxSubscriptions;
            final int max = s.maxSubscriptions >= 0 ? s.maxSubscriptions : (server > 0 ? server : -1);
            if (max >= 0 && s.subscriptions.size() >= max)
            {
                maxSubscriptionsExceeded(s);
                return;
            }
            final int id = allocateId();
            final Subscription sub = new Subscription(s, id, bytes(buf, e.sidOffset, e.sidLength),
                bytes(buf, e.subjectOffset, e.subjectLength),
                e.queueLength > 0 ? bytes(buf, e.queueOffset, e.queueLength) : null);
            // A wildcard subscription may cover denied subjects: those messages are filtered at delivery.
            sub.denyCheck = s.permissions != null && s.permissions.hasSubscribeDeny()
                && Subjects.hasWildcard(buf, e.subjectOffset, e.subjectLength);
            byId[id] = sub;
            s.subscriptions.put(sid, sub);
            final Account account = s.account;
            sub.account = account;
            account.table().add(id, buf, e.subjectOffset, e.subjectLength, buf, e.queueOffset, e.queueLength);
            account.subscriptions++;
            counters.subscriptions++;
            engine.interconnect.localSubscriptionAdded(sub);
            if (!account.streamImports().isEmpty())
            {
                addShadows(sub);
            }
        }
        if (s.verbose)
        {
            engine.writeOk(s);
        }
    }

    void onUnsub(final Session s, final InboundEvent e)
    {
        final String sid = e.buffer.getStringWithoutLengthAscii(e.sidOffset, e.sidLength);
        final Subscription sub = s.subscriptions.get(sid);
        if (s.verbose)
        {
            // Before the removal, as nats-server: its trace shows ->> [OK] then <-> [DELSUB 1].
            engine.writeOk(s);
        }
        if (sub != null)
        {
            final long max = e.longValue;
            if (max > 0 && max > sub.delivered)
            {
                sub.maxMessages = max;
            }
            else
            {
                remove(sub);
            }
        }
    }

    /** Drops a live subscription (a second call for the same one does nothing). */
    void remove(final Subscription sub)
    {
        if (byId[sub.subId] != sub)
        {
            return;
        }
        final Session s = sub.session;
        removeShadows(sub);
        final Account account = sub.account;
        account.table().remove(sub.subId);
        account.subscriptions--;
        byId[sub.subId] = null;
        freeIds.addInt(sub.subId);
        s.subscriptions.remove(new String(sub.sid, StandardCharsets.US_ASCII));
        counters.subscriptions--;
        if (engine.trace && s.kind == Session.KIND_CLIENT)
        {
            log.trace(s.logPrefix() + " - <-> [DELSUB " + new String(sub.sid, StandardCharsets.US_ASCII) + "]");
        }
        engine.interconnect.localSubscriptionRemoved(sub);
    }

    /**
     * Stream imports: for each import the subscription meets, a shadow in the exporter's table on the exporter's
     * subject (announced to routes in that account), delivering to this subscription (nats-server
     * addShadowSubscriptions).
     */
    private void addShadows(final Subscription sub)
    {
        final String subject = new String(sub.subject, StandardCharsets.US_ASCII);
        final List<Subscription> shadows = new ArrayList<>();
        for (final StreamImport im : sub.account.streamImports())
        {
            final String shadowSubject = im.mapping().shadowOf(subject);
            if (shadowSubject == null)
            {
                continue;
            }
            final int id = allocateId();
            final byte[] bytes = shadowSubject.getBytes(StandardCharsets.US_ASCII);
            final Subscription shadow = new Subscription(sub.session, id, sub.sid, bytes, sub.queue);
            shadow.account = im.exporter();
            shadow.streamImport = im;
            shadow.parent = sub;
            byId[id] = shadow;
            final UnsafeBuffer b = new UnsafeBuffer(bytes);
            final UnsafeBuffer q = sub.queue == null ? b : new UnsafeBuffer(sub.queue);
            shadow.account.table().add(id, b, 0, bytes.length, q, 0, sub.queue == null ? 0 : sub.queue.length);
            shadows.add(shadow);
            engine.interconnect.localSubscriptionAdded(shadow);
        }
        sub.shadows = shadows.isEmpty() ? null : shadows.toArray(new Subscription[0]);
    }

    private void removeShadows(final Subscription sub)
    {
        final Subscription[] shadows = sub.shadows;
        if (shadows == null)
        {
            return;
        }
        sub.shadows = null;
        for (final Subscription shadow : shadows)
        {
            if (byId[shadow.subId] == shadow)
            {
                shadow.account.table().remove(shadow.subId);
                byId[shadow.subId] = null;
                freeIds.addInt(shadow.subId);
                engine.interconnect.localSubscriptionRemoved(shadow);
            }
        }
    }

    /** A reload changed an account's stream imports: its subscriptions' shadows follow. */
    void rebuildShadows(final Account account)
    {
        for (final Subscription sub : byId.clone())
        {
            if (sub != null && sub.parent == null && sub.account == account)
            {
                removeShadows(sub);
                if (!account.streamImports().isEmpty())
                {
                    addShadows(sub);
                }
            }
        }
    }

    private int allocateId()
    {
        if (!freeIds.isEmpty())
        {
            return freeIds.popInt();
        }
        if (nextId == byId.length)
        {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        return nextId++;
    }

    /** -ERR 'maximum subscriptions exceeded'; the [ERR] line at most once per 2 s per account, as nats-server. */
    void maxSubscriptionsExceeded(final Session s)
    {
        engine.writeErr(s, "maximum subscriptions exceeded");
        final Account a = s.account;
        final long now = engine.nowNs;
        if (!a.maxSubsLogged || now - a.lastMaxSubsLogNs >= MAX_SUBS_LOG_PERIOD_NS)
        {
            a.maxSubsLogged = true;
            a.lastMaxSubsLogNs = now;
            log.error(s.logPrefix() + " - maximum subscriptions exceeded");
        }
    }

    /** A PUB its permissions refuse: nats-server's -ERR and [ERR] line; nothing is delivered. */
    void publishViolation(final Session s, final DirectBuffer buf, final int offset, final int length)
    {
        final String subject = quoted(buf, offset, length);
        engine.writeErr(s, "Permissions Violation for Publish to " + subject);
        log.error(s.logPrefix() + " - Publish Violation - " + authUser(s) + ", Subject " + subject);
    }

    /** See {@link Engine#reauthorized}. */
    void reauthorized(final Session s, final String user, final SessionPermissions permissions,
        final Credentials credentials)
    {
        s.user = user;
        s.permissions = permissions;
        // As nats-server's setPermissions: the replies tracked under the old permissions are forgotten.
        s.replyPermits = permissions == null ? null : permissions.newReplyPermits();
        s.credentials = credentials;
        final String authUser = authUser(s);
        final Subscription[] subs = s.subscriptions.values().toArray(new Subscription[0]);
        // In the order they were made, near enough (ids are reused); nats-server walks a map in random order.
        Arrays.sort(subs, (a, b) -> Integer.compare(a.subId, b.subId));
        for (final Subscription sub : subs)
        {
            final UnsafeBuffer subject = new UnsafeBuffer(sub.subject);
            if (permissions != null && !permissions.canSubscribe(subject, 0, sub.subject.length))
            {
                remove(sub);
                final String quotedSubject = GoStrings.quote(new String(sub.subject, StandardCharsets.UTF_8));
                final String quotedSid = GoStrings.quote(new String(sub.sid, StandardCharsets.US_ASCII));
                engine.writeErr(s,
                    "Permissions Violation for Subscription to " + quotedSubject + " (sid " + quotedSid + ")");
                log.info("Removed sub " + quotedSubject + " (sid " + quotedSid + ") for " + authUser
                    + " - not authorized");
            }
            else
            {
                sub.denyCheck = permissions != null && permissions.hasSubscribeDeny()
                    && Subjects.hasWildcard(subject, 0, sub.subject.length);
            }
        }
    }

    /**
     * How nats-server names a client in permission log lines (getAuthUser): the nkey it sent, the user it sent in
     * CONNECT, or the no_auth_user it was let in as, the user public key of its JWT; {@code User "N/A"} for token
     * and anonymous clients.
     */
    private static String authUser(final Session s)
    {
        final Credentials c = s.credentials;
        if (c != null && c.nkey() != null && !c.nkey().isEmpty())
        {
            return "Nkey " + GoStrings.quote(c.nkey());
        }
        if ((c == null || c.user() == null || c.user().isEmpty()) && c != null && c.jwt() != null
            && !c.jwt().isEmpty())
        {
            return "JWT User " + GoStrings.quote(s.user);
        }
        final String sent = s.credentials == null || s.credentials.user() == null ? "" : s.credentials.user();
        final String name = sent.isEmpty() ? s.user : sent;
        return name.isEmpty() ? "User \"N/A\"" : "User " + GoStrings.quote(name);
    }

    /** Go's %q of a subject, as nats-server formats permission errors. */
    static String quoted(final DirectBuffer buf, final int offset, final int length)
    {
        return GoStrings.quote(buf.getStringWithoutLengthUtf8(offset, length));
    }

    private static byte[] bytes(final DirectBuffer buf, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buf.getBytes(offset, b);
        return b;
    }
}
