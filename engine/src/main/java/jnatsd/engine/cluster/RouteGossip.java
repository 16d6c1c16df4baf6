package jnatsd.engine.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import jnatsd.engine.Engine;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;

/**
 * What peers and clients learn of the cluster: gossip of a new peer to the other routes, implicit routes dialed from
 * gossip, the lame duck INFO, and the client INFO's cluster fields. {@link RouteRegistry} owns the routes, the
 * settings and the cluster name, and passes the current ones in, so a reload replaces them there only. Engine thread
 * only.
 */
final class RouteGossip
{
    /** The registered routes by server id, one per peer (a live, read-only view of the registry's). */
    private final Map<String, RouteLink> registered;
    private final RouteSolicitor solicitor;
    private final Engine engine;
    private final ServerInfo clientInfo;
    private final Log log;
    /** A peer advertised connect URLs once: from then on the client INFO keeps "connect_urls". */
    private boolean advertisedUrls;

    RouteGossip(
        final Map<String, RouteLink> registered,
        final RouteSolicitor solicitor,
        final Engine engine,
        final ServerInfo clientInfo,
        final Log log)
    {
        this.registered = registered;
        this.solicitor = solicitor;
        this.engine = engine;
        this.clientInfo = clientInfo;
        this.log = log;
    }

    /** A registered route's INFO named another server: dial it, unless known, ourselves or a configured route. */
    void implicitRoute(final RouteInfo info, final ClusterSettings settings, final List<URI> explicitRoutes)
    {
        final String id = info.id();
        if (id.equals(settings.serverId()) || registered.containsKey(id) || info.ip().isEmpty())
        {
            return;
        }
        final URI url;
        try
        {
            url = new URI(info.ip());
        }
        catch (final URISyntaxException ex)
        {
            log.error("Error parsing gossiped route URL " + RouteLines.goQuote(info.ip()));
            return;
        }
        for (final URI configured : explicitRoutes)
        {
            if (sameHostPort(configured, url))
            {
                return;
            }
        }
        if (log.isDebug())
        {
            log.debug("Connecting to implicit route " + url + " (server " + id + ")");
        }
        solicitor.solicit(url, false, 0);
    }

    /** Gossip: the other registered routes learn of the new peer and dial it. */
    void forwardNewRoute(final RouteLink link, final ClusterSettings settings)
    {
        final byte[] line = RouteLines.gossipInfo(link.info, link.routeUrl, settings.tls());
        for (final RouteLink other : registered.values())
        {
            if (other != link)
            {
                other.session.outbound.put(line);
                engine.markDirty(other.session);
            }
        }
    }

    /** Lame duck mode: every registered route gets our INFO with {@code "ldm":true} (see {@link Cluster}). */
    void enterLameDuck(final byte[] routeInfo)
    {
        final byte[] ldm = RouteLines.withLameDuck(routeInfo);
        for (final RouteLink link : registered.values())
        {
            if (!link.session.closed && link.session.outbound != null)
            {
                link.session.outbound.put(ldm);
                engine.markDirty(link.session);
            }
        }
    }

    /** The registered peers or their connect URLs changed: clients hear of it, unless no_advertise. */
    void peersChanged(final ClusterSettings settings, final String clusterName)
    {
        if (!settings.noAdvertise())
        {
            updateClientInfo(settings, clusterName, true);
        }
    }

    /** Client INFO gets "cluster" and, once a peer advertised some, "connect_urls"; clients are told of changes. */
    void updateClientInfo(final ClusterSettings settings, final String clusterName, final boolean notify)
    {
        final LinkedHashSet<String> urls = new LinkedHashSet<>();
        if (!settings.noAdvertise())
        {
            for (final RouteLink link : registered.values())
            {
                urls.addAll(link.connectUrls);
            }
            if (!urls.isEmpty())
            {
                advertisedUrls = true;
            }
        }
        final String tail = RouteLines.clientFields(clusterName, advertisedUrls, settings.clientUrls(), urls);
        if (tail.equals(clientInfo.clusterFields()))
        {
            return;
        }
        clientInfo.clusterFields(tail);
        if (!notify)
        {
            return;
        }
        for (final Session c : engine.sessions())
        {
            if (!c.closed && c.connectReceived && c.protocol >= 1 && c.outbound != null)
            {
                c.outbound.put(clientInfo.forClient(c.cid, c.remoteIp));
                engine.markDirty(c);
            }
        }
    }

    private static boolean sameHostPort(final URI a, final URI b)
    {
        final int pa = a.getPort() < 0 ? 6222 : a.getPort();
        final int pb = b.getPort() < 0 ? 6222 : b.getPort();
        return pa == pb && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()));
    }
}
