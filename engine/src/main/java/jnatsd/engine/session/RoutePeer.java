package jnatsd.engine.session;

import java.util.List;

/**
 * What the engine and monitoring know of a route session's peer server, apart from the cluster logic that keeps it
 * ({@code jnatsd.engine.cluster.RouteLink}). Engine thread only.
 */
public interface RoutePeer
{
    /** The route's session. */
    Session session();

    /** The peer's server id, empty before its CONNECT or INFO. */
    String remoteId();

    /** True when this server dialed the connection. */
    boolean didSolicit();

    /** Dialed because the configuration names it (not learnt by gossip). */
    boolean isConfigured();

    /** The interest the peer announced, as "subject" or "subject queue". */
    List<String> interestKeys();
}
