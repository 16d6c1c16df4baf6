package jnatsd.config.load;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnatsd.config.OperationsOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

import static jnatsd.config.load.Values.asBool;
import static jnatsd.config.load.Values.asDurationNs;
import static jnatsd.config.load.Values.asInt;
import static jnatsd.config.load.Values.asLong;
import static jnatsd.config.load.Values.asString;

/**
 * Applies the top-level keys of a parsed file to a draft (server/opts.go processConfigFileLine).
 * Keys are case-insensitive; each bad key gives one error and the others are still read.
 */
final class TopLevelKeys
{
    /** Keys nats-server 2.9 knows for features jnatsd does not have yet: accepted by -t, refused at start. */
    static final Set<String> UNSUPPORTED = Set.of(
        "jetstream", "store_dir", "storedir", "default_js_domain",
        "gateway", "leaf", "leafnodes", "websocket", "ws", "mqtt",
        "resolver_tls", "resolver_pinned_accounts", "trusted", "trusted_keys",
        "mappings", "maps", "ocsp");

    private TopLevelKeys()
    {
    }

    static void apply(final Map<String, ConfValue> top, final OptionsDraft d, final Problems problems)
    {
        for (final Map.Entry<String, ConfValue> e : top.entrySet())
        {
            try
            {
                applyOne(e.getKey(), e.getValue(), d, problems);
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
    }

    @SuppressWarnings("MethodLength")
    private static void applyOne(final String rawKey, final ConfValue v, final OptionsDraft d, final Problems problems)
    {
        final String k = rawKey.toLowerCase(Locale.ROOT);
        switch (k)
        {
            case "listen" ->
            {
                final Values.HostPort hp = Values.asHostPort(k, v);
                d.host = hp.host();
                d.port = hp.port();
            }
            case "port" -> d.port = asInt(k, v);
            case "host", "net" -> d.host = asString(k, v);
            case "server_name" -> d.serverName = asString(k, v);
            case "client_advertise" -> d.clientAdvertise = asString(k, v);
            case "debug" -> d.logging.debug = asBool(k, v);
            case "trace" -> d.logging.trace = asBool(k, v);
            case "trace_verbose" ->
            {
                d.logging.traceVerbose = asBool(k, v);
                d.logging.trace = d.logging.traceVerbose;
            }
            case "logtime" -> d.logging.logtime = asBool(k, v);
            case "logfile", "log_file" -> d.logging.logFile = asString(k, v);
            case "logfile_size_limit", "log_size_limit" -> d.logging.logSizeLimitBytes = asLong(k, v);
            case "syslog" -> d.logging.syslog = asBool(k, v);
            case "remote_syslog" -> d.logging.remoteSyslog = asString(k, v);
            case "max_traced_msg_len" -> d.logging.maxTracedMsgLen = asInt(k, v);
            case "pidfile", "pid_file" -> d.pidFile = asString(k, v);
            case "ports_file_dir" -> d.portsFileDir = asString(k, v);
            case "prof_port" -> d.profPort = asInt(k, v);
            case "http" ->
            {
                final Values.HostPort hp = Values.asHostPort(k, v);
                d.httpHost = hp.host();
                d.httpPort = hp.port();
            }
            case "https" ->
            {
                final Values.HostPort hp = Values.asHostPort(k, v);
                d.httpHost = hp.host();
                d.httpsPort = hp.port();
            }
            case "http_port", "monitor_port" -> d.httpPort = asInt(k, v);
            case "https_port" -> d.httpsPort = asInt(k, v);
            case "http_base_path" -> d.httpBasePath = asString(k, v);
            case "max_control_line" -> d.maxControlLineBytes = notTooBig(k, v);
            case "max_payload" -> d.maxPayloadBytes = notTooBig(k, v);
            case "max_pending" -> d.maxPendingBytes = asLong(k, v);
            case "max_connections", "max_conn" -> d.maxConnections = asInt(k, v);
            case "max_subscriptions", "max_subs" -> d.maxSubscriptions = asInt(k, v);
            case "max_sub_tokens", "max_subscription_tokens" -> d.maxSubTokens = subTokens(k, v);
            case "ping_interval" -> d.pingIntervalNs = asDurationNs(k, v, problems);
            case "ping_max" -> d.pingMax = asInt(k, v);
            case "write_deadline" -> d.writeDeadlineNs = asDurationNs(k, v, problems);
            case "lame_duck_duration" -> d.lameDuckDurationNs = lameDuckDuration(k, v);
            case "lame_duck_grace_period" -> d.lameDuckGracePeriodNs = gracePeriod(k, v);
            case "no_header_support" -> d.noHeaderSupport = asBool(k, v);
            case "disable_sublist_cache", "no_sublist_cache" -> d.disableSublistCache = asBool(k, v);
            case "connect_error_reports" -> d.connectErrorReports = asInt(k, v);
            case "reconnect_error_reports" -> d.reconnectErrorReports = asInt(k, v);
            case "server_tags" -> d.serverTags = Values.asStrings(k, v);
            case "no_auth_user" -> d.noAuthUser = asString(k, v);
            case "no_system_account", "no_system", "no_sys_acc" -> asBool(k, v);
            case "allow_non_tls" -> d.allowNonTls = asBool(k, v);
            case "tls" -> d.tls = TlsSection.read(v, problems);
            case "authorization" -> AuthSection.read(v, d, problems);
            case "accounts" -> AccountsSection.read(v, d, problems);
            case "operator", "operators", "roots", "root", "root_operators", "root_operator" ->
                TrustSection.operator(v, d);
            case "resolver", "account_resolver", "accounts_resolver" -> TrustSection.resolver(v, d);
            case "resolver_preload" -> TrustSection.preload(v, d, problems);
            case "system_account", "system" -> TrustSection.systemAccount(rawKey, v, d);
            case "cluster" -> ClusterSection.read(v, d.cluster, problems);
            case "jnatsd" -> d.engine = EngineSection.read(v, problems);
            default -> other(rawKey, k, v, d, problems);
        }
    }

    private static void other(final String rawKey, final String k, final ConfValue v, final OptionsDraft d,
        final Problems problems)
    {
        if (UNSUPPORTED.contains(k))
        {
            d.unsupported.add(v.where() + ": \"" + rawKey + "\"");
        }
        else if (!v.usedAsVariable())
        {
            problems.error(v, "unknown field \"" + rawKey + "\"");
        }
    }

    private static long notTooBig(final String k, final ConfValue v)
    {
        final long value = asLong(k, v);
        if (value > Integer.MAX_VALUE)
        {
            throw ConfException.at(v, k + " value is too big");
        }
        return value;
    }

    private static int subTokens(final String k, final ConfValue v)
    {
        final long n = asLong(k, v);
        if (n > 255)
        {
            throw ConfException.at(v, k + " value is too big");
        }
        if (n <= 0)
        {
            throw ConfException.at(v, k + " value can not be negative");
        }
        return (int)n;
    }

    private static long lameDuckDuration(final String k, final ConfValue v)
    {
        final long ns = Values.parseDurationNs(k, v);
        if (ns < OperationsOptions.MIN_LAME_DUCK_DURATION_NS)
        {
            throw ConfException.at(v, "invalid lame_duck_duration of " + asString(k, v)
                + ", minimum is 30 seconds");
        }
        return ns;
    }

    private static long gracePeriod(final String k, final ConfValue v)
    {
        final long ns = Values.parseDurationNs(k, v);
        if (ns < 0)
        {
            throw ConfException.at(v, "invalid lame_duck_grace_period, needs to be positive");
        }
        return ns;
    }
}
