package jnatsd.engine.cluster;

import java.net.URI;
import java.util.List;
import jnatsd.engine.Engine;
import jnatsd.engine.Interconnect;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.RoutePeer;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.MatchResult;

/**
 * Routes as the engine sees them (nats-server 2.9 route protocol, {@code proto} 2): the {@link Interconnect} the
 * engine calls, and the server's handle on the cluster (routes for /routez, reloads, lame duck). It delegates:
 * {@link RouteRegistry} keeps the route connections (handshake, registration and duplicates by server id, redials,
 * PINGs, reloads) with {@link RouteGossip} (gossip of new peers, implicit routes, lame duck, client
 * {@code connect_urls}) and {@link RouteReload} (the routes a reload closes), {@link RouteInterest} the interest both
 * ways (RS+/RS-), {@link RouteForwarder} the forwarding of local messages (RMSG/HMSG); {@link RouteLines} builds the
 * handshake lines.
 * <p>
 * Engine thread only, like the {@link Engine} that calls it: route sessions are ordinary sessions of kind ROUTE whose
 * ring events the engine hands over here. Dialing happens off-thread in a {@link RouteSolicitor}.
 */
public final class Cluster implements Interconnect
{
    private final RouteInterest interest;
    private final RouteForwarder forwarder;
    private final RouteRegistry registry;

    public Cluster(
        final ClusterSettings settings,
        final Engine engine,
        final ServerInfo clientInfo,
        final ChunkPool pool,
        final RouteSolicitor solicitor,
        final Log log)
    {
        final RouteWriter writer = new RouteWriter();
        this.interest = new RouteInterest(engine, writer, log);
        this.forwarder = new RouteForwarder(engine, writer);
        this.registry = new RouteRegistry(settings, engine, clientInfo, pool, solicitor, interest, log);
    }

    /** Starts dialing the configured routes; any thread (the solicitor is thread-safe). */
    public void start()
    {
        registry.start();
    }

    public String clusterName()
    {
        return registry.clusterName();
    }

    /** Registered routes (one per peer server). */
    public int routeCount()
    {
        return registry.routeCount();
    }

    /**
     * Configured routes that have not answered a dial with an INFO yet (a route to this server itself counts as
     * answered once detected); engine thread. 0 once every configured peer was reached at least once.
     */
    public int unansweredRoutes()
    {
        return registry.unansweredRoutes();
    }

    /** Registered routes, for admin queries on the engine thread. */
    public List<RoutePeer> routes()
    {
        return List.copyOf(registry.registered());
    }

    /** A route connection opened (accepted, or dialed with an origin): our INFO, after our CONNECT if we dialed. */
    @Override
    public void onOpen(final Session s, final Object attachment)
    {
        registry.onOpen(s, attachment);
    }

    /** ROUTE_CONNECT, ROUTE_INFO, RS_PLUS, RS_MINUS of a route session. */
    @Override
    public void onEvent(final Session s, final InboundEvent e)
    {
        if (!(s.route instanceof RouteLink link))
        {
            return;
        }
        switch (e.type)
        {
            case EventType.ROUTE_CONNECT -> registry.onConnect(link, (RouteConnect)e.attachment);
            case EventType.ROUTE_INFO -> registry.onInfo(link, (RouteInfo)e.attachment);
            case EventType.RS_PLUS -> interest.onRemoteSub(link, e);
            case EventType.RS_MINUS -> interest.onRemoteUnsub(link, e);
            default ->
            {
            }
        }
    }

    /** The engine closed a route session: forget its interest, reconnect when it was ours to dial. */
    @Override
    public void onClosed(final Session s, final String reason)
    {
        if (s.route instanceof RouteLink link)
        {
            registry.onClosed(link, reason);
        }
    }

    /**
     * Sends a local client's message to the routes that want it: one RMSG per route, naming the queue groups that
     * route was picked for. A queue group with a deliverable local member (in {@code local}, the match the engine
     * just delivered from) is never sent on. Returns the number of routes written to.
     */
    @Override
    public int forward(final Session from, final Account account, final InboundEvent e, final MatchResult local)
    {
        return forwarder.forward(from, account, e, local);
    }

    @Override
    public void localInterest(final Account account, final byte[] subject, final boolean added)
    {
        if (added)
        {
            interest.localAdded(account, subject, null, registry.registered());
        }
        else
        {
            interest.localRemoved(account, subject, null, registry.registered());
        }
    }

    /** A local client subscription was added: announce the subject once, a queue group's weight on every change. */
    @Override
    public void localSubscriptionAdded(final Subscription sub)
    {
        interest.localAdded(sub, registry.registered());
    }

    /** A local client subscription went away: withdraw the subject with the last one, else re-send the weight. */
    @Override
    public void localSubscriptionRemoved(final Subscription sub)
    {
        interest.localRemoved(sub, registry.registered());
    }

    /** Route PINGs: the first after a second, then every ping_interval; ping_max unanswered closes the route. */
    @Override
    public int onTimer(final long now)
    {
        return registry.onTimer(now);
    }

    /**
     * A reload changed the cluster block (nats-server clusterOption): the name (when set and different: "Cluster
     * name updated to X"), the advertised address and no_advertise for the INFO sent to routes from now on, and the
     * route authorization for new routes; {@link #closeUnauthorizedRoutes} then applies it to the routes in place.
     */
    public void reconfigure(final ClusterSettings next)
    {
        registry.reconfigure(next);
    }

    /**
     * After {@link #reconfigure}: a route we accepted whose CONNECT credentials no longer match is closed and not
     * redialed (nats-server reloadAuthorization; routes we dialed carry the peer's credentials, not checked here).
     */
    public void closeUnauthorizedRoutes()
    {
        registry.closeUnauthorizedRoutes();
    }

    /**
     * A reload changed {@code cluster.routes} (nats-server routesOption): routes dialed to a removed URL close with
     * "Route Removed" and are not redialed, and pending dials to it stop; added URLs are dialed as configured routes.
     * Accepted routes and routes learnt by gossip stay (nats-server matches the URL a route was dialed with only;
     * a removed peer that still lists us dials back in and is accepted). Returns the removed URLs that had a route.
     */
    public List<URI> reloadRoutes(final List<URI> routes, final List<URI> added, final List<URI> removed)
    {
        return registry.reloadRoutes(routes, added, removed);
    }

    /** Server shutdown: close every route without reconnecting. */
    @Override
    public void closeAll()
    {
        registry.closeAll();
    }

    /**
     * Lame duck mode: tell every route, with our INFO carrying {@code "ldm":true}, so peers stop advertising our
     * client URLs and their clients do not reconnect here (nats-server does the same).
     */
    public void enterLameDuck()
    {
        registry.enterLameDuck();
    }

    /** For tests and monitoring: the number of remote interests (RS+ entries held). */
    public int remoteInterestCount()
    {
        return interest.remoteCount();
    }
}
