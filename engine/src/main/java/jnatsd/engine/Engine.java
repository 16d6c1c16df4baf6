package jnatsd.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.MessageWriter;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.GoStrings;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The matching engine: applies ring events in order, owns the subject table, every session's state and every
 * outbound buffer. Single-threaded by design: only the engine thread calls it, so nothing here locks.
 * <p>
 * The table is never changed while a match result is being walked: removals (auto-unsubscribe) and closes
 * (slow consumers) found during delivery are applied after the walk.
 */
public final class Engine
{
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMER_PERIOD_NS = 100_000_000L;
    /** Outbound chunks unused for this many timer periods (2 s) go back to the OS. */
    private static final int POOL_TRIM_PERIODS = 20;
    private static final long THROTTLE_NS = 1_000_000L;

    /** Swapped only by {@link #reloadLimits}, on this thread. */
    private EngineSettings settings;
    private final ServerInfo info;
    private final Log log;
    private final ChunkPool pool;
    private int periodsToTrim = POOL_TRIM_PERIODS;
    private final SubjectTable table;
    private final EngineCounters counters;
    private final MessageWriter writer = new MessageWriter();

    private Subscription[] subsById = new Subscription[1024];
    private final IntArrayList freeSubIds = new IntArrayList();
    private int nextSubId;

    private final ArrayList<Session> sessions = new ArrayList<>();
    private Session[] dirty = new Session[256];
    private int dirtyCount;
    private final ArrayList<Subscription> deferredRemovals = new ArrayList<>();
    private final ArrayList<Session> deferredSlow = new ArrayList<>();
    private long rr = 0x9E3779B97F4A7C15L;
    private long nowNs = System.nanoTime();
    private long nextTimerNs;
    /** log.isTrace() as of the last batch end or timer tick: the delivery path reads no volatile per message. */
    private boolean trace;
    private java.util.function.Consumer<Session> closeListener = s -> { };
    /** Null unless clustering is on: then routes, remote interest and forwarding live there. */
    private jnatsd.engine.cluster.Cluster cluster;

    public Engine(
        final EngineSettings settings,
        final ServerInfo info,
        final Log log,
        final ChunkPool pool,
        final SubjectTable table,
        final EngineCounters counters)
    {
        this.settings = settings;
        this.info = info;
        this.log = log;
        this.pool = pool;
        this.table = table;
        this.counters = counters;
    }

    /** Sets the cached clock; called once per poll by the agent. */
    public void clock(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /** Applies one ring event. */
    public void onEvent(final InboundEvent e)
    {
        final Session s = e.session;
        if (s.closed)
        {
            return;
        }
        s.lastActivityNs = nowNs;
        writer.newEvent();
        switch (e.type)
        {
            case EventType.PUB -> onPub(s, e);
            case EventType.SUB -> onSub(s, e);
            case EventType.UNSUB -> onUnsub(s, e);
            case EventType.PING -> onPing(s);
            case EventType.PONG ->
            {
                s.pingsOut = 0;
                s.rttMeasured = true;
                if (s.pingSentNs != 0)
                {
                    s.rttNs = Math.max(1, nowNs - s.pingSentNs);
                    s.pingSentNs = 0;
                }
            }
            case EventType.CONNECT -> onConnect(s, (ConnectCommand)e.attachment);
            case EventType.OPEN ->
            {
                if (s.kind == Session.KIND_ROUTE)
                {
                    cluster.onOpen(s, e.attachment);
                }
                else
                {
                    onOpen(s);
                }
            }
            case EventType.ROUTE_CONNECT, EventType.ROUTE_INFO, EventType.RS_PLUS, EventType.RS_MINUS ->
                cluster.onEvent(s, e);
            case EventType.RMSG -> onRoutedMessage(s, e);
            case EventType.CLOSED -> close(s, "Client Closed", false);
            case EventType.WRITABLE -> onWritable(s);
            case EventType.ERROR ->
            {
                if (e.attachment instanceof jnatsd.engine.event.AuthViolation v)
                {
                    authorizationViolation(s, v.logText());
                }
                else if (e.attachment == ErrorCode.INTERNAL_ERROR)
                {
                    internalError(s);
                }
                else
                {
                    onError(s, (ErrorCode)e.attachment);
                }
            }
            default ->
            {
            }
        }
    }

    /**
     * Closes a session whose input or event handling threw (a bug, logged where it was caught): counted, closed
     * without -ERR and without flushing (its outbound state may be what broke); the other sessions go on.
     */
    public void internalError(final Session s)
    {
        if (!s.closed)
        {
            counters.internalErrors++;
            close(s, ErrorCode.INTERNAL_ERROR.reason(), false);
        }
    }

    /** Flushes every session written to since the last call: one gathering write each. */
    public int endOfBatch()
    {
        final int n = dirtyCount;
        for (int i = 0; i < n; i++)
        {
            final Session s = dirty[i];
            dirty[i] = null;
            s.dirty = false;
            flush(s);
        }
        dirtyCount = 0;
        if (n > 0)
        {
            counters.flushedBatches++;
        }
        trace = log.isTrace();
        return n;
    }

    /** Timers: first and periodic PINGs, stale connections, auth timeouts, write deadlines. */
    public int onTimer(final long nowNs)
    {
        this.nowNs = nowNs;
        if (nowNs - nextTimerNs < 0)
        {
            return 0;
        }
        trace = log.isTrace();
        nextTimerNs = nowNs + TIMER_PERIOD_NS;
        if (--periodsToTrim <= 0)
        {
            periodsToTrim = POOL_TRIM_PERIODS;
            pool.trim();
        }
        int work = 0;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session s = sessions.get(i);
            if (s.closed)
            {
                continue;
            }
            if (!s.connectReceived && settings.authRequired && nowNs - s.authDeadlineNs >= 0)
            {
                onError(s, ErrorCode.AUTHENTICATION_TIMEOUT);
                work++;
                continue;
            }
            if (s.writeBlockedSinceNs != 0 && nowNs - s.writeBlockedSinceNs > s.writeDeadlineNs)
            {
                // nats-server 2.9.10: "WriteDeadline of 1s exceeded with 5 chunks of 326744 total bytes."
                slowConsumer(s, "Slow Consumer (Write Deadline)", "Slow Consumer Detected: WriteDeadline of "
                    + jnatsd.engine.status.GoDuration.format(s.writeDeadlineNs) + " exceeded with "
                    + s.outbound.chunkCount() + " chunks of " + s.outbound.pendingBytes() + " total bytes.");
                work++;
                continue;
            }
            if (nowNs - s.nextPingNs >= 0)
            {
                s.nextPingNs = nowNs + settings.pingIntervalNs;
                if (s.rttMeasured && nowNs - s.lastActivityNs < settings.pingIntervalNs)
                {
                    // As nats-server: recent traffic from the client proves it alive; no PING needed.
                    continue;
                }
                if (s.pingsOut + 1 > settings.pingMax)
                {
                    sendErr(s, "Stale Connection");
                    close(s, "Stale Connection", true);
                }
                else
                {
                    s.pingsOut++;
                    s.pingSentNs = nowNs;
                    s.outbound.put(PING);
                    traceOut(s, "PING");
                    markDirty(s);
                }
                work++;
            }
        }
        if (cluster != null)
        {
            work += cluster.onTimer(nowNs);
        }
        endOfBatch();
        return work;
    }

    private void onOpen(final Session s)
    {
        s.outbound = new Outbound(pool);
        s.nextPingNs = nowNs + settings.firstPingNs;
        s.authDeadlineNs = nowNs + settings.authTimeoutNs;
        // As nats-server, a client keeps the write deadline in force when it connected (a reload changes new ones).
        s.writeDeadlineNs = settings.writeDeadlineNs;
        sessions.add(s);
        counters.connections++;
        counters.totalConnections++;
        s.outbound.put(info.forClient(s.cid, s.remoteIp));
        s.infoVersion = info.version();
        markDirty(s);
        if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - Client connection created");
        }
        if (s.rejectedAtAccept)
        {
            onError(s, ErrorCode.MAX_CONNECTIONS);
        }
    }

    private void onConnect(final Session s, final ConnectCommand c)
    {
        s.connectReceived = true;
        // First RTT estimate, as nats-server: accept to CONNECT; each PONG to a server PING refines it.
        s.rttNs = Math.max(1, nowNs - s.openedAtNs);
        s.verbose = c.verbose();
        s.pedantic = c.pedantic();
        s.echo = c.echo();
        s.headers = c.headers();
        s.noResponders = c.noResponders();
        s.protocol = c.protocol();
        s.name = c.name();
        s.lang = c.lang();
        s.version = c.version();
        s.user = c.user();
        s.permissions = c.permissions();
        s.credentials = c.credentials();
        if (s.verbose)
        {
            writeOk(s);
        }
        // The cluster's connect_urls changed between this client's INFO and its CONNECT: the change went only to
        // clients that had connected, so this one gets it now (nats-server resends INFO at the first PONG).
        if (s.protocol >= 1 && s.infoVersion != info.version())
        {
            s.outbound.put(info.forClient(s.cid, s.remoteIp));
            markDirty(s);
        }
    }

    private void onPing(final Session s)
    {
        s.outbound.put(PONG);
        traceOut(s, "PONG");
        markDirty(s);
    }

    private void onPub(final Session s, final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        final int so = e.subjectOffset;
        final int sl = e.subjectLength;
        if (s.pedantic && !Subjects.isValidLiteralSubject(buf, so, sl))
        {
            // nats-server 2.9 complains but still acknowledges and delivers the message.
            sendErr(s, "Invalid Publish Subject");
        }
        if (s.permissions != null && !s.permissions.canPublish(buf, so, sl))
        {
            final String subject = quoted(buf, so, sl);
            writeErr(s, "Permissions Violation for Publish to " + subject);
            log.error(s.logPrefix() + " - Publish Violation - " + authUser(s) + ", Subject " + subject);
            return;
        }
        if (s.verbose)
        {
            writeOk(s);
        }
        s.inMsgs++;
        s.inBytes += e.payloadLength;
        counters.inMsgs++;
        counters.inBytes += e.payloadLength;

        final MatchResult r = table.match(buf, so, sl);
        int delivered = 0;
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            final Subscription sub = subsById[r.plain(i)];
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
        if (cluster != null)
        {
            delivered += cluster.forward(s, e, r);
        }
        if (delivered == 0 && e.replyLength > 0 && s.noResponders)
        {
            noResponders(s, e);
        }
        applyDeferred();
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
            final Subscription sub = subsById[r.groupMember(g, (start + k) % size)];
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
        if (trace)
        {
            traceDelivery(t, sub, e);
        }
        // As nats-server, out_bytes counts message bytes (headers and payload), not protocol lines.
        t.outMsgs++;
        t.outBytes += e.payloadLength;
        counters.outMsgs++;
        counters.outBytes += e.payloadLength;
        markDirty(t);
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

    private void noResponders(final Session s, final InboundEvent e)
    {
        final MatchResult r = table.match(e.buffer, e.replyOffset, e.replyLength);
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            final Subscription sub = subsById[r.plain(i)];
            if (sub.session == s)
            {
                writer.writeNoResponders(s.outbound, e.buffer, e.replyOffset, e.replyLength, sub.sid);
                markDirty(s);
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
                removeSubscription(deferredRemovals.get(i));
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
                    slowConsumer(t, "Slow Consumer (Pending Bytes)",
                        "Slow Consumer Detected: MaxPending of " + settings.maxPendingBytes + " Exceeded");
                }
            }
            deferredSlow.clear();
        }
    }

    /**
     * A message from a route: local client subscribers only (never back to a route). Plain subscribers always get
     * it; a queue group only when the sender named it, and then one local member.
     */
    private void onRoutedMessage(final Session s, final InboundEvent e)
    {
        s.inMsgs++;
        s.inBytes += e.payloadLength;
        counters.inMsgs++;
        counters.inBytes += e.payloadLength;
        final MatchResult r = table.match(e.buffer, e.subjectOffset, e.subjectLength);
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            deliver(subsById[r.plain(i)], e);
        }
        final int groups = e.queueLength > 0 ? r.groupCount() : 0;
        for (int g = 0; g < groups; g++)
        {
            if (jnatsd.engine.cluster.RouteWriter.containsQueue(
                e.buffer, e.queueOffset, e.queueLength, subsById[r.groupMember(g, 0)].queue))
            {
                deliverToOneMember(r, g, s, e);
            }
        }
        applyDeferred();
    }

    /** The max_pending limit (routes apply it to their outbound queues too). */
    public long maxPendingBytes()
    {
        return settings.maxPendingBytes;
    }

    /** Counts, logs and closes a connection whose outbound queue fell too far behind. Engine thread. */
    public void slowConsumer(final Session t, final String reason, final String message)
    {
        counters.slowConsumers++;
        log.info(t.logPrefix() + " - " + message);
        t.outbound.clear();
        close(t, reason, false);
    }

    private void onSub(final Session s, final InboundEvent e)
    {
        final DirectBuffer buf = e.buffer;
        if (!Subjects.isValidSubject(buf, e.subjectOffset, e.subjectLength)
            || (e.queueLength > 0 && !Subjects.isValidQueueName(buf, e.queueOffset, e.queueLength)))
        {
            sendErr(s, "Invalid Subject");
            return;
        }
        if (s.permissions != null && !s.permissions.canSubscribe(buf, e.subjectOffset, e.subjectLength))
        {
            final String subject = quoted(buf, e.subjectOffset, e.subjectLength);
            final String queue = e.queueLength > 0 ? quoted(buf, e.queueOffset, e.queueLength) : null;
            writeErr(s, "Permissions Violation for Subscription to " + subject
                + (queue != null ? " using queue " + queue : ""));
            log.error(s.logPrefix() + " - Subscription Violation - " + authUser(s) + ", Subject " + subject
                + (queue != null ? ", Queue: " + queue : "") + ", SID "
                + buf.getStringWithoutLengthAscii(e.sidOffset, e.sidLength));
            return;
        }
        final String sid = buf.getStringWithoutLengthAscii(e.sidOffset, e.sidLength);
        if (!s.subscriptions.containsKey(sid))
        {
            if (settings.maxSubscriptions > 0 && s.subscriptions.size() >= settings.maxSubscriptions)
            {
                sendErr(s, "maximum subscriptions exceeded");
                return;
            }
            final int id = allocateSubId();
            final Subscription sub = new Subscription(s, id, bytes(buf, e.sidOffset, e.sidLength),
                bytes(buf, e.subjectOffset, e.subjectLength),
                e.queueLength > 0 ? bytes(buf, e.queueOffset, e.queueLength) : null);
            // A wildcard subscription may cover denied subjects: those messages are filtered at delivery.
            sub.denyCheck = s.permissions != null && s.permissions.hasSubscribeDeny()
                && Subjects.hasWildcard(buf, e.subjectOffset, e.subjectLength);
            subsById[id] = sub;
            s.subscriptions.put(sid, sub);
            table.add(id, buf, e.subjectOffset, e.subjectLength, buf, e.queueOffset, e.queueLength);
            counters.subscriptions++;
            if (cluster != null)
            {
                cluster.localSubscriptionAdded(sub);
            }
        }
        if (s.verbose)
        {
            writeOk(s);
        }
    }

    private void onUnsub(final Session s, final InboundEvent e)
    {
        final String sid = e.buffer.getStringWithoutLengthAscii(e.sidOffset, e.sidLength);
        final Subscription sub = s.subscriptions.get(sid);
        if (s.verbose)
        {
            // Before the removal, as nats-server: its trace shows ->> [OK] then <-> [DELSUB 1].
            writeOk(s);
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
                removeSubscription(sub);
            }
        }
    }

    private void removeSubscription(final Subscription sub)
    {
        if (subsById[sub.subId] != sub)
        {
            return;
        }
        table.remove(sub.subId);
        subsById[sub.subId] = null;
        freeSubIds.addInt(sub.subId);
        sub.session.subscriptions.remove(new String(sub.sid, StandardCharsets.US_ASCII));
        counters.subscriptions--;
        if (trace && sub.session.kind == Session.KIND_CLIENT)
        {
            log.trace(sub.session.logPrefix() + " - <-> [DELSUB " + new String(sub.sid, StandardCharsets.US_ASCII)
                + "]");
        }
        if (cluster != null)
        {
            cluster.localSubscriptionRemoved(sub);
        }
    }

    private int allocateSubId()
    {
        if (!freeSubIds.isEmpty())
        {
            return freeSubIds.popInt();
        }
        if (nextSubId == subsById.length)
        {
            subsById = java.util.Arrays.copyOf(subsById, subsById.length * 2);
        }
        return nextSubId++;
    }

    private void onWritable(final Session s)
    {
        s.writeInterest = false;
        flush(s);
    }

    private void onError(final Session s, final ErrorCode code)
    {
        if (code.text() != null)
        {
            sendErr(s, code.text());
        }
        if (code == ErrorCode.HEADERS_NOT_SUPPORTED)
        {
            log.error(s.logPrefix() + " - message headers not supported");
        }
        if (code.closes())
        {
            close(s, code.reason(), true);
        }
    }

    /** nats-server's trace of an operation sent to a client: {@code ->> [PONG]}. */
    private void traceOut(final Session s, final String op)
    {
        if (trace && s.kind == Session.KIND_CLIENT)
        {
            log.trace(s.logPrefix() + " - ->> [" + op + "]");
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

    /** Writes {@code -ERR 'text'} and logs it, as nats-server's sendErr. */
    private void sendErr(final Session s, final String text)
    {
        writeErr(s, text);
        log.error(s.logPrefix() + " - " + text);
    }

    private void writeErr(final Session s, final String text)
    {
        s.outbound.put(("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8));
        markDirty(s);
    }

    /**
     * Admin (engine thread), after a reload: whether clients accepted from now on must authenticate (their INFO
     * says so) and within what time.
     */
    public void authorization(final boolean required, final long timeoutNs)
    {
        settings = settings.withAuthorization(required, timeoutNs);
        info.authRequired(required);
    }

    /**
     * A client that failed to authenticate (at CONNECT, or after a reload from an admin task). As nats-server's
     * authViolation: {@code -ERR 'Authorization Violation'}, the given [ERR] line ("authentication error - User
     * ..."), closed as an authentication failure.
     */
    public void authorizationViolation(final Session s, final String logText)
    {
        if (s.closed)
        {
            return;
        }
        writeErr(s, ErrorCode.AUTHORIZATION_VIOLATION.text());
        log.error(s.logPrefix() + " - " + logText);
        close(s, ErrorCode.AUTHORIZATION_VIOLATION.reason(), true);
    }

    /**
     * Admin (engine thread), after a reload: the connection stays, as {@code user} with the new permissions (null:
     * unrestricted), which its next PUB is checked against. Each subscription they no longer allow is removed with
     * nats-server's {@code -ERR 'Permissions Violation for Subscription to "x" (sid "1")'} and its [INF] line naming
     * the client ({@code User "bob"}); the connection stays open (processSubsOnConfigReload).
     */
    public void reauthorized(final Session s, final String user, final SessionPermissions permissions,
        final Credentials credentials)
    {
        if (s.closed)
        {
            return;
        }
        s.user = user;
        s.permissions = permissions;
        s.credentials = credentials;
        final String authUser = authUser(s);
        final Subscription[] subs = s.subscriptions.values().toArray(new Subscription[0]);
        // In the order they were made, near enough (ids are reused); nats-server walks a map in random order.
        java.util.Arrays.sort(subs, (a, b) -> Integer.compare(a.subId, b.subId));
        for (final Subscription sub : subs)
        {
            final UnsafeBuffer subject = new UnsafeBuffer(sub.subject);
            if (permissions != null && !permissions.canSubscribe(subject, 0, sub.subject.length))
            {
                removeSubscription(sub);
                final String quotedSubject = GoStrings.quote(new String(sub.subject, StandardCharsets.UTF_8));
                final String quotedSid = GoStrings.quote(new String(sub.sid, StandardCharsets.US_ASCII));
                writeErr(s, "Permissions Violation for Subscription to " + quotedSubject + " (sid " + quotedSid + ")");
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
     * How nats-server names a client in permission log lines (getAuthUser): the user it sent in CONNECT, or the
     * no_auth_user it was let in as; {@code User "N/A"} for token and anonymous clients.
     */
    private static String authUser(final Session s)
    {
        final String sent = s.credentials == null || s.credentials.user() == null ? "" : s.credentials.user();
        final String name = sent.isEmpty() ? s.user : sent;
        return name.isEmpty() ? "User \"N/A\"" : "User " + GoStrings.quote(name);
    }

    private void writeOk(final Session s)
    {
        s.outbound.put(OK);
        traceOut(s, "OK");
        markDirty(s);
    }

    /** Queues a session for the end-of-batch flush. */
    public void markDirty(final Session s)
    {
        if (!s.dirty)
        {
            s.dirty = true;
            if (dirtyCount == dirty.length)
            {
                dirty = java.util.Arrays.copyOf(dirty, dirtyCount * 2);
            }
            dirty[dirtyCount++] = s;
        }
    }

    private void flush(final Session s)
    {
        if (s.closed)
        {
            return;
        }
        try
        {
            counters.flushes++;
            if (s.outbound.flush(s.channel))
            {
                s.writeBlockedSinceNs = 0;
            }
            else
            {
                if (s.writeBlockedSinceNs == 0)
                {
                    s.writeBlockedSinceNs = nowNs;
                }
                if (!s.writeInterest)
                {
                    s.writeInterest = true;
                    s.handle.requestWritable();
                }
            }
        }
        catch (final IOException ex)
        {
            s.outbound.clear();
            close(s, "Write Error", false);
        }
    }

    /**
     * Closes a session: optionally flushes what is queued (an -ERR), drops its subscriptions and tells the
     * transport to release the socket.
     */
    public void close(final Session s, final String reason, final boolean flushFirst)
    {
        if (s.closed)
        {
            return;
        }
        if (flushFirst && s.outbound != null && !s.outbound.isEmpty())
        {
            try
            {
                s.outbound.flush(s.channel);
            }
            catch (final IOException ignore)
            {
                // the peer is gone already; nothing more to send
            }
        }
        s.closed = true;
        s.closeReason = reason;
        // Before the subscriptions go: monitoring records them with the closed connection.
        closeListener.accept(s);
        for (final Subscription sub : s.subscriptions.values().toArray(new Subscription[0]))
        {
            removeSubscription(sub);
        }
        if (s.outbound != null && s.kind == Session.KIND_ROUTE)
        {
            s.outbound.clear();
        }
        else if (s.outbound != null)
        {
            s.outbound.clear();
            sessions.remove(s);
            counters.connections--;
        }
        try
        {
            s.channel.close();
        }
        catch (final IOException ignore)
        {
            // closing a socket that failed already
        }
        s.handle.release();
        if (s.kind == Session.KIND_ROUTE)
        {
            cluster.onClosed(s, reason);
        }
        else if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - Client connection closed: " + reason);
        }
    }

    /**
     * Engine thread (admin queue): a reload's new limits. Ping interval and ping max apply from each session's next
     * PING, the write deadline to new clients, max_payload to the INFO of new clients; clients beyond a lowered
     * max_connections are closed with {@code -ERR 'maximum connections exceeded'}, newest first (nats-server picks
     * them at random). Returns how many were closed.
     */
    public int reloadLimits(final jnatsd.config.ServerOptions options)
    {
        this.settings = settings.reloaded(options);
        info.maxPayload(options.limits().maxPayloadBytes());
        final int maxConnections = options.limits().maxConnections();
        int open = 0;
        for (int i = 0; i < sessions.size(); i++)
        {
            open += sessions.get(i).closed ? 0 : 1;
        }
        int closed = 0;
        for (int i = sessions.size() - 1; i >= 0 && maxConnections > 0 && open - closed > maxConnections; i--)
        {
            final Session s = sessions.get(i);
            if (!s.closed)
            {
                onError(s, ErrorCode.MAX_CONNECTIONS);
                closed++;
            }
        }
        endOfBatch();
        return closed;
    }

    /** Closes every session (server shutdown), flushing what each has queued. */
    public void closeAll()
    {
        if (cluster != null)
        {
            cluster.closeAll();
        }
        for (final Session s : sessions.toArray(new Session[0]))
        {
            close(s, "Server Shutdown", true);
        }
    }

    /**
     * Called on the engine thread for every session that closes (monitoring keeps closed connections), once
     * {@code closed} and {@code closeReason} are set and before its subscriptions are dropped.
     */
    public void closeListener(final java.util.function.Consumer<Session> listener)
    {
        this.closeListener = listener;
    }

    /** Admin (engine thread): the INFO line this session was sent at connect. */
    public byte[] infoLine(final Session s)
    {
        return info.forClient(s.cid, s.remoteIp);
    }

    /**
     * Admin (engine thread): queues a protocol line (an async INFO) to an open session; it is written at the
     * next end of batch, or at once by {@link #endOfBatch()}.
     */
    public void sendAsync(final Session s, final byte[] line)
    {
        if (!s.closed && s.outbound != null)
        {
            s.outbound.put(line);
            markDirty(s);
        }
    }

    /**
     * Admin (engine thread): sends a PING to measure the round trip, as nats-server's /connz does for a client
     * with no RTT yet. Counted as an outstanding PING, so a silent client is still found stale.
     */
    public void measureRtt(final Session s)
    {
        if (!s.closed && s.outbound != null && s.connectReceived && s.pingSentNs == 0)
        {
            s.pingsOut++;
            s.pingSentNs = nowNs;
            s.outbound.put(PING);
            markDirty(s);
        }
    }

    /** Open sessions, for admin queries on the engine thread only. */
    public java.util.List<Session> sessions()
    {
        return java.util.Collections.unmodifiableList(sessions);
    }

    /** Turns clustering on; set before the engine thread starts. */
    public void cluster(final jnatsd.engine.cluster.Cluster cluster)
    {
        this.cluster = cluster;
    }

    /** Null when not clustered. */
    public jnatsd.engine.cluster.Cluster cluster()
    {
        return cluster;
    }

    /** A live local subscription by engine id (engine thread). */
    public Subscription subscription(final int subId)
    {
        return subsById[subId];
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    public SubjectTable table()
    {
        return table;
    }

    private static byte[] bytes(final DirectBuffer buf, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buf.getBytes(offset, b);
        return b;
    }

    /** Go's %q of a subject, as nats-server formats permission errors. */
    static String quoted(final DirectBuffer buf, final int offset, final int length)
    {
        return jnatsd.engine.status.GoStrings.quote(buf.getStringWithoutLengthUtf8(offset, length));
    }
}
