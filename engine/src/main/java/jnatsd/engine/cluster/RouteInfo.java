package jnatsd.engine.cluster;

import java.util.List;

/**
 * A route INFO as the transport parsed it (nats-server's Info struct, the fields a 2.9 route uses). Carried by
 * reference in a ROUTE_INFO ring event.
 *
 * @param id          the peer's server id.
 * @param ip          the peer's route URL when it advertises one ({@code nats-route://host:port/}), else empty.
 * @param port        the peer's route port (its cluster listen or advertise port).
 * @param connectUrls the client URLs the peer advertises.
 * @param runtime     INFO's "go": nats-server's Go version ("go1.19.4"), jnatsd's Java ("java17").
 */
public record RouteInfo(
    String id,
    String name,
    String version,
    String host,
    int port,
    String ip,
    String cluster,
    boolean dynamic,
    boolean headers,
    List<String> connectUrls,
    boolean lameDuck,
    String runtime)
{
    /** The peer is a jnatsd: it settles duplicate routes as this server does (see RouteRegistry). */
    public boolean jnatsd()
    {
        return runtime.startsWith("java");
    }
}
