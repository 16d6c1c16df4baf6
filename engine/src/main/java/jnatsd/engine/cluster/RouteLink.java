package jnatsd.engine.cluster;

import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import jnatsd.engine.session.RoutePeer;
import jnatsd.engine.session.Session;

/**
 * The cluster's state of one route connection: handshake, the peer's identity and the interest it announced.
 * Engine thread only.
 */
public final class RouteLink implements RoutePeer
{
    final Session session;
    /** Why we dialed it; null for an accepted route. */
    final RouteOrigin origin;
    String remoteId = "";
    String remoteName = "";
    boolean infoReceived;
    boolean registered;
    /** A second connection to a nats-server peer, kept until the peer closes one of the two (RouteRegistry). */
    boolean standby;
    long standbySinceNs;
    /** The peer is this server (a configured route to ourselves). */
    boolean self;
    /** Its URL left the configured routes, or its credentials no longer pass (reload): not redialed. */
    boolean removed;
    /** Credentials of the peer's CONNECT (accepted routes); null until it arrives. */
    String connectUser;
    String connectPass;
    boolean headers = true;
    /** The peer's route URL, gossiped to other routes. */
    URI routeUrl;
    RouteInfo info;
    List<String> connectUrls = List.of();
    /** Interest announced by the peer (RS+), by "subject" or "subject queue". */
    final HashMap<String, RemoteSub> interest = new HashMap<>();

    // Scratch of one forward (Cluster.forward): which routes get a copy, naming which queues.
    long stamp;
    byte[][] queues = new byte[4][];
    int queueCount;

    RouteLink(final Session session, final RouteOrigin origin)
    {
        this.session = session;
        this.origin = origin;
    }

    /** True when this server dialed the connection. */
    boolean solicited()
    {
        return origin != null;
    }

    /** The route's session (monitoring, engine thread). */
    @Override
    public Session session()
    {
        return session;
    }

    /** The peer's server id. */
    @Override
    public String remoteId()
    {
        return remoteId;
    }

    @Override
    public boolean didSolicit()
    {
        return origin != null;
    }

    /** Dialed because the configuration names it (not learnt by gossip). */
    @Override
    public boolean isConfigured()
    {
        return origin != null && origin.explicit();
    }

    /** The interest the peer announced, as "subject" or "subject queue" (engine thread). */
    @Override
    public List<String> interestKeys()
    {
        // Keys are "account subject [queue]"; /routez lists subjects, as nats-server's newSubsList.
        return interest.keySet().stream().map(k -> k.substring(k.indexOf(' ') + 1)).toList();
    }

    void addQueue(final byte[] queue)
    {
        if (queueCount == queues.length)
        {
            queues = Arrays.copyOf(queues, queueCount * 2);
        }
        queues[queueCount++] = queue;
    }
}
