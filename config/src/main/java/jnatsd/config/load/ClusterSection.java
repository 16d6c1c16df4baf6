package jnatsd.config.load;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

import static jnatsd.config.load.Values.asString;

/** The cluster block (server/opts.go parseCluster). */
final class ClusterSection
{
    private ClusterSection()
    {
    }

    static void read(final ConfValue block, final OptionsDraft.ClusterDraft c, final Problems problems)
    {
        if (!(block.value() instanceof Map))
        {
            throw ConfException.at(block, "Expected map to define cluster, got " + block.typeName());
        }
        for (final Map.Entry<String, ConfValue> e : Values.asMap("cluster", block).entrySet())
        {
            try
            {
                readOne(e.getKey(), e.getValue(), c, problems);
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
    }

    private static void readOne(final String rawKey, final ConfValue v, final OptionsDraft.ClusterDraft c,
        final Problems problems)
    {
        final String k = rawKey.toLowerCase(Locale.ROOT);
        switch (k)
        {
            case "name" -> c.name = asString(k, v);
            case "listen" ->
            {
                final Values.HostPort hp = Values.asHostPort(k, v);
                c.host = hp.host();
                c.port = hp.port();
            }
            case "port" -> c.port = Values.asInt(k, v);
            case "host", "net" -> c.host = asString(k, v);
            case "authorization" -> authorization(v, c, problems);
            case "routes" -> c.routes = routes(Values.asList(k, v));
            case "tls" -> c.tls = TlsSection.read(v, problems);
            case "cluster_advertise", "advertise" -> c.advertise = asString(k, v);
            case "no_advertise" -> c.noAdvertise = Values.asBool(k, v);
            case "connect_retries" -> c.connectRetries = Values.asInt(k, v);
            case "permissions" -> c.permissions = PermissionsReader.read(v, false);
            default ->
            {
                if (!v.usedAsVariable())
                {
                    problems.error(v, "unknown field \"" + rawKey + "\"");
                }
            }
        }
    }

    private static void authorization(final ConfValue block, final OptionsDraft.ClusterDraft c,
        final Problems problems)
    {
        for (final Map.Entry<String, ConfValue> e : Values.asMap("authorization", block).entrySet())
        {
            final String k = e.getKey().toLowerCase(Locale.ROOT);
            final ConfValue v = e.getValue();
            switch (k)
            {
                case "user", "username" -> c.user = asString(k, v);
                case "pass", "password" -> c.password = asString(k, v);
                case "timeout" -> c.authTimeoutNs = Values.asSecondsNs(k, v);
                case "users" -> throw ConfException.at(block, "Cluster authorization does not allow multiple users");
                case "token" -> throw ConfException.at(block, "Cluster authorization does not support tokens");
                default ->
                {
                    if (!v.usedAsVariable())
                    {
                        problems.error(v, "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
    }

    static List<URI> routes(final List<ConfValue> values)
    {
        final List<URI> out = new ArrayList<>();
        for (final ConfValue v : values)
        {
            final String text = asString("routes", v);
            out.add(routeUri(text, v));
        }
        return out;
    }

    private static URI routeUri(final String text, final ConfValue at)
    {
        try
        {
            return new URI(text.trim());
        }
        catch (final URISyntaxException ex)
        {
            throw ConfException.at(at, "error parsing route url [\"" + text + "\"]");
        }
    }
}
