package jnatsd.engine.cluster;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import jnatsd.engine.Engine;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;

/**
 * The route connections and their peers: the handshake (CONNECT, INFO, cluster name agreement and adoption), one
 * registered route per peer server (of two, the one dialed by the smaller server id), redials after a close, route
 * PINGs, reloads and shutdown. It owns the links, the settings and the cluster name, and passes them to
 * {@link RouteGossip} (what peers and clients are told) and {@link RouteReload} (a reload's closes), which keep none
 * of it. Engine thread only.
 */
final class RouteRegistry
{
    /** How long a standby connection may wait for the peer to close one of two (it does so at once). */
    private static final long STANDBY_LIMIT_NS = 10_000_000_000L;

    /** Replaced by {@link #reconfigure} on a reload. */
    private ClusterSettings settings;
    private final Engine engine;
    private final Log log;
    private final ChunkPool pool;
    private final RouteSolicitor solicitor;
    private final RouteInterest interest;
    private final RouteGossip gossip;
    private final RouteReload reload;
    /** Every open route connection, registered or still in its handshake. */
    private final ArrayList<RouteLink> links = new ArrayList<>();
    private final HashMap<String, RouteLink> byRemoteId = new HashMap<>();
    /** A nats-server peer's second connection, until the peer closes one of the two. */
    private final HashMap<String, RouteLink> standbyByRemoteId = new HashMap<>();
    /** Configured URL that led to a server id: reconnected when that server's route goes away. */
    private final HashMap<String, URI> explicitByRemoteId = new HashMap<>();
    /** The configured routes in force: the settings' list until a reload changes it. */
    private List<URI> explicitRoutes;
    /** Configured routes that have not yet answered a dial with an INFO (a peer's or this server's own). */
    private final HashSet<URI> unanswered = new HashSet<>();
    private String clusterName;
    private boolean dynamicName;
    private boolean stopping;
    private long nowNs = System.nanoTime();

    RouteRegistry(
        final ClusterSettings settings,
        final Engine engine,
        final ServerInfo clientInfo,
        final ChunkPool pool,
        final RouteSolicitor solicitor,
        final RouteInterest interest,
        final Log log)
    {
        this.settings = settings;
        this.engine = engine;
        this.pool = pool;
        this.solicitor = solicitor;
        this.interest = interest;
        this.log = log;
        this.gossip = new RouteGossip(Collections.unmodifiableMap(byRemoteId), solicitor, engine, clientInfo, log);
        this.reload = new RouteReload(Collections.unmodifiableList(links), engine, log);
        this.clusterName = settings.clusterName();
        this.explicitRoutes = List.copyOf(settings.explicitRoutes());
        // From construction, so that /healthz (which may answer before start()) counts them as not reached yet.
        unanswered.addAll(explicitRoutes);
        this.dynamicName = clusterName.isEmpty();
        if (dynamicName)
        {
            clusterName = settings.serverId().substring(1, 23);
        }
        gossip.updateClientInfo(settings, clusterName, false);
    }

    void start()
    {
        solicitor.explicitRoutes(explicitRoutes);
        for (final URI url : explicitRoutes)
        {
            solicitor.solicit(url, true, 0);
        }
    }

    /** Configured routes whose server has not been reached yet (for readiness: /healthz). */
    int unansweredRoutes()
    {
        return unanswered.size();
    }

    String clusterName()
    {
        return clusterName;
    }

    /** The registered routes, one per peer server (a live view). */
    Collection<RouteLink> registered()
    {
        return byRemoteId.values();
    }

    int routeCount()
    {
        return byRemoteId.size();
    }

    /** A route connection opened (accepted, or dialed with an origin): our INFO, after our CONNECT if we dialed. */
    void onOpen(final Session s, final Object attachment)
    {
        final RouteOrigin origin = attachment instanceof RouteOrigin o ? o : null;
        s.outbound = new Outbound(pool);
        s.connectReceived = true;
        s.nextPingNs = nowNs + Math.min(ClusterSettings.FIRST_ROUTE_PING_NS, settings.pingIntervalNs());
        final RouteLink link = new RouteLink(s, origin);
        s.route = link;
        links.add(link);
        log.info(s.logPrefix() + " - Route connection created");
        if (origin != null)
        {
            s.outbound.put(RouteLines.connect(settings, origin.url(), clusterName, dynamicName));
            if (log.isDebug())
            {
                log.debug(s.logPrefix() + " - Route connect msg sent");
            }
        }
        s.outbound.put(RouteLines.routeInfo(settings, clusterName, dynamicName));
        engine.markDirty(s);
    }

    void onConnect(final RouteLink link, final RouteConnect c)
    {
        final Session s = link.session;
        if (!settings.routeUser().isEmpty()
            && (!settings.routeUser().equals(c.user()) || !settings.routePassword().equals(c.pass())))
        {
            reload.authViolation(s);
            return;
        }
        if (!c.cluster().equals(clusterName) && !agreeOnName(c.cluster(), c.dynamic()))
        {
            sendErr(s, "Rejecting connection, cluster name " + RouteLines.goQuote(c.cluster()) + " does not match "
                + RouteLines.goQuote(clusterName));
            engine.close(s, "Cluster Name Conflict", true);
            return;
        }
        link.remoteId = c.name();
        link.connectUser = c.user() == null ? "" : c.user();
        link.connectPass = c.pass() == null ? "" : c.pass();
        link.headers = settings.headers() && c.headers();
    }

    /** The peer's first INFO registers the route; a later one updates its URLs or gossips another server. */
    void onInfo(final RouteLink link, final RouteInfo info)
    {
        final Session s = link.session;
        if (link.infoReceived)
        {
            if (!info.id().equals(link.remoteId))
            {
                gossip.implicitRoute(info, settings, explicitRoutes);
            }
            else
            {
                link.connectUrls = info.lameDuck() ? List.of() : info.connectUrls();
                gossip.peersChanged(settings, clusterName);
            }
            return;
        }
        link.infoReceived = true;
        if (link.origin != null)
        {
            unanswered.remove(link.origin.url());
        }
        if (info.id().equals(settings.serverId()))
        {
            link.self = true;
            link.remoteId = info.id();
            // As nats-server: one debug line, for the dialing side only, and the URL is never dialed again.
            if (link.origin != null)
            {
                solicitor.forget(link.origin.url());
                if (log.isDebug())
                {
                    log.debug("Detected route to self, ignoring " + RouteLines.goQuote(link.origin.url().toString()));
                }
            }
            engine.close(s, "Duplicate Route", false);
            return;
        }
        if (!info.cluster().isEmpty() && !info.cluster().equals(clusterName)
            && !agreeOnName(info.cluster(), info.dynamic()))
        {
            log.error(s.logPrefix() + " - Cluster name " + RouteLines.goQuote(info.cluster()) + " does not match "
                + RouteLines.goQuote(clusterName));
            engine.close(s, "Cluster Name Conflict", false);
            return;
        }
        link.remoteId = info.id();
        link.remoteName = info.name();
        link.info = info;
        link.headers = settings.headers() && info.headers();
        link.connectUrls = info.connectUrls();
        link.routeUrl = RouteLines.routeUrl(info, s.remoteIp);
        register(link);
    }

    private void register(final RouteLink link)
    {
        final Session s = link.session;
        final RouteLink existing = byRemoteId.get(link.remoteId);
        RouteLink displaced = null;
        if (existing != null && !link.info.jnatsd() && !standbyByRemoteId.containsKey(link.remoteId))
        {
            standby(link);
            return;
        }
        if (existing != null)
        {
            if (preferred(existing, link) == existing)
            {
                if (log.isDebug())
                {
                    log.debug(s.logPrefix() + " - Detected duplicate remote route "
                        + RouteLines.goQuote(link.remoteId));
                }
                engine.close(s, "Duplicate Route", false);
                return;
            }
            // Both ends keep the connection dialed by the smaller server id: the other one goes, once this one
            // is registered (so its close does not dial the peer again).
            unregister(existing);
            displaced = existing;
        }
        byRemoteId.put(link.remoteId, link);
        link.registered = true;
        if (link.origin != null && link.origin.explicit())
        {
            explicitByRemoteId.put(link.remoteId, link.origin.url());
        }
        if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - Registering remote route " + RouteLines.goQuote(link.remoteId));
        }
        interest.sendLocalInterest(link);
        if (byRemoteId.size() > 1)
        {
            gossip.forwardNewRoute(link, settings);
        }
        gossip.peersChanged(settings, clusterName);
        if (displaced != null)
        {
            engine.close(displaced.session, "Duplicate Route", false);
        }
    }

    /**
     * A second connection to a nats-server peer. nats-server closes the one it registered second (its addRoute),
     * which need not be the one this server would close: both ends closing would leave none, and both would dial
     * again a second later. So the peer chooses: this one waits unregistered (its RS+ counted, since nats-server
     * sends interest only on the connection it keeps), learns our interest now, and takes over if the peer closes
     * the registered one. Between two jnatsd servers both ends close the same one at once ({@link #preferred}).
     */
    private void standby(final RouteLink link)
    {
        link.standby = true;
        link.standbySinceNs = nowNs;
        standbyByRemoteId.put(link.remoteId, link);
        if (log.isDebug())
        {
            log.debug(link.session.logPrefix() + " - Detected duplicate remote route "
                + RouteLines.goQuote(link.remoteId) + ", waiting for the peer to close one");
        }
        interest.sendLocalInterest(link);
    }

    /** Of two connections to one server, the one dialed by the server with the smaller id (existing on a tie). */
    private RouteLink preferred(final RouteLink existing, final RouteLink candidate)
    {
        final String self = settings.serverId();
        final String dialerOfExisting = existing.solicited() ? self : existing.remoteId;
        final String dialerOfCandidate = candidate.solicited() ? self : candidate.remoteId;
        if (dialerOfExisting.equals(dialerOfCandidate))
        {
            return existing;
        }
        final String winner = self.compareTo(existing.remoteId) < 0 ? self : existing.remoteId;
        return dialerOfCandidate.equals(winner) ? candidate : existing;
    }

    private void unregister(final RouteLink link)
    {
        if (!link.registered)
        {
            return;
        }
        link.registered = false;
        if (byRemoteId.get(link.remoteId) == link)
        {
            byRemoteId.remove(link.remoteId);
        }
        interest.forget(link);
        gossip.peersChanged(settings, clusterName);
    }

    /** The engine closed a route session: forget its interest, reconnect when it was ours to dial. */
    void onClosed(final RouteLink link, final String reason)
    {
        final Session s = link.session;
        links.remove(link);
        unregister(link);
        log.info(s.logPrefix() + " - Router connection closed: " + reason);
        final String rid = link.remoteId;
        if (link.standby)
        {
            link.standby = false;
            standbyByRemoteId.remove(rid, link);
            interest.forget(link);
            return;
        }
        final RouteLink standby = standbyByRemoteId.remove(rid);
        if (standby != null && !stopping && !standby.session.closed)
        {
            // The peer kept the other connection: it is the route now.
            standby.standby = false;
            register(standby);
            return;
        }
        if (stopping || link.self || link.removed)
        {
            return;
        }
        if (!rid.isEmpty() && byRemoteId.containsKey(rid))
        {
            return;
        }
        // nats-server: explicit routes wait DEFAULT_ROUTE_RECONNECT plus a random 0-100 ms, implicit ones the random
        // part only, so two servers that dropped each other's duplicate do not collide again.
        final long jitterMs = ThreadLocalRandom.current().nextInt(100);
        if (link.origin != null)
        {
            solicitor.solicit(link.origin.url(), link.origin.explicit(),
                (link.origin.explicit() ? ClusterSettings.ROUTE_RECONNECT_MS : 0) + jitterMs);
        }
        else if (explicitByRemoteId.containsKey(rid))
        {
            solicitor.solicit(explicitByRemoteId.get(rid), true, ClusterSettings.ROUTE_RECONNECT_MS + jitterMs);
        }
    }

    /** Route PINGs: the first after a second, then every ping_interval; ping_max unanswered closes the route. */
    int onTimer(final long now)
    {
        this.nowNs = now;
        int work = 0;
        for (int i = links.size() - 1; i >= 0; i--)
        {
            final RouteLink link = links.get(i);
            final Session s = link.session;
            if (s.closed)
            {
                continue;
            }
            if (link.standby && now - link.standbySinceNs > STANDBY_LIMIT_NS)
            {
                // A peer that keeps both connections: this side closes the spare after all.
                engine.close(s, "Duplicate Route", false);
                work++;
            }
            else if (now - s.nextPingNs >= 0)
            {
                s.nextPingNs = now + settings.pingIntervalNs();
                if (s.pingsOut + 1 > settings.pingMax())
                {
                    sendErr(s, "Stale Connection");
                    engine.close(s, "Stale Connection", true);
                }
                else
                {
                    s.pingsOut++;
                    s.outbound.put(RouteLines.PING);
                    engine.markDirty(s);
                }
                work++;
            }
        }
        return work;
    }

    /** See {@link Cluster#reconfigure}. */
    void reconfigure(final ClusterSettings next)
    {
        settings = next;
        if (!next.clusterName().isEmpty() && !next.clusterName().equals(clusterName))
        {
            adoptClusterName(next.clusterName(), false);
        }
    }

    /** See {@link Cluster#closeUnauthorizedRoutes}. */
    void closeUnauthorizedRoutes()
    {
        reload.closeUnauthorizedRoutes(settings);
    }

    /** See {@link Cluster#reloadRoutes}. */
    List<URI> reloadRoutes(final List<URI> routes, final List<URI> added, final List<URI> removed)
    {
        explicitRoutes = List.copyOf(routes);
        unanswered.retainAll(explicitRoutes);
        solicitor.explicitRoutes(explicitRoutes);
        final List<URI> closed = new ArrayList<>();
        for (final URI url : removed)
        {
            explicitByRemoteId.values().removeIf(url::equals);
            reload.closeRoutesTo(url, closed);
        }
        for (final URI url : added)
        {
            solicitor.solicit(url, true, 0);
        }
        return closed;
    }

    /** Server shutdown: close every route without reconnecting. */
    void closeAll()
    {
        stopping = true;
        for (final RouteLink link : links.toArray(new RouteLink[0]))
        {
            engine.close(link.session, "Server Shutdown", true);
        }
    }

    /** See {@link Cluster#enterLameDuck}. */
    void enterLameDuck()
    {
        gossip.enterLameDuck(RouteLines.routeInfo(settings, clusterName, dynamicName));
    }

    /** Takes a peer's or the reloaded config's name: fixed from now on; clients learn it when {@code notify}. */
    private void adoptClusterName(final String name, final boolean notify)
    {
        log.info("Cluster name updated to " + name);
        clusterName = name;
        dynamicName = false;
        gossip.updateClientInfo(settings, clusterName, notify);
    }

    /**
     * A peer's name differs: ours, when dynamic, gives way to a fixed or a greater name; a dynamic name of the peer's
     * that is smaller than ours gives way to ours (the peer adopts it). False on a conflict.
     */
    private boolean agreeOnName(final String name, final boolean dynamic)
    {
        if (dynamicName && (!dynamic || clusterName.compareTo(name) < 0))
        {
            adoptClusterName(name, true);
            return true;
        }
        return dynamic && name.compareTo(clusterName) < 0;
    }

    private void sendErr(final Session s, final String text)
    {
        s.outbound.put(RouteLines.err(text));
        engine.markDirty(s);
        log.error(s.logPrefix() + " - " + text);
    }
}
