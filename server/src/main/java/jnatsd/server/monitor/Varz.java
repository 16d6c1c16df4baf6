package jnatsd.server.monitor;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.config.ClusterOptions;
import jnatsd.config.ServerOptions;
import jnatsd.server.sys.SystemAccounts;

/**
 * /varz: nats-server 2.9's Varz document, field for field in its order. Durations are nanoseconds
 * (ping_interval, write_deadline), timeouts are seconds as floats (auth_timeout, tls_timeout), mem is bytes,
 * cpu is percent of one core. Gateways, leaf nodes, MQTT, websockets and JetStream are not implemented: their
 * objects are empty, as nats prints them when they are not configured.
 */
final class Varz
{
    private static final double TLS_TIMEOUT_SECONDS = 2;

    private Varz()
    {
    }

    static Map<String, Object> build(final Monitor m, final EngineStats e, final int routes)
    {
        final ServerOptions o = m.options();
        final Instant now = Instant.now();
        final Map<String, Object> v = new LinkedHashMap<>();
        v.put("server_id", m.serverId());
        v.put("server_name", m.serverName());
        v.put("version", Monitor.version());
        v.put("proto", 1);
        v.put("go", Monitor.runtimeName());
        v.put("host", o.listen().host());
        v.put("port", m.server.clientPort());
        if (o.auth().required())
        {
            v.put("auth_required", true);
        }
        // As the client INFO: tls_required unless allow_non_tls, tls_verify when client certificates are required.
        if (o.tls().enabled() && !o.tls().allowNonTls())
        {
            v.put("tls_required", true);
        }
        if (o.tls().enabled() && o.tls().verify())
        {
            v.put("tls_verify", true);
        }
        v.put("max_connections", o.limits().maxConnections());
        if (o.limits().maxSubscriptions() > 0)
        {
            v.put("max_subscriptions", o.limits().maxSubscriptions());
        }
        v.put("ping_interval", o.limits().pingIntervalNs());
        v.put("ping_max", o.limits().pingMax());
        v.put("http_host", m.httpHost);
        v.put("http_port", m.httpPort);
        v.put("http_base_path", o.monitor().httpBasePath());
        v.put("https_port", o.monitor().httpsPort());
        v.put("auth_timeout", seconds(authTimeoutNs(o)));
        v.put("max_control_line", o.limits().maxControlLineBytes());
        v.put("max_payload", o.limits().maxPayloadBytes());
        v.put("max_pending", o.limits().maxPendingBytes());
        v.put("cluster", cluster(o.cluster()));
        v.put("gateway", Map.of());
        v.put("leaf", Map.of());
        v.put("mqtt", Map.of());
        v.put("websocket", Map.of());
        v.put("jetstream", Map.of());
        v.put("tls_timeout", o.tls().enabled() && o.tls().timeoutNs() > 0 ? seconds(o.tls().timeoutNs())
            : TLS_TIMEOUT_SECONDS);
        v.put("write_deadline", o.limits().writeDeadlineNs());
        v.put("start", m.runtime.start());
        v.put("now", now);
        v.put("uptime", GoFormat.uptime(Duration.between(m.runtime.start(), now).toNanos()));
        v.put("mem", m.usage.residentBytes());
        v.put("cores", Runtime.getRuntime().availableProcessors());
        v.put("gomaxprocs", Runtime.getRuntime().availableProcessors());
        v.put("cpu", m.usage.cpuPercent());
        v.put("connections", e.connections());
        v.put("total_connections", e.totalConnections());
        v.put("routes", routes);
        v.put("remotes", routes);
        v.put("leafnodes", 0);
        v.put("in_msgs", e.inMsgs());
        v.put("out_msgs", e.outMsgs());
        v.put("in_bytes", e.inBytes());
        v.put("out_bytes", e.outBytes());
        v.put("slow_consumers", e.slowConsumers());
        // jnatsd's own: connections closed because handling them threw (nats-server has no such field).
        v.put("internal_errors", e.internalErrors());
        v.put("subscriptions", e.subscriptions());
        v.put("http_req_stats", m.stats.snapshot());
        v.put("config_load_time", m.runtime.configLoadTime());
        if (!o.operations().serverTags().isEmpty())
        {
            v.put("tags", o.operations().serverTags());
        }
        v.put("system_account", SystemAccounts.name(o));
        return v;
    }

    static long authTimeoutNs(final ServerOptions o)
    {
        return o.auth().timeoutNs() > 0 ? o.auth().timeoutNs() : o.limits().authTimeoutNs();
    }

    static double seconds(final long ns)
    {
        return ns / 1e9;
    }

    /** nats' ClusterOptsVarz: empty without a cluster, every field omitted when zero. */
    private static Map<String, Object> cluster(final ClusterOptions c)
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        if (!c.enabled())
        {
            return out;
        }
        if (!c.name().isEmpty())
        {
            out.put("name", c.name());
        }
        out.put("addr", c.host());
        out.put("cluster_port", c.port());
        if (c.authTimeoutNs() > 0)
        {
            out.put("auth_timeout", seconds(c.authTimeoutNs()));
        }
        if (!c.routes().isEmpty())
        {
            final List<String> urls = new ArrayList<>();
            for (final URI u : c.routes())
            {
                urls.add(u.getHost() + ":" + u.getPort());
            }
            out.put("urls", urls);
        }
        return out;
    }
}
