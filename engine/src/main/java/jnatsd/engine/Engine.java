package jnatsd.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import jnatsd.config.AccountOptions;
import jnatsd.config.ServerOptions;
import jnatsd.engine.account.Account;
import jnatsd.engine.account.Accounts;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.MessageWriter;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.AuthViolation;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.LoginLimits;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;

/**
 * The matching engine: applies ring events in order, owns the accounts' subject tables, every session's state and
 * every outbound buffer. Single-threaded by design: only the engine thread calls it, so nothing here locks.
 * <p>
 * This class dispatches events, replies to clients and flushes at the end of each batch; its collaborators, final
 * and package-private, own the rest: {@link SubscriptionRegistry} (SUB/UNSUB, ids, permissions),
 * {@link Delivery} (PUB and routed messages, fan-out, back-pressure) and {@link EngineTimers} (pings and
 * deadlines). Links to other servers sit behind {@link Interconnect} ({@link Interconnect#NONE} on a single node).
 */
public final class Engine
{
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    /** nats-server closes a client that connects at its subscription limit 20 ms after telling it. */
    private static final long SUBS_LIMIT_CLOSE_NS = 20_000_000L;
    /** How long a shutdown goes on writing what clients have queued (the server's stop waits 10 s for it). */
    private static final long SHUTDOWN_DRAIN_NS = TimeUnit.SECONDS.toNanos(5);
    /** Dirty sessions that make the engine flush before the batch ends (bounds the chunks a batch holds). */
    static final int FLUSH_DIRTY_SESSIONS = 256;

    /** Swapped only by {@link #reloadLimits} and {@link #authorization}, on this thread. */
    EngineSettings settings;
    private final ServerInfo info;
    private final Log log;
    private final ChunkPool pool;
    private final EngineCounters counters;
    private final MessageWriter writer = new MessageWriter();
    /** The global account and those of the accounts block. */
    private final Accounts accounts;
    private final SubscriptionRegistry subscriptions;
    private final Delivery delivery;
    private final EngineTimers timers;

    final ArrayList<Session> sessions = new ArrayList<>();
    private Session[] dirty = new Session[FLUSH_DIRTY_SESSIONS];
    private int dirtyCount;
    long nowNs = System.nanoTime();
    /** log.isTrace() as of the last batch end or timer tick: the delivery path reads no volatile per message. */
    boolean trace;
    private Consumer<Session> closeListener = s -> { };
    /** The system account's view of clients coming and going (no-op until the server sets one). */
    private ClientEvents clientEvents = ClientEvents.NONE;
    /** Routes, remote interest and forwarding when clustered; a no-op otherwise. */
    Interconnect interconnect = Interconnect.NONE;

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
        this.counters = counters;
        final int cacheCapacity = table.cacheCapacity();
        this.accounts = new Accounts(Account.global(table), () -> new SubjectTable(cacheCapacity));
        this.subscriptions = new SubscriptionRegistry(this, log, counters);
        this.delivery = new Delivery(this, subscriptions, writer, counters, log);
        this.timers = new EngineTimers(this, pool);
    }

    /** Sets the cached clock; called once per poll by the agent. */
    public void clock(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    /** Applies one ring event. */
    public void onEvent(final InboundEvent e)
    {
        if (dirtyCount >= FLUSH_DIRTY_SESSIONS)
        {
            // A long batch writing to many connections (a storm of CONNECTs, one message to each of 10k clients)
            // flushes as it goes: each dirty session holds a 64 KB chunk until its flush.
            endOfBatch();
        }
        final Session s = e.session;
        if (s.closed)
        {
            return;
        }
        s.lastActivityNs = nowNs;
        writer.newEvent();
        switch (e.type)
        {
            case EventType.PUB -> delivery.onPub(s, e);
            case EventType.SUB -> subscriptions.onSub(s, e);
            case EventType.UNSUB -> subscriptions.onUnsub(s, e);
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
                // Clients join their user's account at CONNECT; routes carry every account, named per line.
                s.account = accounts.global();
                if (s.kind == Session.KIND_ROUTE)
                {
                    interconnect.onOpen(s, e.attachment);
                }
                else
                {
                    onOpen(s);
                }
            }
            case EventType.ROUTE_CONNECT, EventType.ROUTE_INFO, EventType.RS_PLUS, EventType.RS_MINUS ->
                interconnect.onEvent(s, e);
            case EventType.RMSG -> onRoutedMessage(s, e);
            case EventType.CLOSED -> close(s, "Client Closed", false);
            case EventType.WRITABLE -> onWritable(s);
            case EventType.ERROR ->
            {
                if (e.attachment instanceof AuthViolation v)
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

    /** Timers: first and periodic PINGs, stale connections, auth timeouts, write deadlines; then the routes'. */
    public int onTimer(final long nowNs)
    {
        this.nowNs = nowNs;
        if (!timers.due(nowNs))
        {
            return 0;
        }
        trace = log.isTrace();
        final int work = timers.run(nowNs);
        endOfBatch();
        return work;
    }

    private void onRoutedMessage(final Session s, final InboundEvent e)
    {
        final Account a = accounts.find(e.buffer, e.accountOffset, e.accountLength);
        // An account this server does not have ($SYS of a nats-server peer, or a config that differs): dropped.
        if (a != null)
        {
            delivery.onRoutedMessage(s, a, e);
        }
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
        s.outbound.put(info.forClient(s.cid, s.remoteIp, s.nonce));
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
        s.replyPermits = s.permissions == null ? null : s.permissions.newReplyPermits();
        s.credentials = c.credentials();
        if (s.countedInAccount)
        {
            // A second CONNECT on the connection: it may name another account.
            s.account.clients--;
            s.countedInAccount = false;
        }
        final Account a = accounts.get(c.account());
        s.account = a != null ? a : accounts.global();
        if (c.limits() != LoginLimits.NONE && !applyLoginLimits(s, c.limits()))
        {
            return;
        }
        // Every client counts in its account (the JWT conn limit; the system account's CONNS events read it).
        s.account.clients++;
        s.countedInAccount = true;
        if (c.expiresInNs() > 0)
        {
            s.authExpiresAtNs = nowNs + c.expiresInNs();
            s.authExpiredText = c.expiredText();
        }
        if (s.verbose)
        {
            writeOk(s);
        }
        clientEvents.connected(s);
        // The cluster's connect_urls changed between this client's INFO and its CONNECT: the change went only to
        // clients that had connected, so this one gets it now (nats-server resends INFO at the first PONG).
        final int maxPayload = (int)LoginLimits.min(c.limits().payload(), info.maxPayload());
        if (s.protocol >= 1 && maxPayload != info.maxPayload())
        {
            // nats-server sends the client its own max_payload in an INFO after the first PONG.
            s.infoAfterPongMaxPayload = maxPayload;
        }
        else if (s.protocol >= 1 && s.infoVersion != info.version())
        {
            s.outbound.put(info.forClient(s.cid, s.remoteIp));
            markDirty(s);
        }
        if (s.maxSubscriptions == 0)
        {
            // nats-server: at the limit already (a JWT without subs): -ERR now, closed 20 ms later.
            subscriptions.maxSubscriptionsExceeded(s);
            s.subsLimitCloseAtNs = nowNs + SUBS_LIMIT_CLOSE_NS;
        }
    }

    /**
     * A JWT login's limits (nats-server's registerWithAccount and applyAccountLimits): the account's conn limit
     * (refused with -ERR and closed when reached; false), then the subscription limit with the server's applied.
     */
    private boolean applyLoginLimits(final Session s, final LoginLimits limits)
    {
        final Account a = s.account;
        if (limits.accountConnections() >= 0 && a.clients >= limits.accountConnections())
        {
            writeErr(s, "maximum account active connections exceeded");
            // nats-server logs it twice (sendErrAndErr, then the failed registration).
            log.error(s.logPrefix() + " - maximum account active connections exceeded");
            log.error(s.logPrefix() + " - maximum account active connections exceeded");
            close(s, "Maximum Account Connections Exceeded", true);
            return false;
        }
        final int server = settings.maxSubscriptions > 0 ? settings.maxSubscriptions : -1;
        s.maxSubscriptions = (int)LoginLimits.min(limits.subs(), server);
        if (limits.subs() >= 0 && server >= 0 && server < limits.subs())
        {
            log.error(s.logPrefix() + " - Max Subscriptions set to " + server
                + " from server overrides account or user config");
        }
        if (limits.payload() >= 0 && info.maxPayload() < limits.payload())
        {
            log.error(s.logPrefix() + " - Max Payload set to " + info.maxPayload()
                + " from server overrides account or user config");
        }
        return true;
    }

    private void onPing(final Session s)
    {
        s.outbound.put(PONG);
        traceOut(s, "PONG");
        markDirty(s);
        if (s.infoAfterPongMaxPayload >= 0)
        {
            s.outbound.put(info.forClient(s.cid, s.remoteIp, "", s.infoAfterPongMaxPayload));
            s.infoAfterPongMaxPayload = -1;
        }
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

    /** A subscription goes away (unsubscribed, auto-unsubscribed, or its session closed). */
    private void removeSubscription(final Subscription sub)
    {
        subscriptions.remove(sub);
    }

    private void onWritable(final Session s)
    {
        s.writeInterest = false;
        flush(s);
    }

    void onError(final Session s, final ErrorCode code)
    {
        if (code == ErrorCode.MAX_PAYLOAD)
        {
            // The transport logged nats-server's "maximum payload exceeded: 9 vs 8", which only it knows.
            writeErr(s, code.text());
        }
        else if (code.text() != null)
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
    void traceOut(final Session s, final String op)
    {
        if (trace && s.kind == Session.KIND_CLIENT)
        {
            log.trace(s.logPrefix() + " - ->> [" + op + "]");
        }
    }

    /**
     * A client whose JWT (user or account) expired: -ERR with the text, a debug line, closed (nats-server's
     * authExpired and accountAuthExpired).
     */
    void authExpired(final Session s)
    {
        writeErr(s, s.authExpiredText);
        if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - " + s.authExpiredText);
        }
        close(s, "Authentication Expired", true);
    }

    /** Writes {@code -ERR 'text'} and logs it, as nats-server's sendErr. */
    void sendErr(final Session s, final String text)
    {
        writeErr(s, text);
        log.error(s.logPrefix() + " - " + text);
    }

    void writeErr(final Session s, final String text)
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

    /** Admin (engine thread), after a reload: client TLS as the INFO of clients accepted from now on says it. */
    public void tlsInfo(final boolean enabled, final boolean verify, final boolean allowNonTls)
    {
        info.tls(enabled, verify, allowNonTls);
    }

    /**
     * A client that failed to authenticate (at CONNECT, or after a reload from an admin task). As nats-server's
     * authViolation: {@code -ERR 'Authorization Violation'}, the given [ERR] line ("authentication error - User
     * ..."), closed as an authentication failure.
     */
    /**
     * Admin (engine thread), after a reload: the account now revokes this client's user JWT; as nats-server's account
     * update: {@code -ERR 'User Authentication Revoked'}, a debug line, closed ("Credentials Revoked").
     */
    public void revoked(final Session s)
    {
        if (s.closed)
        {
            return;
        }
        writeErr(s, "User Authentication Revoked");
        if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - User Authentication Revoked");
        }
        close(s, "Credentials Revoked", true);
    }

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
        subscriptions.reauthorized(s, user, permissions, credentials);
    }

    void writeOk(final Session s)
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
                dirty = Arrays.copyOf(dirty, dirtyCount * 2);
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
                if (s.closeWhenFlushed != null)
                {
                    close(s, s.closeWhenFlushed, false);
                }
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
        if (s.countedInAccount)
        {
            s.account.clients--;
        }
        // Before the subscriptions go: monitoring records them with the closed connection.
        closeListener.accept(s);
        if (s.kind == Session.KIND_CLIENT && s.connectReceived)
        {
            clientEvents.disconnected(s);
        }
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
            interconnect.onClosed(s, reason);
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
    public int reloadLimits(final ServerOptions options)
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

    /**
     * Closes every session (server shutdown), after writing what each client has queued: as nats-server, whose
     * clients get their pending bytes before the close. Bounded by {@link #SHUTDOWN_DRAIN_NS} in all.
     */
    public void closeAll()
    {
        interconnect.closeAll();
        drainOutbound(SHUTDOWN_DRAIN_NS);
        for (final Session s : sessions.toArray(new Session[0]))
        {
            close(s, "Server Shutdown", true);
        }
    }

    /**
     * Shutdown only (the engine thread stops after it, so it may wait here): flushes every session with bytes
     * queued, round after round, parking a millisecond after a round that left some unwritten, until none is left
     * or the limit passes. A client that reads nothing costs the limit, no more.
     */
    private void drainOutbound(final long limitNs)
    {
        final long deadline = System.nanoTime() + limitNs;
        boolean pending = true;
        while (pending && System.nanoTime() - deadline < 0)
        {
            pending = false;
            for (int i = 0; i < sessions.size(); i++)
            {
                final Session s = sessions.get(i);
                if (s.closed || s.outbound == null || s.outbound.isEmpty())
                {
                    continue;
                }
                try
                {
                    pending |= !s.outbound.flush(s.channel);
                }
                catch (final IOException ex)
                {
                    // the peer is gone: close() below drops what it had queued
                    s.outbound.clear();
                }
            }
            if (pending)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /**
     * Lame duck mode (admin, engine thread): closes a client once what it has queued is written. Its interest goes
     * at once, so nothing more is queued to it; the socket closes when a flush empties the queue (at once when
     * it is empty already), or as a slow consumer when the write deadline passes first.
     */
    public void closeWhenFlushed(final Session s, final String reason)
    {
        if (s.closed)
        {
            return;
        }
        if (s.outbound == null || s.outbound.isEmpty())
        {
            close(s, reason, true);
            return;
        }
        s.closeWhenFlushed = reason;
        for (final Subscription sub : s.subscriptions.values().toArray(new Subscription[0]))
        {
            removeSubscription(sub);
        }
        flush(s);
    }

    /**
     * Called on the engine thread for every session that closes (monitoring keeps closed connections), once
     * {@code closed} and {@code closeReason} are set and before its subscriptions are dropped.
     */
    public void closeListener(final Consumer<Session> listener)
    {
        this.closeListener = listener;
    }

    /** Set before the engine thread starts, or from an admin task: who hears of client connects and closes. */
    public void clientEvents(final ClientEvents events)
    {
        this.clientEvents = events;
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
        timers.measureRtt(s, nowNs);
    }

    /** Open sessions, for admin queries on the engine thread only. */
    public List<Session> sessions()
    {
        return Collections.unmodifiableList(sessions);
    }

    /** Links this engine to other servers (a cluster's routes); set before the engine thread starts. */
    public void interconnect(final Interconnect interconnect)
    {
        this.interconnect = interconnect;
    }

    /** A live local subscription by engine id (engine thread). */
    public Subscription subscription(final int subId)
    {
        return subscriptions.byId[subId];
    }

    public EngineCounters counters()
    {
        return counters;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    SubscriptionRegistry subscriptionRegistry()
    {
        return subscriptions;
    }

    /** An internal client's PUB, applied as a ring event would be (the writer's frame cache is per event). */
    void publishInternal(final Session s, final InboundEvent e)
    {
        writer.newEvent();
        delivery.onPub(s, e);
        writer.newEvent();
    }

    ChunkPool pool()
    {
        return pool;
    }

    /** The global account's subject table (monitoring). */
    public SubjectTable table()
    {
        return accounts.global().table();
    }

    /** The global account. */
    public Account account()
    {
        return accounts.global();
    }

    /** Every account, by name (engine thread). */
    public Accounts accounts()
    {
        return accounts;
    }

    /**
     * Engine thread (before start, or an admin task at reload): applies the accounts block. Accounts that stay keep
     * their subscriptions; an account whose stream imports changed has its subscriptions' shadows rebuilt.
     */
    public void configureAccounts(final List<AccountOptions> options)
    {
        for (final Account a : accounts.configure(options))
        {
            subscriptions.rebuildShadows(a);
        }
    }
}
