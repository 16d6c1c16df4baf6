package jnatsd.engine.cluster;

/**
 * A route CONNECT as the transport parsed it. {@code name} is the soliciting server's id.
 * A CONNECT carrying {@code lang} is a client on the route port: the transport answers it, it never gets here.
 */
public record RouteConnect(String name, String cluster, boolean dynamic, boolean headers, String user, String pass)
{
}
