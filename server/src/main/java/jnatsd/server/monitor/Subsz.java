package jnatsd.server.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;

/**
 * /subsz (alias /subscriptionsz): subject-table statistics, and with subs=1 the subscriptions themselves,
 * optionally only those a publish to {@code test} would reach. As nats-server 2.9: without a listed
 * subscription the answer is the bare statistics object, and "total" counts the page, not all matches.
 */
final class Subsz
{
    private Subsz()
    {
    }

    record Query(boolean subs, int offset, int limit, String test, String account)
    {
    }

    static Query query(final QueryParams q) throws BadRequestException
    {
        final boolean subs = q.bool("subs");
        final int offset = Math.max(0, q.integer("offset"));
        final int rawLimit = q.integer("limit");
        final String test = q.get("test");
        if (!test.isEmpty() && !SubjectMatch.isValidLiteral(test))
        {
            throw new BadRequestException("invalid test subject, must be valid publish subject: " + test);
        }
        return new Query(subs, offset, rawLimit <= 0 ? Connz.DEFAULT_LIMIT : rawLimit, test, q.get("acc"));
    }

    static Map<String, Object> build(final Monitor m, final Query q) throws EngineQueries.EngineUnavailableException
    {
        final Listing listing = m.engine.query(e -> collect(e, m.engine, q.subs(), q.account()));
        final Map<String, Object> stats = listing.accountStats() != null ? listing.accountStats()
            : statistics(listing.stats());
        final List<Connz.SubDetail> matching = new ArrayList<>();
        for (final Connz.SubDetail s : listing.subs())
        {
            if (q.test().isEmpty() || SubjectMatch.matches(q.test(), s.subject()))
            {
                matching.add(s);
            }
        }
        final int from = Math.min(q.offset(), matching.size());
        final int to = (int)Math.min((long)q.offset() + q.limit(), matching.size());
        final List<Connz.SubDetail> page = matching.subList(from, to);
        if (page.isEmpty())
        {
            return stats;
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.putAll(stats);
        out.put("total", page.size());
        out.put("offset", q.offset());
        out.put("limit", q.limit());
        out.put("subscriptions_list", page);
        return out;
    }

    /** nats' SublistStats. Fan-out figures are not kept by the subject table's cache: reported as 0. */
    static Map<String, Object> statistics(final EngineStats e)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("num_subscriptions", e == null ? 0 : e.subscriptions());
        s.put("num_cache", e == null ? 0 : e.cacheEntries());
        s.put("num_inserts", e == null ? 0 : e.inserts());
        s.put("num_removes", e == null ? 0 : e.removes());
        s.put("num_matches", e == null ? 0 : e.matches());
        s.put("cache_hit_rate", e == null ? 0.0 : e.cacheHitRate());
        s.put("max_fanout", 0);
        s.put("avg_fanout", 0.0);
        return s;
    }

    /** accountStats: the filtered account's own table when it is not the global one (null otherwise). */
    private record Listing(EngineStats stats, Map<String, Object> accountStats, List<Connz.SubDetail> subs)
    {
    }

    /** Engine thread: subscriptions of every account, or of the one asked for (none for an unknown one). */
    private static Listing collect(final Engine e, final EngineQueries queries, final boolean withSubs,
        final String filter)
    {
        final Account only = filter.isEmpty() ? null : e.accounts().get(filter);
        final List<Connz.SubDetail> subs = new ArrayList<>();
        if (!filter.isEmpty() && only == null)
        {
            return new Listing(null, statistics(null), subs);
        }
        if (withSubs)
        {
            for (final Session s : e.sessions())
            {
                if (s.kind == Session.KIND_CLIENT && (only == null || s.account == only))
                {
                    for (final SubSnapshot sub : Snapshots.subscriptions(s))
                    {
                        subs.add(Connz.SubDetail.of(sub, s.account.name()));
                    }
                }
            }
        }
        final Map<String, Object> own = only == null || only.isGlobal() ? null : Accountz.statistics(only.table());
        return new Listing(queries.stats(e), own, subs);
    }
}
