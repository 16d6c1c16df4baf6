package jnatsd.config;

import java.net.URI;
import java.util.List;

/** The cluster block: route listener, solicited routes and route authorization. port 0 = no cluster. */
public record ClusterOptions(
    String name,
    String host,
    int port,
    String advertise,
    boolean noAdvertise,
    int connectRetries,
    List<URI> routes,
    String user,
    String password,
    long authTimeoutNs,
    Permissions permissions,
    TlsOptions tls)
{
    /** The original components; no route permissions, no route TLS. */
    public ClusterOptions(final String name, final String host, final int port, final String advertise,
        final boolean noAdvertise, final int connectRetries, final List<URI> routes, final String user,
        final String password, final long authTimeoutNs)
    {
        this(name, host, port, advertise, noAdvertise, connectRetries, routes, user, password, authTimeoutNs, null,
            TlsOptions.none());
    }

    public static final String DEFAULT_HOST = "0.0.0.0";

    public static ClusterOptions none()
    {
        return new ClusterOptions("", DEFAULT_HOST, 0, "", false, 0, List.of(), "", "", 0);
    }

    public boolean enabled()
    {
        return port != 0;
    }
}
