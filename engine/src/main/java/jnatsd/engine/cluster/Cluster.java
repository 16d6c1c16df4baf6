package jnatsd.engine.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import jnatsd.engine.Engine;
import jnatsd.engine.Interconnect;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.status.GoStrings;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.Subjects;
import org.agrona.DirectBuffer;

/**
 * Routes as the engine sees them (nats-server 2.9 route protocol, {@code proto} 2): handshake, registration and
 * duplicate detection by server id, remote interest (RS+/RS-), forwarding of local messages (RMSG/HMSG), local
 * interest announcements, gossip of new peers (implicit routes) and client {@code connect_urls}.
 * <p>
 * Engine thread only, like the {@link Engine} that calls it: route sessions are ordinary sessions of kind ROUTE whose
 * ring events the engine hands over here. Dialing happens off-thread in a {@link RouteSolicitor}.
 */
public final class Cluster implements Interconnect
{
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Replaced by {@link #reconfigure} on a reload. */
    private ClusterSettings settings;
    private final Engine engine;
    private final ServerInfo clientInfo;
    private final Log log;
    private final ChunkPool pool;
    private final RouteSolicitor solicitor;
    private final RemoteInterest remote = new RemoteInterest();
    private final RouteWriter writer = new RouteWriter();
    /** Local interest: "subject" or "subject queue" to the number of local subscriptions. */
    private final HashMap<String, LocalInterest> local = new HashMap<>();
    private final ArrayList<RouteLink> links = new ArrayList<>();
    private final HashMap<String, RouteLink> byRemoteId = new HashMap<>();
    /** Configured URL that led to a server id: reconnected when that server's route goes away. */
    private final HashMap<String, URI> explicitByRemoteId = new HashMap<>();
    /** The configured routes in force: the settings' list until a reload changes it. */
    private List<URI> explicitRoutes;
    private String clusterName;
    private boolean dynamicName;
    private boolean advertisedUrls;
    private boolean stopping;
    private long stamp;
    private RouteLink[] touched = new RouteLink[8];
    private Session[] slowRoutes = new Session[8];
    private int slowCount;
    private long nowNs = System.nanoTime();

    public Cluster(
        final ClusterSettings settings,
        final Engine engine,
        final ServerInfo clientInfo,
        final ChunkPool pool,
        final RouteSolicitor solicitor,
        final Log log)
    {
        this.settings = settings;
        this.engine = engine;
        this.clientInfo = clientInfo;
        this.pool = pool;
        this.solicitor = solicitor;
        this.log = log;
        this.clusterName = settings.clusterName();
        this.explicitRoutes = List.copyOf(settings.explicitRoutes());
        this.dynamicName = clusterName.isEmpty();
        if (dynamicName)
        {
            clusterName = settings.serverId().substring(1, 23);
        }
        updateClientInfo(false);
    }

    /** Starts dialing the configured routes; any thread (the solicitor is thread-safe). */
    public void start()
    {
        solicitor.explicitRoutes(explicitRoutes);
        for (final URI url : explicitRoutes)
        {
            solicitor.solicit(url, true, 0);
        }
    }

    public String clusterName()
    {
        return clusterName;
    }

    /** Registered routes (one per peer server). */
    public int routeCount()
    {
        return byRemoteId.size();
    }

    /** Registered routes, for admin queries on the engine thread. */
    public List<RouteLink> routes()
    {
        return List.copyOf(byRemoteId.values());
    }

    /** A route connection opened (accepted, or dialed with an origin): send our INFO (and CONNECT first if dialed). */
    @Override
    public void onOpen(final Session s, final Object attachment)
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
            s.outbound.put(connectLine(origin.url()));
            if (log.isDebug())
            {
                log.debug(s.logPrefix() + " - Route connect msg sent");
            }
        }
        s.outbound.put(routeInfoLine());
        engine.markDirty(s);
    }

    /** ROUTE_CONNECT, ROUTE_INFO, RS_PLUS, RS_MINUS of a route session. */
    @Override
    public void onEvent(final Session s, final InboundEvent e)
    {
        final RouteLink link = s.route;
        if (link == null)
        {
            return;
        }
        switch (e.type)
        {
            case EventType.ROUTE_CONNECT -> onConnect(link, (RouteConnect)e.attachment);
            case EventType.ROUTE_INFO -> onInfo(link, (RouteInfo)e.attachment);
            case EventType.RS_PLUS -> onRemoteSub(link, e);
            case EventType.RS_MINUS -> onRemoteUnsub(link, e);
            default ->
            {
            }
        }
    }

    private void onConnect(final RouteLink link, final RouteConnect c)
    {
        final Session s = link.session;
        if (!settings.routeUser().isEmpty()
            && (!settings.routeUser().equals(c.user()) || !settings.routePassword().equals(c.pass())))
        {
            authViolation(s);
            return;
        }
        if (!c.cluster().equals(clusterName))
        {
            if (dynamicName && (!c.dynamic() || clusterName.compareTo(c.cluster()) < 0))
            {
                adoptClusterName(c.cluster());
            }
            else if (!(c.dynamic() && c.cluster().compareTo(clusterName) < 0))
            {
                sendErr(s, "Rejecting connection, cluster name " + goQuote(c.cluster()) + " does not match "
                    + goQuote(clusterName));
                engine.close(s, "Cluster Name Conflict", true);
                return;
            }
        }
        link.remoteId = c.name();
        link.connectUser = c.user() == null ? "" : c.user();
        link.connectPass = c.pass() == null ? "" : c.pass();
        link.headers = settings.headers() && c.headers();
    }

    private void onInfo(final RouteLink link, final RouteInfo info)
    {
        final Session s = link.session;
        if (link.infoReceived)
        {
            if (!info.id().equals(link.remoteId))
            {
                implicitRoute(info);
            }
            else
            {
                link.connectUrls = info.lameDuck() ? List.of() : info.connectUrls();
                if (!settings.noAdvertise())
                {
                    updateClientInfo(true);
                }
            }
            return;
        }
        link.infoReceived = true;
        if (info.id().equals(settings.serverId()))
        {
            link.self = true;
            link.remoteId = info.id();
            if (link.origin != null)
            {
                solicitor.forget(link.origin.url());
            }
            if (log.isDebug())
            {
                log.debug(s.logPrefix() + " - Detected route to self, ignoring " + link.origin);
            }
            engine.close(s, "Duplicate Route", false);
            return;
        }
        if (!info.cluster().isEmpty() && !info.cluster().equals(clusterName))
        {
            if (dynamicName && (!info.dynamic() || clusterName.compareTo(info.cluster()) < 0))
            {
                adoptClusterName(info.cluster());
            }
            else if (!(info.dynamic() && info.cluster().compareTo(clusterName) < 0))
            {
                log.error(s.logPrefix() + " - Cluster name " + goQuote(info.cluster()) + " does not match "
                    + goQuote(clusterName));
                engine.close(s, "Cluster Name Conflict", false);
                return;
            }
        }
        link.remoteId = info.id();
        link.remoteName = info.name();
        link.info = info;
        link.headers = settings.headers() && info.headers();
        link.connectUrls = info.connectUrls();
        link.routeUrl = routeUrlOf(link, info);
        register(link);
    }

    private void register(final RouteLink link)
    {
        final Session s = link.session;
        final RouteLink existing = byRemoteId.get(link.remoteId);
        if (existing != null)
        {
            if (preferred(existing, link) == existing)
            {
                if (log.isDebug())
                {
                    log.debug(s.logPrefix() + " - Detected duplicate remote route " + goQuote(link.remoteId));
                }
                engine.close(s, "Duplicate Route", false);
                return;
            }
            // Both ends keep the connection dialed by the smaller server id: the other one goes.
            unregister(existing);
            engine.close(existing.session, "Duplicate Route", false);
        }
        byRemoteId.put(link.remoteId, link);
        link.registered = true;
        if (link.origin != null && link.origin.explicit())
        {
            explicitByRemoteId.put(link.remoteId, link.origin.url());
        }
        if (log.isDebug())
        {
            log.debug(s.logPrefix() + " - Registering remote route " + goQuote(link.remoteId));
        }
        sendLocalInterest(link);
        if (byRemoteId.size() > 1)
        {
            forwardNewRoute(link);
        }
        if (!settings.noAdvertise())
        {
            updateClientInfo(true);
        }
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
        for (final RemoteSub rs : link.interest.values())
        {
            remote.remove(rs);
        }
        link.interest.clear();
        if (!settings.noAdvertise())
        {
            updateClientInfo(true);
        }
    }

    /** The engine closed a route session: forget its interest, reconnect when it was ours to dial. */
    @Override
    public void onClosed(final Session s, final String reason)
    {
        final RouteLink link = s.route;
        if (link == null)
        {
            return;
        }
        links.remove(link);
        unregister(link);
        log.info(s.logPrefix() + " - Router connection closed: " + reason);
        if (stopping || link.self || link.removed)
        {
            return;
        }
        final String rid = link.remoteId;
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

    private void implicitRoute(final RouteInfo info)
    {
        final String id = info.id();
        if (id.equals(settings.serverId()) || byRemoteId.containsKey(id) || info.ip().isEmpty())
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
            log.error("Error parsing gossiped route URL " + goQuote(info.ip()));
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

    private void forwardNewRoute(final RouteLink link)
    {
        final byte[] line = gossipInfoLine(link);
        for (final RouteLink other : byRemoteId.values())
        {
            if (other != link)
            {
                other.session.outbound.put(line);
                engine.markDirty(other.session);
            }
        }
    }

    private void onRemoteSub(final RouteLink link, final InboundEvent e)
    {
        if (!link.registered)
        {
            return;
        }
        final var buf = e.buffer;
        if (!Subjects.isValidSubject(buf, e.subjectOffset, e.subjectLength))
        {
            return;
        }
        final String key = e.queueLength > 0
            ? buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength) + " "
                + buf.getStringWithoutLengthAscii(e.queueOffset, e.queueLength)
            : buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength);
        final int weight = e.queueLength > 0 ? (int)Math.max(1, e.longValue) : 0;
        final RemoteSub existing = link.interest.get(key);
        if (existing != null)
        {
            existing.weight = weight;
            return;
        }
        final RemoteSub rs = new RemoteSub(link, bytes(buf, e.subjectOffset, e.subjectLength),
            e.queueLength > 0 ? bytes(buf, e.queueOffset, e.queueLength) : null, key, weight);
        link.interest.put(key, rs);
        remote.add(rs);
    }

    private void onRemoteUnsub(final RouteLink link, final InboundEvent e)
    {
        final var buf = e.buffer;
        final String key = e.queueLength > 0
            ? buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength) + " "
                + buf.getStringWithoutLengthAscii(e.queueOffset, e.queueLength)
            : buf.getStringWithoutLengthAscii(e.subjectOffset, e.subjectLength);
        final RemoteSub rs = link.interest.remove(key);
        if (rs != null)
        {
            remote.remove(rs);
        }
    }

    /**
     * Sends a local client's message to the routes that want it: one RMSG per route, naming the queue groups that
     * route was picked for. A queue group with a deliverable local member (in {@code local}, the match the engine
     * just delivered from) is never sent on. Returns the number of routes written to.
     */
    @Override
    public int forward(final Session from, final InboundEvent e, final MatchResult local)
    {
        if (remote.count() == 0)
        {
            return 0;
        }
        final MatchResult r = remote.match(e.buffer, e.subjectOffset, e.subjectLength);
        if (r.isEmpty())
        {
            return 0;
        }
        final long st = ++stamp;
        int n = 0;
        final int plain = r.plainCount();
        for (int i = 0; i < plain; i++)
        {
            n = touch(remote.get(r.plain(i)).link, st, n);
        }
        final int groups = r.groupCount();
        for (int g = 0; g < groups; g++)
        {
            final byte[] queue = remote.get(r.groupMember(g, 0)).queue;
            if (hasLocalMember(from, local, queue))
            {
                continue;
            }
            final RemoteSub pick = pickWeighted(r, g);
            n = touch(pick.link, st, n);
            pick.link.addQueue(queue);
        }
        for (int i = 0; i < n; i++)
        {
            final RouteLink link = touched[i];
            touched[i] = null;
            final Session t = link.session;
            final int written = writer.message(t.outbound, link.headers, e, link.queues, link.queueCount);
            Arrays.fill(link.queues, 0, link.queueCount, null);
            link.queueCount = 0;
            t.outMsgs++;
            t.outBytes += written;
            engine.markDirty(t);
            if (t.outbound.pendingBytes() > engine.maxPendingBytes())
            {
                if (slowCount == slowRoutes.length)
                {
                    slowRoutes = Arrays.copyOf(slowRoutes, slowCount * 2);
                }
                slowRoutes[slowCount++] = t;
            }
        }
        // A peer that stopped reading must not grow our memory without bound: close it as nats-server does
        // (after the loop, so the links being written are not unregistered under it). It redials and resyncs.
        for (int i = 0; i < slowCount; i++)
        {
            engine.slowConsumer(slowRoutes[i], "Slow Consumer (Pending Bytes)",
                "Slow Consumer Detected: MaxPending of " + engine.maxPendingBytes() + " Exceeded");
            slowRoutes[i] = null;
        }
        slowCount = 0;
        return n;
    }

    private int touch(final RouteLink link, final long st, final int n)
    {
        if (link.stamp == st)
        {
            return n;
        }
        link.stamp = st;
        link.queueCount = 0;
        if (n == touched.length)
        {
            touched = Arrays.copyOf(touched, n * 2);
        }
        touched[n] = link;
        return n + 1;
    }

    private boolean hasLocalMember(final Session from, final MatchResult local, final byte[] queue)
    {
        final int groups = local.groupCount();
        for (int g = 0; g < groups; g++)
        {
            final int size = local.groupSize(g);
            if (size == 0 || !Arrays.equals(engine.subscription(local.groupMember(g, 0)).queue, queue))
            {
                continue;
            }
            for (int k = 0; k < size; k++)
            {
                final Subscription sub = engine.subscription(local.groupMember(g, k));
                if (!sub.session.closed && (sub.session != from || from.echo))
                {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private RemoteSub pickWeighted(final MatchResult r, final int g)
    {
        final int size = r.groupSize(g);
        if (size == 1)
        {
            return remote.get(r.groupMember(g, 0));
        }
        int total = 0;
        for (int k = 0; k < size; k++)
        {
            total += remote.get(r.groupMember(g, k)).weight;
        }
        int x = ThreadLocalRandom.current().nextInt(Math.max(1, total));
        for (int k = 0; k < size; k++)
        {
            final RemoteSub rs = remote.get(r.groupMember(g, k));
            x -= rs.weight;
            if (x < 0)
            {
                return rs;
            }
        }
        return remote.get(r.groupMember(g, size - 1));
    }

    /** A local client subscription was added: announce the subject once, a queue group's weight on every change. */
    @Override
    public void localSubscriptionAdded(final Subscription sub)
    {
        final String key = keyOf(sub);
        LocalInterest li = local.get(key);
        if (li == null)
        {
            li = new LocalInterest(sub.subject, sub.queue);
            local.put(key, li);
        }
        li.count++;
        if (li.count == 1 || sub.queue != null)
        {
            for (final RouteLink link : byRemoteId.values())
            {
                writer.sub(link.session.outbound, li.subject, li.queue, li.count);
                engine.markDirty(link.session);
            }
        }
    }

    /** A local client subscription went away: withdraw the subject with the last one, else re-send the weight. */
    @Override
    public void localSubscriptionRemoved(final Subscription sub)
    {
        final String key = keyOf(sub);
        final LocalInterest li = local.get(key);
        if (li == null)
        {
            return;
        }
        li.count--;
        if (li.count <= 0)
        {
            local.remove(key);
        }
        if (li.count <= 0 || sub.queue != null)
        {
            for (final RouteLink link : byRemoteId.values())
            {
                if (li.count <= 0)
                {
                    writer.unsub(link.session.outbound, li.subject, li.queue);
                }
                else
                {
                    writer.sub(link.session.outbound, li.subject, li.queue, li.count);
                }
                engine.markDirty(link.session);
            }
        }
    }

    private void sendLocalInterest(final RouteLink link)
    {
        final Outbound o = link.session.outbound;
        for (final LocalInterest li : local.values())
        {
            writer.sub(o, li.subject, li.queue, li.count);
        }
        engine.markDirty(link.session);
        if (log.isDebug())
        {
            log.debug(link.session.logPrefix() + " - Sent local subscriptions to route");
        }
    }

    /** Route PINGs: the first after a second, then every ping_interval; ping_max unanswered closes the route. */
    @Override
    public int onTimer(final long now)
    {
        this.nowNs = now;
        int work = 0;
        for (int i = links.size() - 1; i >= 0; i--)
        {
            final Session s = links.get(i).session;
            if (s.closed || now - s.nextPingNs < 0)
            {
                continue;
            }
            s.nextPingNs = now + settings.pingIntervalNs();
            if (s.pingsOut + 1 > settings.pingMax())
            {
                sendErr(s, "Stale Connection");
                engine.close(s, "Stale Connection", true);
            }
            else
            {
                s.pingsOut++;
                s.outbound.put(PING);
                engine.markDirty(s);
            }
            work++;
        }
        return work;
    }

    /**
     * A reload changed the cluster block (nats-server clusterOption): the name (when set and different: "Cluster
     * name updated to X"), the advertised address and no_advertise for the INFO sent to routes from now on, and the
     * route authorization for new routes; {@link #closeUnauthorizedRoutes} then applies it to the routes in place.
     */
    public void reconfigure(final ClusterSettings next)
    {
        settings = next;
        if (!next.clusterName().isEmpty() && !next.clusterName().equals(clusterName))
        {
            clusterName = next.clusterName();
            dynamicName = false;
            log.info("Cluster name updated to " + clusterName);
            updateClientInfo(false);
        }
    }

    /**
     * After {@link #reconfigure}: a route we accepted whose CONNECT credentials no longer match is closed and not
     * redialed (nats-server reloadAuthorization; routes we dialed carry the peer's credentials, not checked here).
     */
    public void closeUnauthorizedRoutes()
    {
        if (settings.routeUser().isEmpty())
        {
            return;
        }
        final ClusterSettings next = settings;
        for (final RouteLink link : links.toArray(new RouteLink[0]))
        {
            if (link.origin == null && link.connectUser != null && !link.session.closed
                && (!next.routeUser().equals(link.connectUser) || !next.routePassword().equals(link.connectPass)))
            {
                link.removed = true;
                authViolation(link.session);
            }
        }
    }

    /** nats-server authViolation: logs "authentication error", answers -ERR 'Authorization Violation', closes. */
    private void authViolation(final Session s)
    {
        log.error(s.logPrefix() + " - authentication error");
        s.outbound.put("-ERR 'Authorization Violation'\r\n".getBytes(StandardCharsets.US_ASCII));
        engine.close(s, "Authentication Failure", true);
    }

    /**
     * A reload changed {@code cluster.routes} (nats-server routesOption): routes dialed to a removed URL close with
     * "Route Removed" and are not redialed, and pending dials to it stop; added URLs are dialed as configured routes.
     * Accepted routes and routes learnt by gossip stay (nats-server matches the URL a route was dialed with only;
     * a removed peer that still lists us dials back in and is accepted). Returns the removed URLs that had a route.
     */
    public List<URI> reloadRoutes(final List<URI> routes, final List<URI> added, final List<URI> removed)
    {
        explicitRoutes = List.copyOf(routes);
        solicitor.explicitRoutes(explicitRoutes);
        final List<URI> closed = new ArrayList<>();
        for (final URI url : removed)
        {
            explicitByRemoteId.values().removeIf(url::equals);
            for (final RouteLink link : links.toArray(new RouteLink[0]))
            {
                if (link.origin != null && url.equals(link.origin.url()) && !link.session.closed)
                {
                    link.removed = true;
                    engine.close(link.session, "Route Removed", true);
                    log.info("Removed route " + url);
                    closed.add(url);
                }
            }
        }
        for (final URI url : added)
        {
            solicitor.solicit(url, true, 0);
        }
        return closed;
    }

    /** Server shutdown: close every route without reconnecting. */
    @Override
    public void closeAll()
    {
        stopping = true;
        for (final RouteLink link : links.toArray(new RouteLink[0]))
        {
            engine.close(link.session, "Server Shutdown", true);
        }
    }

    private void adoptClusterName(final String name)
    {
        log.info("Cluster name updated to " + name);
        clusterName = name;
        dynamicName = false;
        updateClientInfo(true);
    }

    /** Client INFO gets "cluster" and, once a peer advertised some, "connect_urls"; clients are told of changes. */
    private void updateClientInfo(final boolean notify)
    {
        final LinkedHashSet<String> urls = new LinkedHashSet<>();
        if (!settings.noAdvertise())
        {
            for (final RouteLink link : byRemoteId.values())
            {
                urls.addAll(link.connectUrls);
            }
            if (!urls.isEmpty())
            {
                advertisedUrls = true;
            }
        }
        final StringBuilder sb = new StringBuilder(128);
        sb.append(",\"cluster\":").append(ServerInfo.quote(clusterName));
        if (advertisedUrls)
        {
            final LinkedHashSet<String> all = new LinkedHashSet<>(settings.clientUrls());
            all.addAll(urls);
            sb.append(",\"connect_urls\":");
            appendArray(sb, List.copyOf(all));
        }
        final String tail = sb.toString();
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

    /**
     * Lame duck mode: tell every route, with our INFO carrying {@code "ldm":true}, so peers stop advertising our
     * client URLs and their clients do not reconnect here (nats-server does the same).
     */
    public void enterLameDuck()
    {
        final byte[] info = routeInfoLine();
        final byte[] field = ",\"ldm\":true".getBytes(StandardCharsets.US_ASCII);
        final byte[] ldm = new byte[info.length + field.length];
        // Our INFO ends with "} \r\n": insert the field before the closing brace.
        final int close = info.length - 4;
        System.arraycopy(info, 0, ldm, 0, close);
        System.arraycopy(field, 0, ldm, close, field.length);
        System.arraycopy(info, close, ldm, close + field.length, 4);
        for (final RouteLink link : byRemoteId.values())
        {
            if (!link.session.closed && link.session.outbound != null)
            {
                link.session.outbound.put(ldm);
                engine.markDirty(link.session);
            }
        }
    }

    private byte[] routeInfoLine()
    {
        final StringBuilder sb = new StringBuilder(384);
        sb.append("INFO {\"server_id\":").append(ServerInfo.quote(settings.serverId()))
            .append(",\"server_name\":").append(ServerInfo.quote(settings.serverName()))
            .append(",\"version\":").append(ServerInfo.quote(settings.version()))
            .append(",\"proto\":2")
            .append(",\"go\":").append(ServerInfo.quote(settings.runtime()))
            .append(",\"host\":").append(ServerInfo.quote(settings.routeHost()))
            .append(",\"port\":").append(settings.routePort())
            .append(",\"headers\":").append(settings.headers())
            .append(",\"max_payload\":").append(settings.maxPayload());
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

    private static byte[] gossipInfoLine(final RouteLink link)
    {
        final RouteInfo i = link.info;
        final StringBuilder sb = new StringBuilder(256);
        sb.append("INFO {\"server_id\":").append(ServerInfo.quote(i.id()))
            .append(",\"server_name\":").append(ServerInfo.quote(i.name()))
            .append(",\"version\":").append(ServerInfo.quote(i.version()))
            .append(",\"proto\":2")
            .append(",\"host\":").append(ServerInfo.quote(i.host()))
            .append(",\"port\":").append(i.port())
            .append(",\"headers\":").append(i.headers())
            .append(",\"max_payload\":0")
            .append(",\"ip\":").append(ServerInfo.quote(link.routeUrl.toString()))
            .append(",\"cluster\":").append(ServerInfo.quote(i.cluster()));
        if (!i.connectUrls().isEmpty())
        {
            sb.append(",\"connect_urls\":");
            appendArray(sb, i.connectUrls());
        }
        sb.append("}\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] connectLine(final URI url)
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
        sb.append(",\"tls_required\":false,\"headers\":").append(settings.headers())
            .append(",\"name\":").append(ServerInfo.quote(settings.serverId()))
            .append(",\"cluster\":").append(ServerInfo.quote(clusterName));
        if (dynamicName)
        {
            sb.append(",\"cluster_dynamic\":true");
        }
        sb.append(",\"lnoc\":true}\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The peer's own advertised route URL, else its address on this connection with the port of its INFO. */
    private static URI routeUrlOf(final RouteLink link, final RouteInfo info)
    {
        try
        {
            if (!info.ip().isEmpty())
            {
                return new URI(info.ip());
            }
            final String host = link.session.remoteIp.contains(":") ? "[" + link.session.remoteIp + "]"
                : link.session.remoteIp;
            return new URI("nats-route://" + host + ":" + info.port() + "/");
        }
        catch (final URISyntaxException ex)
        {
            return URI.create("nats-route://127.0.0.1:" + info.port() + "/");
        }
    }

    private static boolean sameHostPort(final URI a, final URI b)
    {
        final int pa = a.getPort() < 0 ? 6222 : a.getPort();
        final int pb = b.getPort() < 0 ? 6222 : b.getPort();
        return pa == pb && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()));
    }

    private void sendErr(final Session s, final String text)
    {
        s.outbound.put(("-ERR '" + text + "'\r\n").getBytes(StandardCharsets.UTF_8));
        engine.markDirty(s);
        log.error(s.logPrefix() + " - " + text);
    }

    private static void appendArray(final StringBuilder sb, final List<String> values)
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

    private static String keyOf(final Subscription sub)
    {
        final String subject = new String(sub.subject, StandardCharsets.US_ASCII);
        return sub.queue == null ? subject : subject + " " + new String(sub.queue, StandardCharsets.US_ASCII);
    }

    /** Go's %q for plain ASCII names. */
    private static String goQuote(final String s)
    {
        return GoStrings.quote(s);
    }

    private static byte[] bytes(final DirectBuffer buf, final int offset, final int length)
    {
        final byte[] b = new byte[length];
        buf.getBytes(offset, b);
        return b;
    }

    /** Local subscriptions sharing one subject (and queue). */
    private static final class LocalInterest
    {
        final byte[] subject;
        final byte[] queue;
        int count;

        LocalInterest(final byte[] subject, final byte[] queue)
        {
            this.subject = subject;
            this.queue = queue;
        }
    }

    /** For tests and monitoring: the number of remote interests (RS+ entries held). */
    public int remoteInterestCount()
    {
        return remote.count();
    }

    Map<String, RouteLink> byRemoteId()
    {
        return byRemoteId;
    }
}
