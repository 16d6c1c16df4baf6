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
    long authTimeoutNs)
{
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
