package jnatsd.server.monitor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.cluster.Cluster;
import jnatsd.engine.session.RoutePeer;
import jnatsd.engine.session.Session;
import jnatsd.server.cluster.ClusterWiring;

/** /routez, /accountz, /gatewayz, /leafz, /accstatz: short documents in nats-server 2.9's shapes. */
final class SmallEndpoints
{
    private SmallEndpoints()
    {
    }

    /** Route sessions as nats' RouteInfo; empty until the server has routes. */
    static Map<String, Object> routez(final Monitor m, final boolean subs, final boolean detail)
        throws EngineQueries.EngineUnavailableException
    {
        final ClusterWiring wiring = m.server.cluster();
        final Cluster cluster = wiring == null ? null : wiring.cluster();
        final List<RouteSnapshot> routes = m.engine.query(e -> routeSessions(cluster));
        final long now = Snapshots.now().nowEpochNs();
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final RouteSnapshot rs : routes)
        {
            final ConnSnapshot r = rs.conn();
            final Map<String, Object> ri = new LinkedHashMap<>();
            ri.put("rid", r.cid());
            ri.put("remote_id", rs.remoteId());
            ri.put("did_solicit", rs.didSolicit());
            ri.put("is_configured", rs.configured());
            ri.put("ip", r.ip());
            ri.put("port", r.port());
            ri.put("start", GoFormat.instantOfEpochNanos(r.startEpochNs()));
            ri.put("last_activity", GoFormat.instantOfEpochNanos(r.lastActivityEpochNs()));
            ri.put("rtt", GoFormat.rtt(r.rttNs()));
            ri.put("uptime", GoFormat.uptime(now - r.startEpochNs()));
            ri.put("idle", GoFormat.uptime(now - r.lastActivityEpochNs()));
            ri.put("pending_size", r.pendingBytes());
            ri.put("in_msgs", r.inMsgs());
            ri.put("out_msgs", r.outMsgs());
            ri.put("in_bytes", r.inBytes());
            ri.put("out_bytes", r.outBytes());
            ri.put("subscriptions", rs.interest().size());
            if ((subs || detail) && !rs.interest().isEmpty())
            {
                // A route's subscriptions are the interest its peer announced (RS+).
                ri.put("subscriptions_list", rs.interest());
            }
            list.add(ri);
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.put("num_routes", list.size());
        out.put("routes", list);
        return out;
    }

    /** One route as /routez shows it, captured on the engine thread. */
    private record RouteSnapshot(
        ConnSnapshot conn, String remoteId, boolean didSolicit, boolean configured, List<String> interest)
    {
    }

    /** Engine thread. */
    private static List<RouteSnapshot> routeSessions(final Cluster cluster)
    {
        final List<RouteSnapshot> out = new ArrayList<>();
        if (cluster == null)
        {
            return out;
        }
        final Snapshots clock = Snapshots.now();
        for (final RoutePeer link : cluster.routes())
        {
            out.add(new RouteSnapshot(clock.of(link.session(), false, false), link.remoteId(), link.didSolicit(),
                link.isConfigured(), link.interestKeys()));
        }
        return out;
    }

    /** See {@link Accountz}. */
    static Map<String, Object> accountz(final Monitor m, final String account)
        throws BadRequestException, EngineQueries.EngineUnavailableException
    {
        return Accountz.build(m, account);
    }

    /** /gatewayz: no gateways in jnatsd; nats' shape with empty maps. */
    static Map<String, Object> gatewayz(final Monitor m)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.put("outbound_gateways", Map.of());
        out.put("inbound_gateways", Map.of());
        return out;
    }

    /** /leafz: no leaf nodes in jnatsd; nats prints a null list then. */
    static Map<String, Object> leafz(final Monitor m)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.put("leafnodes", 0);
        out.put("leafs", null);
        return out;
    }

    /** One account's line of /accstatz, copied on the engine thread. */
    private record AccountStat(String name, int conns, long inMsgs, long inBytes, long outMsgs, long outBytes)
    {
    }

    /**
     * /accstatz: traffic per account, listed only while it has connections unless unused=1; {@code accounts}
     * (comma-separated) picks some. Slow consumers are counted only server-wide: the global account shows them,
     * the others 0.
     */
    static Map<String, Object> accstatz(final Monitor m, final boolean unused, final String accounts)
        throws EngineQueries.EngineUnavailableException
    {
        final EngineStats e = m.engine.stats();
        final List<AccountStat> others = m.engine.query(SmallEndpoints::accountStats);
        final List<String> picked = accounts.isEmpty() ? List.of() : List.of(accounts.split(","));
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final AccountStat a : others)
        {
            if ((picked.isEmpty() || picked.contains(a.name())) && (unused || a.conns() > 0))
            {
                list.add(accountStat(a.name(), a.conns(), a.outMsgs(), a.outBytes(), a.inMsgs(), a.inBytes(),
                    Account.GLOBAL_NAME.equals(a.name()) ? e.slowConsumers() : 0));
            }
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.put("account_statz", list);
        return out;
    }

    /** Engine thread: every account's connections and traffic, the global one first. */
    private static List<AccountStat> accountStats(final Engine engine)
    {
        final List<AccountStat> out = new ArrayList<>();
        for (final Account a : engine.accounts().list())
        {
            int conns = 0;
            for (final Session s : engine.sessions())
            {
                conns += s.kind == Session.KIND_CLIENT && s.account == a ? 1 : 0;
            }
            out.add(new AccountStat(a.name(), conns, a.inMsgs, a.inBytes, a.outMsgs, a.outBytes));
        }
        return out;
    }

    private static Map<String, Object> accountStat(final String name, final int conns, final long outMsgs,
        final long outBytes, final long inMsgs, final long inBytes, final long slow)
    {
        final Map<String, Object> a = new LinkedHashMap<>();
        a.put("acc", name);
        a.put("conns", conns);
        a.put("leafnodes", 0);
        a.put("total_conns", conns);
        a.put("sent", msgsAndBytes(outMsgs, outBytes));
        a.put("received", msgsAndBytes(inMsgs, inBytes));
        a.put("slow_consumers", slow);
        return a;
    }

    private static Map<String, Object> msgsAndBytes(final long msgs, final long bytes)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("msgs", msgs);
        out.put("bytes", bytes);
        return out;
    }

    /** /stacksz: every thread's stack, as a JVM thread dump. */
    static String stacksz()
    {
        final StringBuilder sb = new StringBuilder(16384);
        for (final ThreadInfo t : ManagementFactory.getThreadMXBean()
            .dumpAllThreads(true, true))
        {
            sb.append(t.toString());
        }
        return sb.toString();
    }
}
