package jnatsd.server.monitor;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;
import jnatsd.server.monitor.QueryParams.ConnState;

/**
 * /connz: open and closed client connections, filtered, sorted and paged as nats-server 2.9's Connz(). The
 * engine thread copies the candidate sessions; sorting, paging and formatting happen on the HTTP thread.
 */
final class Connz
{
    static final int DEFAULT_LIMIT = 1024;
    private static final Set<String> SORTS = Set.of("", "cid", "start", "subs", "pending", "msgs_to", "msgs_from",
        "bytes_to", "bytes_from", "last", "idle", "uptime", "stop", "reason");

    /** The decoded query. */
    record Options(String sort, boolean auth, boolean subs, boolean subsDetail, int offset, int limit, long cid,
        ConnState state, String user, String account)
    {
    }

    /** What the engine thread hands over: the open candidates, the closed ring, and the totals before paging. */
    private record Candidates(List<ConnSnapshot> conns, int total)
    {
    }

    /** JSON: one connection (nats' ConnInfo; empty optional fields are omitted as Go's omitempty does). */
    record ConnInfo(
        long cid,
        String kind,
        String type,
        String ip,
        int port,
        Instant start,
        Instant lastActivity,
        @JsonInclude(JsonInclude.Include.NON_NULL) Instant stop,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String reason,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String rtt,
        String uptime,
        String idle,
        long pendingBytes,
        long inMsgs,
        long outMsgs,
        long inBytes,
        long outBytes,
        @JsonProperty("subscriptions") int numSubs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String name,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String lang,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String version,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String tlsVersion,
        @JsonProperty("tls_cipher_suite") @JsonInclude(JsonInclude.Include.NON_EMPTY) String tlsCipher,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String authorizedUser,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String account,
        @JsonProperty("subscriptions_list") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> subs,
        @JsonProperty("subscriptions_list_detail") @JsonInclude(JsonInclude.Include.NON_EMPTY)
        List<SubDetail> subsDetail)
    {
    }

    /** JSON: one subscription (nats' SubDetail); the account only where nats shows it (/subsz). */
    record SubDetail(
        @JsonInclude(JsonInclude.Include.NON_EMPTY) String account,
        String subject,
        @JsonProperty("qgroup") @JsonInclude(JsonInclude.Include.NON_EMPTY) String queue,
        String sid,
        long msgs,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) long max,
        long cid)
    {
        static SubDetail of(final SubSnapshot s, final String account)
        {
            return new SubDetail(account, s.subject(), s.queue(), s.sid(), s.msgs(), s.max(), s.cid());
        }
    }

    /** JSON: the response. */
    record Response(
        @JsonProperty("server_id") String serverId,
        Instant now,
        @JsonProperty("num_connections") int numConnections,
        int total,
        int offset,
        int limit,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<ConnInfo> connections)
    {
    }

    private Connz()
    {
    }

    /** Decodes the parameters in nats' order, so the first bad one is the one reported. */
    static Options options(final QueryParams q) throws BadRequestException
    {
        final String sort = q.get("sort");
        final boolean auth = q.bool("auth");
        final boolean detail = "detail".equalsIgnoreCase(q.get("subs"));
        final boolean subs = !detail && q.bool("subs");
        final int offset = q.integer("offset");
        final int limit = q.integer("limit");
        final long cid = q.uint64("cid");
        final ConnState state = q.state();
        return new Options(sort, auth, subs, detail, offset, limit, cid, state, q.get("user"), q.get("acc"));
    }

    /** Checks what nats checks inside Connz() (after counting the request). */
    static Options validate(final Options o) throws BadRequestException
    {
        if (!SORTS.contains(o.sort()))
        {
            throw new BadRequestException("invalid sorting option: " + o.sort());
        }
        if ("stop".equals(o.sort()) && o.state() != ConnState.CLOSED)
        {
            throw new BadRequestException("sort by stop only valid on closed connections");
        }
        if ("reason".equals(o.sort()) && o.state() != ConnState.CLOSED)
        {
            throw new BadRequestException("sort by reason only valid on closed connections");
        }
        final int offset = Math.max(0, o.offset());
        final int limit = o.cid() != 0 ? 1 : (o.limit() <= 0 ? DEFAULT_LIMIT : o.limit());
        return new Options(o.sort(), o.auth(), o.subs(), o.subsDetail(), offset, limit, o.cid(), o.state(),
            o.user(), o.account());
    }

    static Response build(final Options o, final EngineQueries engine, final String serverId)
        throws EngineQueries.EngineUnavailableException
    {
        final Snapshots clock = Snapshots.now();
        final Instant now = GoFormat.instantOfEpochNanos(clock.nowEpochNs());
        final Candidates c = engine.query(e -> collect(e, engine.closed(), o));
        if (c == null)
        {
            // nats-server answers an unknown account with an empty, id-less document.
            return new Response("", now, 0, 0, o.offset(), o.limit(), null);
        }
        final List<ConnSnapshot> list = new ArrayList<>(c.conns());
        list.sort(comparator(o.sort(), clock.nowEpochNs()));
        final int from = Math.min(o.offset(), list.size());
        final int to = (int)Math.min((long)o.offset() + o.limit(), list.size());
        final List<ConnInfo> page = new ArrayList<>(Math.max(0, to - from));
        for (final ConnSnapshot s : list.subList(from, to))
        {
            page.add(info(s, o, clock.nowEpochNs()));
        }
        return new Response(serverId, now, page.size(), c.total(), o.offset(), o.limit(), page);
    }

    /** Engine thread: the sessions and closed connections the query may list. */
    private static Candidates collect(final Engine engine, final ClosedConnections closed, final Options o)
    {
        if (!o.account().isEmpty() && engine.accounts().get(o.account()) == null)
        {
            return null;
        }
        final Snapshots clock = Snapshots.now();
        final boolean withSubs = o.subs() || o.subsDetail();
        final List<ConnSnapshot> out = new ArrayList<>();
        int total = 0;
        if (o.state() != ConnState.CLOSED)
        {
            boolean pinged = false;
            for (final Session s : engine.sessions())
            {
                if (s.kind != Session.KIND_CLIENT || !inAccount(o, s.account.name()))
                {
                    continue;
                }
                total++;
                if ((o.cid() != 0 && s.cid != o.cid()) || (!o.user().isEmpty() && !o.user().equals(s.user)))
                {
                    continue;
                }
                if (s.rttNs == 0 && s.lang != null && !s.lang.isEmpty())
                {
                    // As nats-server: a real client without an RTT yet gets a PING now, for the next look.
                    engine.measureRtt(s);
                    pinged = true;
                }
                out.add(clock.of(s, withSubs, false));
            }
            if (pinged)
            {
                engine.endOfBatch();
            }
        }
        if (o.state() != ConnState.OPEN)
        {
            final List<ConnSnapshot> all = closed.list();
            for (final ConnSnapshot s : all)
            {
                if (!inAccount(o, s.account()))
                {
                    continue;
                }
                total++;
                if ((o.cid() != 0 && s.cid() != o.cid()) || (!o.user().isEmpty() && !o.user().equals(s.user())))
                {
                    continue;
                }
                out.add(s);
            }
        }
        return new Candidates(out, total);
    }

    /** The acc filter: none, or the connection's account. */
    private static boolean inAccount(final Options o, final String account)
    {
        return o.account().isEmpty() || o.account().equals(account);
    }

    private static ConnInfo info(final ConnSnapshot s, final Options o, final long nowEpochNs)
    {
        final long end = s.closed() ? s.stopEpochNs() : nowEpochNs;
        List<String> subjects = null;
        List<SubDetail> detail = null;
        if (o.subsDetail())
        {
            detail = new ArrayList<>(s.subs().size());
            for (final SubSnapshot sub : s.subs())
            {
                detail.add(SubDetail.of(sub, null));
            }
        }
        else if (o.subs())
        {
            subjects = new ArrayList<>(s.subs().size());
            for (final SubSnapshot sub : s.subs())
            {
                subjects.add(sub.subject());
            }
        }
        return new ConnInfo(
            s.cid(),
            "Client",
            "nats",
            s.ip(),
            s.port(),
            GoFormat.instantOfEpochNanos(s.startEpochNs()),
            GoFormat.instantOfEpochNanos(s.lastActivityEpochNs()),
            s.closed() ? GoFormat.instantOfEpochNanos(s.stopEpochNs()) : null,
            s.reason(),
            GoFormat.rtt(s.rttNs()),
            GoFormat.uptime(end - s.startEpochNs()),
            GoFormat.uptime(end - s.lastActivityEpochNs()),
            s.pendingBytes(),
            s.inMsgs(),
            s.outMsgs(),
            s.inBytes(),
            s.outBytes(),
            s.numSubs(),
            s.name(),
            s.lang(),
            s.version(),
            s.tlsVersion(),
            s.tlsCipher(),
            o.auth() ? s.user() : "",
            // As nats-server: with auth, and only for an account other than the global one.
            o.auth() && !Account.GLOBAL_NAME.equals(s.account()) ? s.account() : "",
            subjects,
            detail);
    }

    /**
     * nats' orders: cid and start ascending, uptime ascending (as nats sorts it), reason by text, everything else
     * largest first. Ties go by cid so pages are stable between requests.
     */
    static Comparator<ConnSnapshot> comparator(final String sort, final long nowEpochNs)
    {
        final Comparator<ConnSnapshot> byCid = Comparator.comparingLong(ConnSnapshot::cid);
        final Comparator<ConnSnapshot> primary = switch (sort)
        {
            case "subs" -> Comparator.comparingInt(ConnSnapshot::numSubs).reversed();
            case "pending" -> Comparator.comparingLong(ConnSnapshot::pendingBytes).reversed();
            case "msgs_to" -> Comparator.comparingLong(ConnSnapshot::outMsgs).reversed();
            case "msgs_from" -> Comparator.comparingLong(ConnSnapshot::inMsgs).reversed();
            case "bytes_to" -> Comparator.comparingLong(ConnSnapshot::outBytes).reversed();
            case "bytes_from" -> Comparator.comparingLong(ConnSnapshot::inBytes).reversed();
            case "last" -> Comparator.comparingLong(ConnSnapshot::lastActivityEpochNs).reversed();
            case "idle" -> Comparator.comparingLong((final ConnSnapshot c) ->
                (c.closed() ? c.stopEpochNs() : nowEpochNs) - c.lastActivityEpochNs()).reversed();
            case "uptime" -> Comparator.comparingLong((final ConnSnapshot c) ->
                (c.closed() ? c.stopEpochNs() : nowEpochNs) - c.startEpochNs());
            case "stop" -> Comparator.comparingLong(ConnSnapshot::stopEpochNs).reversed();
            case "reason" -> Comparator.comparing(ConnSnapshot::reason);
            default -> byCid;
        };
        return primary == byCid ? byCid : primary.thenComparing(byCid);
    }
}
