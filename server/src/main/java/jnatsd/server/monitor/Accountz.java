package jnatsd.server.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.config.AccountOptions;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;
import jnatsd.engine.subject.SubjectTable;
import jnatsd.server.sys.SystemAccounts;

/**
 * /accountz in nats-server 2.9's shape: the account names, or one account's detail (?acc=A) with its connections,
 * subscriptions, table statistics, exports and imports.
 */
final class Accountz
{
    /** What the engine thread copies out of one account. */
    private record Counts(int clients, int subscriptions, Map<String, Object> stats, boolean global)
    {
    }

    private Accountz()
    {
    }

    static Map<String, Object> build(final Monitor m, final String account)
        throws BadRequestException, EngineQueries.EngineUnavailableException
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", m.serverId());
        out.put("now", Instant.now());
        out.put("system_account", SystemAccounts.name(m.options()));
        if (account.isEmpty())
        {
            out.put("accounts", m.engine.query(e -> e.accounts().list().stream().map(Account::name).toList()));
            return out;
        }
        final Counts c = m.engine.query(e -> counts(e, account));
        if (c == null)
        {
            throw new BadRequestException("Account " + account + " does not exist");
        }
        final Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("account_name", account);
        detail.put("update_time", m.runtime.configLoadTime());
        detail.put("expired", false);
        detail.put("complete", true);
        detail.put("jetstream_enabled", false);
        detail.put("leafnode_connections", 0);
        detail.put("client_connections", c.clients());
        detail.put("subscriptions", c.subscriptions());
        AccountOptions options = null;
        for (final AccountOptions o : m.options().auth().accounts())
        {
            options = o.name().equals(account) ? o : options;
        }
        if (options != null && !options.exports().isEmpty())
        {
            detail.put("exports", exports(options));
        }
        if (options != null && !options.imports().isEmpty())
        {
            detail.put("imports", imports(options));
        }
        detail.put("sublist_stats", c.global() ? Subsz.statistics(m.engine.stats()) : c.stats());
        out.put("account_detail", detail);
        return out;
    }

    /** Engine thread; null for an unknown account. */
    private static Counts counts(final Engine e, final String name)
    {
        final Account a = e.accounts().get(name);
        if (a == null)
        {
            return null;
        }
        int clients = 0;
        for (final Session s : e.sessions())
        {
            clients += s.kind == Session.KIND_CLIENT && s.account == a ? 1 : 0;
        }
        return new Counts(clients, a.table().count(), statistics(a.table()), a.isGlobal());
    }

    /** Engine thread: nats' SublistStats of an account's own table. */
    static Map<String, Object> statistics(final SubjectTable t)
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("num_subscriptions", t.count());
        s.put("num_cache", t.cacheEntries());
        s.put("num_inserts", t.inserts());
        s.put("num_removes", t.removes());
        s.put("num_matches", t.matches());
        s.put("cache_hit_rate", t.matches() == 0 ? 0.0 : (double)t.cacheHits() / t.matches());
        s.put("max_fanout", 0);
        s.put("avg_fanout", 0.0);
        return s;
    }

    private static List<Map<String, Object>> exports(final AccountOptions o)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final AccountOptions.ExportOptions x : o.exports())
        {
            final Map<String, Object> e = new LinkedHashMap<>();
            e.put("subject", x.subject());
            e.put("type", x.service() ? "service" : "stream");
            if (x.service())
            {
                e.put("response_type", "Singleton");
            }
            if (!x.accounts().isEmpty())
            {
                e.put("approved_accounts", x.accounts());
            }
            out.add(e);
        }
        return out;
    }

    private static List<Map<String, Object>> imports(final AccountOptions o)
    {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final AccountOptions.ImportOptions i : o.imports())
        {
            final Map<String, Object> e = new LinkedHashMap<>();
            // nats-server's ExtImport: a stream names the exporter's subject and its local one, a service the
            // importer's subject and the exporter's ("to").
            e.put("subject", i.service() ? i.to() : i.subject());
            e.put("account", i.account());
            if (i.service())
            {
                e.put("to", i.subject());
            }
            else if (!i.to().isEmpty())
            {
                e.put("local_subject", i.to());
            }
            e.put("type", i.service() ? "service" : "stream");
            e.put("invalid", false);
            e.put("share", false);
            e.put("tracking", false);
            out.add(e);
        }
        return out;
    }
}
