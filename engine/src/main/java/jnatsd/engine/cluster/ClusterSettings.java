package jnatsd.engine.cluster;

import java.net.URI;
import java.util.List;

/**
 * What the cluster logic needs from the configuration, resolved once at start-up.
 *
 * @param clusterName     configured name, or empty for a dynamic name.
 * @param routeHost       host announced in the route INFO.
 * @param routePort       port announced in the route INFO.
 * @param advertisedUrl   {@code nats-route://host:port/} when cluster advertise is set (INFO {@code ip}), else empty.
 * @param clientUrls      this server's client URLs (host:port), advertised to peers and clients.
 * @param explicitRoutes  the configured routes.
 * @param tls             cluster.tls is configured: routes are TLS, INFO and CONNECT say so.
 */
public record ClusterSettings(
    String serverId,
    String serverName,
    String version,
    String runtime,
    String clusterName,
    String routeHost,
    int routePort,
    String advertisedUrl,
    List<String> clientUrls,
    boolean noAdvertise,
    List<URI> explicitRoutes,
    String routeUser,
    String routePassword,
    int maxPayload,
    boolean headers,
    long pingIntervalNs,
    int pingMax,
    boolean tls)
{
    /** Plain routes. */
    public ClusterSettings(final String serverId, final String serverName, final String version, final String runtime,
        final String clusterName, final String routeHost, final int routePort, final String advertisedUrl,
        final List<String> clientUrls, final boolean noAdvertise, final List<URI> explicitRoutes,
        final String routeUser, final String routePassword, final int maxPayload, final boolean headers,
        final long pingIntervalNs, final int pingMax)
    {
        this(serverId, serverName, version, runtime, clusterName, routeHost, routePort, advertisedUrl, clientUrls,
            noAdvertise, explicitRoutes, routeUser, routePassword, maxPayload, headers, pingIntervalNs, pingMax, false);
    }

    /** nats-server's firstPingInterval for routes (server/server.go). */
    public static final long FIRST_ROUTE_PING_NS = 1_000_000_000L;
    /** nats-server's DEFAULT_ROUTE_RECONNECT. */
    public static final long ROUTE_RECONNECT_MS = 1_000L;
}
