package jnatsd.engine.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.status.GoStrings;

/**
 * The text lines of the route handshake as nats-server 2.9 writes them: our route INFO, the INFO gossiping a new
 * peer (and the route URL it names) to the other routes, our CONNECT when we dial, the cluster fields of the client
 * INFO, and route errors. Pure functions of their arguments (the cluster name is passed in: adoption and reloads
 * change it).
 */
final class RouteLines
{
    static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AUTH_VIOLATION = "-ERR 'Authorization Violation'\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAME_DUCK_FIELD = ",\"ldm\":true".getBytes(StandardCharsets.US_ASCII);
    private static final String TLS_FIELDS = ",\"tls_required\":true,\"tls_verify\":true";
    /** Our INFO ends with "} \r\n". */
    private static final int INFO_TAIL = 4;

    private RouteLines()
    {
    }

    /** The INFO this server sends on every route connection. */
    static byte[] routeInfo(final ClusterSettings settings, final String clusterName, final boolean dynamicName)
    {
        final StringBuilder sb = new StringBuilder(384);
        sb.append("INFO {\"server_id\":").append(ServerInfo.quote(settings.serverId()))
            .append(",\"server_name\":").append(ServerInfo.quote(settings.serverName()))
            .append(",\"version\":").append(ServerInfo.quote(settings.version()))
            .append(",\"proto\":2")
            .append(",\"go\":").append(ServerInfo.quote(settings.runtime()))
            .append(",\"host\":").append(ServerInfo.quote(settings.routeHost()))
            .append(",\"port\":").append(settings.routePort())
            .append(",\"headers\":").append(settings.headers());
        if (settings.tls())
        {
            // nats-server: a TLS route always verifies the peer (tls_verify whatever the block's verify says).
            sb.append(TLS_FIELDS);
        }
        sb.append(",\"max_payload\":").append(settings.maxPayload());
        if (!settings.advertisedUrl().isEmpty())
        {
            sb.append(",\"ip\":").append(ServerInfo.quote(settings.advertisedUrl()));
        }
        sb.append(",\"cluster\":").append(ServerInfo.quote(clusterName));
        if (dynamicName)
        {
            sb.append(",\"cluster_dynamic\":true");
        }
        if (!settings.noAdvertise() && !settings.clientUrls().isEmpty())
        {
            sb.append(",\"connect_urls\":");
            appendArray(sb, settings.clientUrls());
        }
        sb.append(",\"lnoc\":true} \r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A {@link #routeInfo} line with {@code "ldm":true} inserted before its closing brace (lame duck mode). */
    static byte[] withLameDuck(final byte[] info)
    {
        final byte[] ldm = new byte[info.length + LAME_DUCK_FIELD.length];
        final int close = info.length - INFO_TAIL;
        System.arraycopy(info, 0, ldm, 0, close);
        System.arraycopy(LAME_DUCK_FIELD, 0, ldm, close, LAME_DUCK_FIELD.length);
        System.arraycopy(info, close, ldm, close + LAME_DUCK_FIELD.length, INFO_TAIL);
        return ldm;
    }

    /** The INFO telling the other routes of a new peer, so they dial it (implicit routes). */
    static byte[] gossipInfo(final RouteInfo i, final URI routeUrl, final boolean tls)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("INFO {\"server_id\":").append(ServerInfo.quote(i.id()))
            .append(",\"server_name\":").append(ServerInfo.quote(i.name()))
            .append(",\"version\":").append(ServerInfo.quote(i.version()))
            .append(",\"proto\":2")
            .append(",\"host\":").append(ServerInfo.quote(i.host()))
            .append(",\"port\":").append(i.port())
            .append(",\"headers\":").append(i.headers())
            .append(tls ? TLS_FIELDS : "")
            .append(",\"max_payload\":0")
            .append(",\"ip\":").append(ServerInfo.quote(routeUrl.toString()))
            .append(",\"cluster\":").append(ServerInfo.quote(i.cluster()));
        if (!i.connectUrls().isEmpty())
        {
            sb.append(",\"connect_urls\":");
            appendArray(sb, i.connectUrls());
        }
        sb.append("}\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A peer's route URL, as gossiped in the {@code ip} field: its own advertised one, else its address on this
     * connection ({@code remoteIp}) with the port of its INFO.
     */
    static URI routeUrl(final RouteInfo info, final String remoteIp)
    {
        try
        {
            if (!info.ip().isEmpty())
            {
                return new URI(info.ip());
            }
            final String host = remoteIp.contains(":") ? "[" + remoteIp + "]" : remoteIp;
            return new URI("nats-route://" + host + ":" + info.port() + "/");
        }
        catch (final URISyntaxException ex)
        {
            return URI.create("nats-route://127.0.0.1:" + info.port() + "/");
        }
    }

    /** The CONNECT we send first on a route we dialed; credentials come from the URL's user info. */
    static byte[] connect(
        final ClusterSettings settings, final URI url, final String clusterName, final boolean dynamicName)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false");
        final String userInfo = url.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty())
        {
            final int colon = userInfo.indexOf(':');
            sb.append(",\"user\":").append(ServerInfo.quote(colon < 0 ? userInfo : userInfo.substring(0, colon)));
            if (colon >= 0)
            {
                sb.append(",\"pass\":").append(ServerInfo.quote(userInfo.substring(colon + 1)));
            }
        }
        sb.append(",\"tls_required\":").append(settings.tls()).append(",\"headers\":").append(settings.headers())
            .append(",\"name\":").append(ServerInfo.quote(settings.serverId()))
            .append(",\"cluster\":").append(ServerInfo.quote(clusterName));
        if (dynamicName)
        {
            sb.append(",\"cluster_dynamic\":true");
        }
        sb.append(",\"lnoc\":true}\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The client INFO's cluster fields: "cluster", and once some peer advertised client URLs, "connect_urls" (ours,
     * then the peers', each once).
     */
    static String clientFields(
        final String clusterName, final boolean withUrls, final List<String> ownUrls, final Collection<String> peerUrls)
    {
        final StringBuilder sb = new StringBuilder(128);
        sb.append(",\"cluster\":").append(ServerInfo.quote(clusterName));
        if (withUrls)
        {
            final LinkedHashSet<String> all = new LinkedHashSet<>(ownUrls);
            all.addAll(peerUrls);
            sb.append(",\"connect_urls\":");
            appendArray(sb, List.copyOf(all));
        }
        return sb.toString();
    }

    /** nats-server's sendErr line: {@code -ERR 'text'}. */
    static byte[] err(final String text)
    {
        return ("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON array of strings. */
    static void appendArray(final StringBuilder sb, final List<String> values)
    {
        sb.append('[');
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            sb.append(ServerInfo.quote(values.get(i)));
        }
        sb.append(']');
    }

    /** Go's %q, as nats-server's cluster name and route id texts use it. */
    static String goQuote(final String s)
    {
        return GoStrings.quote(s);
    }
}
