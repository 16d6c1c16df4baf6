package jnatsd.config.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnatsd.config.TlsOptions;
import jnatsd.config.load.OptionsDraft;

/** Applies parsed flags on top of the file's values (nats-server's MergeOptions: a flag given wins). */
final class FlagApplier
{
    private FlagApplier()
    {
    }

    /** @throws IllegalArgumentException with Go's "invalid value" message for a malformed value. */
    @SuppressWarnings("MethodLength")
    static void apply(final Map<String, String> flags, final OptionsDraft d)
    {
        for (final Map.Entry<String, String> e : flags.entrySet())
        {
            final String name = e.getKey();
            final String v = e.getValue();
            final boolean on = "true".equals(v);
            switch (name)
            {
                case "addr" -> d.host = v;
                case "port" -> d.port = toInt(name, v);
                case "server_name" -> d.serverName = v;
                case "pid" -> d.pidFile = v;
                case "http_port" -> d.httpPort = toInt(name, v);
                case "https_port" -> d.httpsPort = toInt(name, v);
                case "client_advertise" -> d.clientAdvertise = v;
                case "ports_file_dir" -> d.portsFileDir = v;
                case "log" -> d.logging.logFile = v;
                case "remote_syslog" -> d.logging.remoteSyslog = v;
                case "log_size_limit" -> d.logging.logSizeLimitBytes = toLong(name, v);
                case "max_traced_msg_len" -> d.logging.maxTracedMsgLen = toInt(name, v);
                case "logtime" -> d.logging.logtime = on;
                case "syslog" -> d.logging.syslog = on;
                case "debug" -> d.logging.debug = on;
                case "trace" -> d.logging.trace = on;
                case "VV" -> traceVerbose(d, on);
                case "DV" ->
                {
                    d.logging.debug = on;
                    d.logging.trace = on;
                }
                case "DVV" ->
                {
                    d.logging.debug = on;
                    traceVerbose(d, on);
                }
                case "user" -> d.user = v;
                case "pass" -> d.password = v;
                case "auth" -> d.token = v;
                case "tls", "tlsverify", "tlscert", "tlskey", "tlscacert" -> tls(name, v, d);
                case "routes" -> d.cluster.routes = routes(v);
                case "cluster", "cluster_listen" -> clusterListen(name, v, d);
                case "cluster_name" -> d.cluster.name = v;
                case "cluster_advertise" -> d.cluster.advertise = v;
                case "connect_retries" -> d.cluster.connectRetries = toInt(name, v);
                case "no_advertise" -> d.cluster.noAdvertise = on;
                case "profile" -> d.profPort = toInt(name, v);
                case "jetstream" ->
                {
                    if (on)
                    {
                        d.unsupported.add("flag -js/--jetstream");
                    }
                }
                case "store_dir" -> d.unsupported.add("flag -sd/--store_dir");
                default ->
                {
                    // config, signal, t, help... are handled by Cli before the options are merged.
                }
            }
        }
    }

    private static void traceVerbose(final OptionsDraft d, final boolean on)
    {
        d.logging.trace = on;
        d.logging.traceVerbose = on;
    }

    /**
     * As nats-server: any --tls* flag turns client TLS on (built from the flags) unless --tls=false came first,
     * which turns it off.
     */
    private static void tls(final String name, final String v, final OptionsDraft d)
    {
        if (name.equals("tls") && !"true".equals(v))
        {
            d.tls = TlsOptions.none();
            d.tlsDisabledByFlag = true;
            return;
        }
        if (d.tlsDisabledByFlag)
        {
            return;
        }
        final TlsOptions t = d.tls;
        final boolean verify = name.equals("tlsverify") ? "true".equals(v) : t.verify();
        final String cert = name.equals("tlscert") ? v : t.certFile();
        final String key = name.equals("tlskey") ? v : t.keyFile();
        final String ca = name.equals("tlscacert") ? v : t.caFile();
        final long timeoutNs = t.timeoutNs() == 0 ? TlsOptions.DEFAULT_TIMEOUT_NS : t.timeoutNs();
        d.tls = new TlsOptions(true, cert, key, ca, verify, timeoutNs, t.allowNonTls(), t.verifyAndMap(),
            t.insecure(), t.cipherSuites(), t.curvePreferences(), t.pinnedCerts());
    }

    private static List<URI> routes(final String v)
    {
        final List<URI> out = new ArrayList<>();
        for (final String part : v.split(","))
        {
            final String url = part.trim();
            if (!url.isEmpty())
            {
                out.add(uri("routes", url));
            }
        }
        return out;
    }

    private static void clusterListen(final String name, final String v, final OptionsDraft d)
    {
        final URI uri = uri(name, v);
        if (uri.getHost() == null || uri.getPort() < 0)
        {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -" + name
                + ": expected a URL such as nats://0.0.0.0:6222");
        }
        d.cluster.host = uri.getHost();
        d.cluster.port = uri.getPort();
    }

    private static URI uri(final String name, final String v)
    {
        try
        {
            return new URI(v);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -" + name + ": parse error");
        }
    }

    private static int toInt(final String name, final String v)
    {
        final long value = toLong(name, v);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)
        {
            throw new IllegalArgumentException(
                "invalid value \"" + v + "\" for flag -" + name + ": value out of range");
        }
        return (int)value;
    }

    private static long toLong(final String name, final String v)
    {
        try
        {
            return Long.parseLong(v);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("invalid value \"" + v + "\" for flag -" + name + ": parse error");
        }
    }
}
