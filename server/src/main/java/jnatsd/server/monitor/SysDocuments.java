package jnatsd.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ops.ServerRuntime;

/**
 * The monitoring documents as the system account serves them ({@code $SYS.REQ.SERVER.PING.VARZ} and the like):
 * the same builders as the HTTP endpoints, with the request's JSON options (nats-server's ConnzOptions,
 * SubszOptions, ... field names) turned into the endpoint's query parameters. Called on the system account's
 * thread; engine state is read through {@link EngineQueries}, as for HTTP.
 */
public final class SysDocuments
{
    private final Monitor monitor;

    public SysDocuments(final JnatsdServer server, final ServerRuntime runtime, final EngineQueries queries,
        final String httpHost, final int httpPort, final Log log)
    {
        this.monitor = new Monitor(server, runtime, queries, httpHost, httpPort, log);
    }

    /** Server requests answered with a document ($SYS.REQ.SERVER.PING.&lt;kind&gt;), besides STATSZ. */
    public static boolean served(final String kind)
    {
        return switch (kind)
        {
            case "VARZ", "CONNZ", "SUBSZ", "ROUTEZ", "HEALTHZ", "ACCOUNTZ", "LEAFZ", "GATEWAYZ" -> true;
            default -> false;
        };
    }

    /** Account requests answered with a document ($SYS.REQ.ACCOUNT.&lt;acc&gt;.&lt;kind&gt;). */
    public static boolean servedForAccount(final String kind)
    {
        return switch (kind)
        {
            case "CONNZ", "SUBSZ", "INFO", "LEAFZ" -> true;
            default -> false;
        };
    }

    /** Runs {@code f} on the engine thread (see {@link EngineQueries#query}). */
    public <T> T query(final Function<Engine, T> f) throws EngineQueries.EngineUnavailableException
    {
        return monitor.engine.query(f);
    }

    /** A request that cannot be answered: nats-server's ApiError code and description. */
    public static final class RequestException extends Exception
    {
        private static final long serialVersionUID = 1L;
        private final int code;

        public RequestException(final int code, final String message)
        {
            super(message);
            this.code = code;
        }

        public int code()
        {
            return code;
        }
    }

    /**
     * The "data" of a server request ({@code VARZ}, {@code CONNZ}, ...), or of an account request when
     * {@code account} is not null (CONNZ, SUBSZ and INFO in that account); null for a kind not served.
     */
    public Object document(final String kind, final JsonNode options, final String account)
        throws RequestException, EngineQueries.EngineUnavailableException
    {
        try
        {
            final QueryParams q = QueryParams.parse(query(options, account));
            return switch (kind)
            {
                case "VARZ" -> Varz.build(monitor, monitor.engine.stats(), routes());
                case "CONNZ" -> Connz.build(Connz.validate(Connz.options(q)), monitor.engine, monitor.serverId());
                case "SUBSZ" -> subsz(q, account != null);
                case "ROUTEZ" -> SmallEndpoints.routez(monitor, q.bool("subs") && !"detail".equals(q.get("subs")),
                    "detail".equals(q.get("subs")));
                case "HEALTHZ" -> Healthz.status(monitor);
                case "ACCOUNTZ" -> Accountz.build(monitor, q.get("acc"));
                case "INFO" -> accountInfo(account);
                case "LEAFZ" -> SmallEndpoints.leafz(monitor);
                case "GATEWAYZ" -> SmallEndpoints.gatewayz(monitor);
                default -> null;
            };
        }
        catch (final BadRequestException ex)
        {
            throw new RequestException(400, ex.getMessage());
        }
    }

    private Object accountInfo(final String account) throws RequestException, EngineQueries.EngineUnavailableException
    {
        try
        {
            final Map<String, Object> a = Accountz.build(monitor, account);
            return a.get("account_detail");
        }
        catch (final BadRequestException ex)
        {
            // nats-server answers an unknown account with a 500.
            throw new RequestException(500, ex.getMessage());
        }
    }

    /** Over the system account nats-server always fills server_id, now and the paging fields. */
    private Map<String, Object> subsz(final QueryParams q, final boolean accountScoped)
        throws BadRequestException, EngineQueries.EngineUnavailableException
    {
        final Subsz.Query query = Subsz.query(q);
        final Subsz.Query effective = accountScoped
            ? new Subsz.Query(true, query.offset(), query.limit(), query.test(), query.account()) : query;
        final Map<String, Object> built = Subsz.build(monitor, effective);
        if (built.containsKey("server_id"))
        {
            return built;
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("server_id", monitor.serverId());
        out.put("now", Instant.now());
        out.putAll(built);
        out.put("total", 0);
        out.put("offset", effective.offset());
        out.put("limit", effective.limit());
        return out;
    }

    private int routes() throws EngineQueries.EngineUnavailableException
    {
        return monitor.engine.query(e ->
        {
            int n = 0;
            for (final Session s : e.sessions())
            {
                n += s.kind == Session.KIND_ROUTE ? 1 : 0;
            }
            return n;
        });
    }

    /** nats-server's ServerStatsMsg "statsz" body: counters, memory and CPU, accounts in use, route traffic. */
    public Map<String, Object> statsz(final int activeServers, final Object routes)
        throws EngineQueries.EngineUnavailableException
    {
        final EngineStats e = monitor.engine.stats();
        final int activeAccounts = monitor.engine.query(SysDocuments::activeAccounts);
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("start", monitor.runtime.start());
        s.put("mem", monitor.usage.residentBytes());
        s.put("cores", Runtime.getRuntime().availableProcessors());
        s.put("cpu", monitor.usage.cpuPercent());
        s.put("connections", e.connections());
        s.put("total_connections", e.totalConnections());
        s.put("active_accounts", activeAccounts);
        s.put("subscriptions", e.subscriptions());
        s.put("sent", msgsAndBytes(e.outMsgs(), e.outBytes()));
        s.put("received", msgsAndBytes(e.inMsgs(), e.inBytes()));
        s.put("slow_consumers", e.slowConsumers());
        if (routes != null)
        {
            s.put("routes", routes);
        }
        s.put("active_servers", activeServers);
        return s;
    }

    /** Engine thread: accounts with at least one client (nats-server's numActiveAccounts counts those in use). */
    private static int activeAccounts(final Engine engine)
    {
        int n = 0;
        for (final Account a : engine.accounts().list())
        {
            for (final Session s : engine.sessions())
            {
                if (s.kind == Session.KIND_CLIENT && s.account == a)
                {
                    n++;
                    break;
                }
            }
        }
        return n;
    }

    static Map<String, Object> msgsAndBytes(final long msgs, final long bytes)
    {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("msgs", msgs);
        m.put("bytes", bytes);
        return m;
    }

    /** nats-server's option field names as query parameters of the matching HTTP endpoint. */
    static String query(final JsonNode o, final String account)
    {
        final StringBuilder sb = new StringBuilder();
        if (o != null && o.isObject())
        {
            if (o.path("subscriptions_detail").asBoolean(false))
            {
                add(sb, "subs", "detail");
            }
            else if (o.path("subscriptions").asBoolean(false))
            {
                add(sb, "subs", "1");
            }
            for (final String k : new String[] {"sort", "offset", "limit", "cid", "user", "test"})
            {
                if (o.has(k) && !o.get(k).isNull())
                {
                    add(sb, k, o.get(k).asText());
                }
            }
            if (o.path("auth").asBoolean(false))
            {
                add(sb, "auth", "1");
            }
            if (o.has("state"))
            {
                // ConnState: 0 open, 1 closed, 2 all.
                add(sb, "state", switch (o.get("state").asInt())
                {
                    case 1 -> "closed";
                    case 2 -> "all";
                    default -> "open";
                });
            }
            final String acc = o.has("acc") ? o.get("acc").asText() : o.path("account").asText("");
            if (account == null && !acc.isEmpty())
            {
                add(sb, "acc", acc);
            }
        }
        if (account != null)
        {
            add(sb, "acc", account);
        }
        return sb.toString();
    }

    private static void add(final StringBuilder sb, final String k, final String v)
    {
        if (sb.length() > 0)
        {
            sb.append('&');
        }
        sb.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    }
}
