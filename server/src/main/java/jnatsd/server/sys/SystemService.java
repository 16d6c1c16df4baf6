package jnatsd.server.sys;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.config.ServerOptions;
import jnatsd.config.Version;
import jnatsd.engine.ClientEvents;
import jnatsd.engine.Engine;
import jnatsd.engine.InternalClient;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.RoutePeer;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
import jnatsd.server.JnatsdServer;
import jnatsd.server.cluster.ClusterWiring;
import jnatsd.server.monitor.EngineQueries;
import jnatsd.server.monitor.GoJson;
import jnatsd.server.monitor.SysDocuments;
import jnatsd.server.ops.ServerRuntime;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The system account's services, as nats-server 2.9's internal system client: answers the {@code $SYS.REQ.SERVER}
 * and {@code $SYS.REQ.ACCOUNT} requests, publishes the client connect/disconnect and account connection events and
 * the server's STATSZ on a timer. The internal client lives on the engine thread ({@link InternalClient}); this
 * class does everything else on its own thread ("jnatsd-sys"): it decodes what the client receives, builds the JSON
 * (with the monitoring builders, through {@link EngineQueries}) and hands publishes back to the engine as admin
 * tasks, so the engine stays the single writer and the hot path is untouched.
 */
public final class SystemService implements ClientEvents, AutoCloseable
{
    /** nats-server's statsz heartbeat: first after 250 ms, the interval doubling from 500 ms to 30 s. */
    private static final long FIRST_STATSZ_MS = 250;
    private static final long MAX_STATSZ_MS = 30_000;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** 62^10: the sequence part's range. */
    private static final long NUID_MAX_SEQ = 839_299_365_868_340_224L;

    private static final int MAX_QUEUED_BEFORE_START = 10_000;

    private final JnatsdServer server;
    private final Log log;
    private final CountDownLatch started = new CountDownLatch(1);
    /** Tasks queued while waiting for start(); -1 once started. */
    private final AtomicInteger queuedBeforeStart = new AtomicInteger();
    /** Set by start(), read by the sys thread after the latch. */
    private ServerRuntime runtime;
    private EngineQueries givenQueries;
    private String httpHost;
    private int httpPort;
    private final ScheduledExecutorService thread;
    private final MsgFrames frames = new MsgFrames();
    private final SecureRandom random = new SecureRandom();
    /** Sys thread only: the event id's prefix, sequence and step. */
    private char[] nuidPrefix;
    private long nuidSeq;
    private long nuidInc;
    private final String serverId;
    private final String serverName;
    private final String host;
    private final String cluster;
    /** This thread only (set by its first task). */
    private SysDocuments documents;
    private long seq;
    private long statszIntervalMs = FIRST_STATSZ_MS;
    /** Engine thread only (or before it starts). */
    private InternalClient client;

    private SystemService(final JnatsdServer server, final ServerOptions options, final Log log)
    {
        this.server = server;
        this.log = log;
        this.serverId = server.serverId();
        final String name = options.serverName();
        this.serverName = name.isEmpty() ? serverId : name;
        this.host = options.listen().host();
        this.cluster = options.cluster().enabled() ? options.cluster().name() : "";
        this.thread = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "jnatsd-sys");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Before the engine thread starts (as the accounts are configured) and after the interconnect is set, so the
     * routes learn the interest: opens the internal client in the system account, subscribes it to the request
     * subjects and listens to client events. What arrives is queued until {@link #start}: a client that asks as
     * soon as the port opens is answered.
     */
    public static SystemService prepare(final JnatsdServer server, final Engine engine, final ServerOptions options,
        final Log log)
    {
        final SystemService s = new SystemService(server, options, log);
        final Account sys = engine.accounts().system();
        s.client = InternalClient.open(engine, sys, 0, bytes -> s.execute(() -> s.onBytes(bytes)));
        s.client.subscribe("$SYS.REQ.SERVER.PING");
        s.client.subscribe("$SYS.REQ.SERVER.PING.*");
        s.client.subscribe("$SYS.REQ.SERVER." + s.serverId + ".*");
        s.client.subscribe("$SYS.REQ.ACCOUNT.*.*");
        engine.clientEvents(s);
        // The first task waits for start(): what is queued behind it runs with the documents set.
        s.thread.execute(s::awaitStart);
        return s;
    }

    /**
     * Once the server is ready: the monitoring builders, then the queued requests and events, then the STATSZ
     * timer. {@code queries}: the monitoring listener's engine door, or null for one of its own. Returns at once.
     */
    public void start(final ServerRuntime serverRuntime, final EngineQueries queries, final String httpHost,
        final int httpPort)
    {
        this.runtime = serverRuntime;
        this.givenQueries = queries;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
        started.countDown();
    }

    /** Sys thread, first task. */
    private void awaitStart()
    {
        try
        {
            started.await();
            EngineQueries queries = givenQueries;
            if (queries == null)
            {
                queries = new EngineQueries(server.engineAgent());
                queries.attach();
            }
            documents = new SysDocuments(server, runtime, queries, httpHost, httpPort, log);
            thread.schedule(this::statszTick, FIRST_STATSZ_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final EngineQueries.EngineUnavailableException | RuntimeException ex)
        {
            log.error("System account not started: " + ex.getMessage());
        }
        finally
        {
            queuedBeforeStart.set(-1);
        }
    }

    @Override
    public void close()
    {
        thread.shutdownNow();
    }

    private void execute(final Runnable r)
    {
        final int queued = queuedBeforeStart.get();
        if (queued >= 0 && queuedBeforeStart.incrementAndGet() > MAX_QUEUED_BEFORE_START)
        {
            // A server never started (embedded in a test) must not queue without bound.
            return;
        }
        try
        {
            thread.execute(r);
        }
        catch (final RejectedExecutionException stopped)
        {
            // shutting down: the event or request is dropped, as nats-server's stopped send loop drops it
        }
    }

    // ---- engine thread: client events ----

    /**
     * As nats-server 2.9.10: a client of the global account gives only the account's CONNS event (its addClient),
     * no CONNECT or DISCONNECT event ("Ignore global account activity") and nothing when it leaves (removeClient
     * skips the global account). The account's counts are read here, on the engine thread, not asked for later.
     */
    @Override
    public void connected(final Session s)
    {
        if (s.account.isGlobal())
        {
            // Built only if something can receive it; nats-server builds it and drops it. A connection storm paid
            // two JSON events per client for nobody (and the JIT compiling their serializers while it ran).
            final String account = s.account.name();
            if (connsHeard(account))
            {
                final long[] counts = accountCounts(s.account);
                execute(() -> accountConnsEvent(account, counts));
            }
            return;
        }
        final long[] counts = accountCounts(s.account);
        final ClientSnapshot c = ClientSnapshot.of(s, false);
        execute(() -> clientEvent(c, false, counts));
    }

    @Override
    public void disconnected(final Session s)
    {
        if (s.account.isGlobal())
        {
            return;
        }
        final long[] counts = accountCounts(s.account);
        final ClientSnapshot c = ClientSnapshot.of(s, true);
        execute(() -> clientEvent(c, true, counts));
    }

    // ---- the sys thread ----

    private void onBytes(final byte[] bytes)
    {
        frames.feed(bytes, m ->
        {
            try
            {
                onRequest(m);
            }
            catch (final RuntimeException | EngineQueries.EngineUnavailableException ex)
            {
                log.error("System account request on " + m.subject() + " failed: " + ex);
            }
        });
    }

    private void onRequest(final MsgFrames.Msg m) throws EngineQueries.EngineUnavailableException
    {
        final String[] t = m.subject().split("\\.");
        if (t.length < 4 || !"$SYS".equals(t[0]) || !"REQ".equals(t[1]))
        {
            return;
        }
        if ("SERVER".equals(t[2]))
        {
            if (t.length == 4 && "PING".equals(t[3]))
            {
                serverRequest("STATSZ", m);
            }
            else if (t.length == 5 && ("PING".equals(t[3]) || serverId.equals(t[3])))
            {
                serverRequest(t[4], m);
            }
        }
        else if ("ACCOUNT".equals(t[2]) && t.length == 5)
        {
            accountRequest(t[3], t[4], m);
        }
    }

    private void serverRequest(final String kind, final MsgFrames.Msg m) throws EngineQueries.EngineUnavailableException
    {
        if (m.reply() == null)
        {
            return;
        }
        final JsonNode options;
        try
        {
            options = options(m.payload());
        }
        catch (final JsonProcessingException bad)
        {
            reply(m.reply(), error(400, bad.getOriginalMessage()));
            return;
        }
        if (!"STATSZ".equals(kind) && !SysDocuments.served(kind))
        {
            return;
        }
        if (!matchesFilter(options))
        {
            return;
        }
        if ("STATSZ".equals(kind))
        {
            reply(m.reply(), statszMessage());
            return;
        }
        respond(m.reply(), kind, options, null);
    }

    private void accountRequest(final String account, final String kind, final MsgFrames.Msg m)
        throws EngineQueries.EngineUnavailableException
    {
        if ("CONNS".equals(kind))
        {
            // nats-server answers by publishing the account's connection event, only while it has clients here.
            requestedAccountConns(account);
            return;
        }
        if (m.reply() == null || !SysDocuments.servedForAccount(kind))
        {
            return;
        }
        final JsonNode options;
        try
        {
            options = options(m.payload());
        }
        catch (final JsonProcessingException bad)
        {
            reply(m.reply(), error(400, bad.getOriginalMessage()));
            return;
        }
        respond(m.reply(), kind, options, account);
    }

    private void respond(final String reply, final String kind, final JsonNode options, final String account)
        throws EngineQueries.EngineUnavailableException
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", serverInfo());
        try
        {
            out.put("data", documents.document(kind, options, account));
        }
        catch (final SysDocuments.RequestException ex)
        {
            out.put("data", null);
            out.put("error", apiError(ex.code(), ex.getMessage()));
        }
        reply(reply, out);
    }

    private Map<String, Object> error(final int code, final String description)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", serverInfo());
        out.put("error", apiError(code, description));
        return out;
    }

    private static Map<String, Object> apiError(final int code, final String description)
    {
        final Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("description", description);
        return e;
    }

    private static JsonNode options(final byte[] payload) throws JsonProcessingException
    {
        if (payload.length == 0)
        {
            return null;
        }
        return GoJson.mapper().readTree(new String(payload, StandardCharsets.UTF_8));
    }

    /** nats-server's EventFilterOptions: a server that does not match stays silent (substring match). */
    private boolean matchesFilter(final JsonNode o)
    {
        if (o == null || !o.isObject())
        {
            return true;
        }
        final String name = o.path("server_name").asText("");
        final String clusterName = o.path("cluster").asText("");
        final String hostName = o.path("host").asText("");
        return (name.isEmpty() || serverName.contains(name)) && (clusterName.isEmpty() || cluster.contains(clusterName))
            && (hostName.isEmpty() || host.contains(hostName));
    }

    /** nats-server's ServerInfo block of every system message; each message takes the next sequence number. */
    private Map<String, Object> serverInfo()
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", serverName);
        s.put("host", host);
        s.put("id", serverId);
        if (!cluster.isEmpty())
        {
            s.put("cluster", cluster);
        }
        s.put("ver", Version.NATS_COMPAT);
        s.put("seq", ++seq);
        s.put("jetstream", false);
        s.put("time", Instant.now());
        return s;
    }

    private Map<String, Object> statszMessage() throws EngineQueries.EngineUnavailableException
    {
        final List<Map<String, Object>> routes = routeStats();
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server", serverInfo());
        out.put("statsz", documents.statsz(1 + routes.size(), routes.isEmpty() ? null : routes));
        return out;
    }

    /** nats-server's RouteStat per route: the peer, what went each way, what is pending. */
    private List<Map<String, Object>> routeStats() throws EngineQueries.EngineUnavailableException
    {
        final ClusterWiring wiring = server.cluster();
        if (wiring == null)
        {
            return List.of();
        }
        return documents.query(engine ->
        {
            final List<Map<String, Object>> out = new ArrayList<>();
            for (final RoutePeer p : wiring.cluster().routes())
            {
                final Session r = p.session();
                final Map<String, Object> m = new LinkedHashMap<>();
                m.put("rid", r.cid);
                m.put("name", p.remoteId());
                m.put("sent", msgsAndBytes(r.outMsgs, r.outBytes));
                m.put("received", msgsAndBytes(r.inMsgs, r.inBytes));
                m.put("pending", r.outbound == null ? 0 : r.outbound.pendingBytes());
                out.add(m);
            }
            return out;
        });
    }

    private static Map<String, Object> msgsAndBytes(final long msgs, final long bytes)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgs", msgs);
        m.put("bytes", bytes);
        return m;
    }

    private void statszTick()
    {
        try
        {
            publish("$SYS.SERVER." + serverId + ".STATSZ", statszMessage());
        }
        catch (final RuntimeException | EngineQueries.EngineUnavailableException ex)
        {
            log.debug("STATSZ not sent: " + ex);
        }
        final long next = statszIntervalMs == FIRST_STATSZ_MS ? 2 * FIRST_STATSZ_MS
            : Math.min(MAX_STATSZ_MS, statszIntervalMs * 2);
        statszIntervalMs = next;
        try
        {
            thread.schedule(this::statszTick, next, TimeUnit.MILLISECONDS);
        }
        catch (final RejectedExecutionException stopped)
        {
            // shutting down
        }
    }

    private void clientEvent(final ClientSnapshot c, final boolean disconnect, final long[] counts)
    {
        try
        {
            accountConnsEvent(c.account(), counts);
            final Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", disconnect ? "io.nats.server.advisory.v1.client_disconnect"
                : "io.nats.server.advisory.v1.client_connect");
            e.put("id", eventId());
            e.put("timestamp", disconnect ? c.stop() : Instant.now());
            e.put("server", serverInfo());
            e.put("client", c.info());
            if (disconnect)
            {
                e.put("sent", msgsAndBytes(c.sentMsgs(), c.sentBytes()));
                e.put("received", msgsAndBytes(c.receivedMsgs(), c.receivedBytes()));
                e.put("reason", c.reason());
            }
            publish("$SYS.ACCOUNT." + c.account() + (disconnect ? ".DISCONNECT" : ".CONNECT"), e);
        }
        catch (final RuntimeException ex)
        {
            log.debug("Client event not sent: " + ex);
        }
    }

    /** The CONNS event asked for by a request: sent only while the account has clients here. */
    private void requestedAccountConns(final String account) throws EngineQueries.EngineUnavailableException
    {
        final long[] n = documents.query(engine ->
        {
            final Account a = engine.accounts().get(account);
            return a == null ? null : accountCounts(a);
        });
        if (n != null && n[0] > 0)
        {
            accountConnsEvent(account, n);
        }
    }

    /**
     * The account's connection count event with the given {@link #accountCounts}, on
     * {@code $SYS.SERVER.ACCOUNT.<acc>.CONNS} and the older {@code $SYS.ACCOUNT.<acc>.SERVER.CONNS}.
     */
    private void accountConnsEvent(final String account, final long[] n)
    {
        final String id = eventId();
        final Instant now = Instant.now();
        for (final String subject : new String[] {"$SYS.SERVER.ACCOUNT." + account + ".CONNS",
            "$SYS.ACCOUNT." + account + ".SERVER.CONNS"})
        {
            final Map<String, Object> e = new LinkedHashMap<>();
            e.put("type", "io.nats.server.advisory.v1.account_connections");
            e.put("id", id);
            e.put("timestamp", now);
            e.put("server", serverInfo());
            e.put("acc", account);
            e.put("conns", n[0]);
            e.put("leafnodes", 0);
            e.put("total_conns", n[0]);
            e.put("sent", msgsAndBytes(n[1], n[2]));
            e.put("received", msgsAndBytes(n[3], n[4]));
            e.put("slow_consumers", 0);
            publish(subject, e);
        }
    }

    /**
     * Engine thread: whether a subscription (a client's, a route's, an import's) in the system account matches one of
     * the account's CONNS subjects. Internal subscriptions are requests only ($SYS.REQ.>), so none counts here.
     */
    private boolean connsHeard(final String account)
    {
        if (client == null)
        {
            return true;
        }
        final SubjectTable table = client.session().account.table();
        return heard(table, "$SYS.SERVER.ACCOUNT." + account + ".CONNS")
            || heard(table, "$SYS.ACCOUNT." + account + ".SERVER.CONNS");
    }

    private static boolean heard(final SubjectTable table, final String subject)
    {
        final byte[] b = subject.getBytes(StandardCharsets.US_ASCII);
        return !table.match(new UnsafeBuffer(b), 0, b.length).isEmpty();
    }

    /** Engine thread: open clients (a counter the engine keeps), then sent and received messages and bytes. */
    private static long[] accountCounts(final Account a)
    {
        // Sent: what the account's clients published; received: what was delivered to them.
        return new long[] {a.clients, a.inMsgs, a.inBytes, a.outMsgs, a.outBytes};
    }

    /**
     * A nuid for each event, as nats-server's: 22 base-62 characters, a random 12-character prefix and a 10-character
     * sequence that steps by a random increment (a new prefix when it would overflow). SecureRandom is read only
     * for a new prefix and increment, not for every character of every event.
     */
    private String eventId()
    {
        nuidSeq += nuidInc;
        if (nuidPrefix == null || nuidSeq >= NUID_MAX_SEQ)
        {
            final char[] p = new char[12];
            for (int i = 0; i < p.length; i++)
            {
                p[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            nuidPrefix = p;
            nuidSeq = (random.nextLong() >>> 1) % NUID_MAX_SEQ;
            nuidInc = 33 + random.nextInt(333 - 33);
        }
        final char[] c = new char[22];
        System.arraycopy(nuidPrefix, 0, c, 0, 12);
        long l = nuidSeq;
        for (int i = 21; i >= 12; i--)
        {
            c[i] = ALPHABET.charAt((int)(l % 62));
            l /= 62;
        }
        return new String(c);
    }

    private void reply(final String subject, final Object message)
    {
        publish(subject, message);
    }

    /** Sys thread: hands the publish to the engine thread (admin queue), in order, without waiting. */
    private void publish(final String subject, final Object message)
    {
        final byte[] payload = GoJson.compact(message);
        server.engineAgent().admin().submit(engine ->
        {
            client.publish(subject, null, payload);
            return null;
        });
    }
}
