package jnatsd.server.ops;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import jnatsd.config.ServerOptions;
import jnatsd.config.TlsOptions;
import jnatsd.config.cli.CliResult;
import jnatsd.server.ServerLog;
import jnatsd.server.monitor.GoFormat;

/**
 * SIGHUP: re-reads the configuration exactly as at start (the same command line, so flags still override the
 * file) and applies it, all or nothing, as nats-server does. Options that can change at run time are logged
 * one by one ({@code Reloaded: debug = true}) and then {@code Reloaded server configuration}; if any other
 * option changed, or the file does not load, nothing is applied and the reason is logged
 * ({@code Failed to reload server configuration: config reload not supported for Port: old=4222, new=4333}).
 * As nats-server 2.9.10, changes are handled in the order of its Options struct, a refusal names the first refused
 * option by its Go field name, and only that one. Authorization changes are applied by {@link AuthReload} and the
 * cluster's by its own reload listener; both log them in nats-server's words.
 */
public final class ConfigReload
{
    /** Option paths (record components below ServerOptions) that take effect without a restart. */
    private static final Set<String> RELOADABLE = Set.of(
        "logging.debug", "logging.trace", "logging.traceVerbose", "logging.logtime", "logging.logFile",
        "logging.syslog", "logging.remoteSyslog", "logging.maxTracedMsgLen",
        "limits.maxPayloadBytes", "limits.maxControlLineBytes", "limits.maxConnections", "limits.pingIntervalNs",
        "limits.pingMax", "limits.writeDeadlineNs",
        "cluster.routes", "cluster.connectRetries", "cluster.name", "cluster.advertise", "cluster.noAdvertise",
        "cluster.user", "cluster.password", "cluster.authTimeoutNs", "tls");

    /** Authorization (applied by {@link AuthReload}, logged in nats-server's words by it, never with secrets). */
    private static final Set<String> AUTH_RELOADABLE = Set.of("auth", "limits.authTimeoutNs");

    /**
     * nats-server 2.9.10's Options struct: option paths in its field order, with the Go field name its refusal
     * prints (checked against the binary: {@code config reload not supported for MaxPending: old=67108864,
     * new=100000}). lame_duck_duration, lame_duck_grace_period and logfile_size_limit are refused by it too.
     */
    private static final String[][] GO_FIELDS = {
        {"serverName", "ServerName"}, {"listen.host", "Host"}, {"listen.port", "Port"},
        {"listen.clientAdvertise", "ClientAdvertise"}, {"logging.trace", "Trace"}, {"logging.debug", "Debug"},
        {"logging.traceVerbose", "TraceVerbose"}, {"operations.disableSublistCache", "NoSublistCache"},
        {"limits.noHeaderSupport", "NoHeaderSupport"}, {"logging.logtime", "Logtime"},
        {"limits.maxConnections", "MaxConn"}, {"limits.maxSubscriptions", "MaxSubs"},
        {"limits.maxSubTokens", "MaxSubTokens"}, {"limits.pingIntervalNs", "PingInterval"},
        {"limits.pingMax", "MaxPingsOut"}, {"monitor.httpHost", "HTTPHost"}, {"monitor.httpPort", "HTTPPort"},
        {"monitor.httpBasePath", "HTTPBasePath"}, {"monitor.httpsPort", "HTTPSPort"},
        {"limits.authTimeoutNs", "AuthTimeout"}, {"limits.maxControlLineBytes", "MaxControlLine"},
        {"limits.maxPayloadBytes", "MaxPayload"}, {"limits.maxPendingBytes", "MaxPending"}, {"cluster", "Cluster"},
        {"operations.profPort", "ProfPort"}, {"operations.pidFile", "PidFile"},
        {"operations.portsFileDir", "PortsFileDir"}, {"logging.logFile", "LogFile"},
        {"logging.logSizeLimitBytes", "LogSizeLimit"}, {"logging.syslog", "Syslog"},
        {"logging.remoteSyslog", "RemoteSyslog"}, {"tls", "TLS"}, {"limits.writeDeadlineNs", "WriteDeadline"},
        {"operations.lameDuckDurationNs", "LameDuckDuration"},
        {"operations.lameDuckGracePeriodNs", "LameDuckGracePeriod"}, {"logging.maxTracedMsgLen", "MaxTracedMsgLen"},
        {"operations.serverTags", "Tags"}, {"operations.connectErrorReports", "ConnectErrorReports"},
        {"operations.reconnectErrorReports", "ReconnectErrorReports"},
    };

    /** nats-server's names for option paths, as the configuration file spells them. */
    private static final Map<String, String> NAMES = Map.ofEntries(
        Map.entry("listen.host", "host"), Map.entry("listen.port", "port"),
        Map.entry("listen.clientAdvertise", "client_advertise"), Map.entry("serverName", "server_name"),
        Map.entry("limits.maxPayloadBytes", "max_payload"), Map.entry("limits.maxControlLineBytes", "max_control_line"),
        Map.entry("limits.maxPendingBytes", "max_pending"), Map.entry("limits.maxConnections", "max_connections"),
        Map.entry("limits.maxSubscriptions", "max_subscriptions"), Map.entry("limits.pingIntervalNs", "ping_interval"),
        Map.entry("limits.pingMax", "ping_max"), Map.entry("limits.authTimeoutNs", "authorization timeout"),
        Map.entry("limits.writeDeadlineNs", "write_deadline"), Map.entry("limits.maxSubTokens", "max_sub_tokens"),
        Map.entry("limits.noHeaderSupport", "no_header_support"),
        Map.entry("logging.debug", "debug"), Map.entry("logging.trace", "trace"),
        Map.entry("logging.traceVerbose", "trace_verbose"), Map.entry("logging.logtime", "logtime"),
        Map.entry("logging.logFile", "log_file"), Map.entry("logging.logSizeLimitBytes", "logfile_size_limit"),
        Map.entry("logging.syslog", "syslog"), Map.entry("logging.remoteSyslog", "remote_syslog"),
        Map.entry("logging.maxTracedMsgLen", "max_traced_msg_len"),
        Map.entry("monitor.httpHost", "http host"), Map.entry("monitor.httpPort", "http_port"),
        Map.entry("monitor.httpsPort", "https_port"), Map.entry("monitor.httpBasePath", "http_base_path"),
        Map.entry("operations.pidFile", "pid_file"), Map.entry("operations.portsFileDir", "ports_file_dir"),
        Map.entry("operations.lameDuckDurationNs", "lame_duck_duration"),
        Map.entry("operations.lameDuckGracePeriodNs", "lame_duck_grace_period"),
        Map.entry("operations.serverTags", "server_tags"), Map.entry("engine", "jnatsd"),
        Map.entry("auth", "authorization"), Map.entry("tls", "tls"), Map.entry("cluster", "cluster"));

    /** One changed option. */
    record Change(String path, Object oldValue, Object newValue)
    {
        String name()
        {
            final String exact = NAMES.get(path);
            if (exact != null)
            {
                return exact;
            }
            final int dot = path.indexOf('.');
            return dot > 0 && NAMES.containsKey(path.substring(0, dot))
                ? NAMES.get(path.substring(0, dot)) + " " + path.substring(dot + 1) : path;
        }

        boolean reloadable()
        {
            return RELOADABLE.contains(path) || AUTH_RELOADABLE.contains(path);
        }

        /** The name nats-server's refusal prints: its Go field name where there is one. */
        String goName()
        {
            final int i = goIndex(path);
            return i < GO_FIELDS.length && GO_FIELDS[i][0].equals(path) ? GO_FIELDS[i][1] : name();
        }
    }

    /** Where a path (or the record it is under) sits in nats-server's Options struct; unknown ones go last. */
    static int goIndex(final String path)
    {
        for (int i = 0; i < GO_FIELDS.length; i++)
        {
            final String p = GO_FIELDS[i][0];
            if (path.equals(p) || path.startsWith(p + "."))
            {
                return i;
            }
        }
        return GO_FIELDS.length;
    }

    private final Function<String[], CliResult> parser;
    private final String[] args;
    private final ServerRuntime runtime;
    private final ServerLog log;

    public ConfigReload(final Function<String[], CliResult> parser, final String[] args, final ServerRuntime runtime,
        final ServerLog log)
    {
        this.parser = parser;
        this.args = args.clone();
        this.runtime = runtime;
        this.log = log;
    }

    /** Runs one reload; never throws. Returns whether the new configuration is in force. */
    public synchronized boolean reload()
    {
        final ServerOptions current = runtime.options();
        if (current.configFile() == null)
        {
            return fail("can only reload config when a file is provided using -c or --config");
        }
        final CliResult r = parser.apply(args);
        if (r.action() != CliResult.Action.RUN)
        {
            return fail(stripProgramName(r.message()));
        }
        final List<Change> changes = diff(current, r.options());
        changes.sort(Comparator.comparingInt(c -> goIndex(c.path())));
        for (final Change c : changes)
        {
            if (!c.reloadable())
            {
                // nats-server stops at the first option it cannot reload, and names only that one.
                return fail("config reload not supported for " + c.goName() + ": old=" + show(c.oldValue())
                    + ", new=" + show(c.newValue()));
            }
        }
        final String authRefusal = AuthReload.refusal(current.auth(), r.options().auth());
        if (authRefusal != null)
        {
            return fail(authRefusal);
        }
        try
        {
            log.apply(r.options().logging());
        }
        catch (final IOException ex)
        {
            return fail("cannot open the new log destination: " + ex.getMessage());
        }
        for (final String w : r.warnings())
        {
            log.warn(w);
        }
        // One stream in nats-server's Options order: its users, accounts, username, password and token fields sit
        // between MaxSubTokens and PingInterval, AuthTimeout just before MaxControlLine.
        final List<Map.Entry<Integer, String>> lines = new ArrayList<>();
        for (final Change c : changes)
        {
            // Authorization and the cluster log their own changes as nats-server does ("Reloaded: cluster routes").
            if (!AUTH_RELOADABLE.contains(c.path()) && !c.path().startsWith("cluster.") && !"tls".equals(c.path()))
            {
                lines.add(Map.entry(2 * goIndex(c.path()), c.name() + " = " + show(c.newValue())));
            }
        }
        for (final String line : AuthReload.describe(current, r.options()))
        {
            final String field = line.startsWith("authorization timeout") ? "limits.authTimeoutNs"
                : "limits.pingIntervalNs";
            lines.add(Map.entry(2 * goIndex(field) - 1, line));
        }
        tlsLines(current.tls(), r.options().tls(), lines);
        lines.sort(Map.Entry.comparingByKey());
        for (final Map.Entry<Integer, String> line : lines)
        {
            log.info("Reloaded: " + line.getValue());
        }
        runtime.reloaded(r.options());
        log.info("Reloaded server configuration");
        return true;
    }

    /**
     * nats-server 2.9.10 rebuilds its TLS configuration on every reload and so logs {@code tls = enabled} each time
     * a {@code tls {}} block is there (TlsReload re-reads the files then), {@code tls = disabled} when it went, and a
     * changed handshake timeout just before, in seconds as Go prints a float ({@code tls timeout = 3}).
     */
    private static void tlsLines(final TlsOptions a, final TlsOptions b, final List<Map.Entry<Integer, String>> lines)
    {
        final int at = 2 * goIndex("tls");
        if (b.enabled() && a.timeoutNs() != b.timeoutNs())
        {
            lines.add(Map.entry(at - 1, "tls timeout = " + GoFormat.float64(b.timeoutNs() / 1e9)));
        }
        if (b.enabled() || a.enabled())
        {
            lines.add(Map.entry(at, "tls = " + (b.enabled() ? "enabled" : "disabled")));
        }
    }

    private boolean fail(final String why)
    {
        log.error("Failed to reload server configuration: " + why);
        return false;
    }

    private static String stripProgramName(final String message)
    {
        return message == null ? "the configuration did not load" : message.replace("jnatsd: ", "").trim();
    }

    /** Durations as Go prints them ("30s"), everything else as is. */
    private static String show(final Object v)
    {
        return v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
    }

    /** The changes between two configurations as a reload would log them ("debug = true"). */
    public static List<String> describeChanges(final ServerOptions a, final ServerOptions b)
    {
        final List<String> out = new ArrayList<>();
        for (final Change c : diff(a, b))
        {
            out.add(c.name() + " = " + show(c.newValue()));
        }
        return out;
    }

    /** Every leaf that differs between two option trees, by record-component path. */
    static List<Change> diff(final ServerOptions a, final ServerOptions b)
    {
        final List<Change> out = new ArrayList<>();
        diffRecords("", a, b, out);
        return out;
    }

    private static void diffRecords(final String prefix, final Object a, final Object b, final List<Change> out)
    {
        for (final RecordComponent rc : a.getClass().getRecordComponents())
        {
            final String path = prefix.isEmpty() ? rc.getName() : prefix + "." + rc.getName();
            if ("configFile".equals(path) || "unsupported".equals(path))
            {
                continue;
            }
            final Object va = value(rc, a);
            final Object vb = value(rc, b);
            if (va != null && vb != null && va.getClass().isRecord() && va.getClass() == vb.getClass()
                && !"auth".equals(path) && !"tls".equals(path))
            {
                diffRecords(path, va, vb, out);
            }
            else if (!Objects.deepEquals(va, vb))
            {
                final boolean secret = "auth".equals(path) || path.toLowerCase().contains("password");
                out.add(new Change(path, secret ? "[REDACTED]" : durationAware(path, va),
                    secret ? "[REDACTED]" : durationAware(path, vb)));
            }
        }
    }

    private static Object durationAware(final String path, final Object v)
    {
        return path.endsWith("Ns") && v instanceof Long ns ? GoFormat.duration(ns) : v;
    }

    private static Object value(final RecordComponent rc, final Object record)
    {
        try
        {
            return rc.getAccessor().invoke(record);
        }
        catch (final IllegalAccessException | InvocationTargetException ex)
        {
            throw new IllegalStateException("cannot read option " + rc.getName(), ex);
        }
    }
}
