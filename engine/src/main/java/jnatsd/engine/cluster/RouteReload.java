package jnatsd.engine.cluster;

import java.net.URI;
import java.util.List;
import jnatsd.engine.Engine;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;

/**
 * The closes a reload asks of the routes in place: accepted routes whose CONNECT credentials no longer match, and
 * routes dialed from a configured URL that was removed. Each is marked removed first, so its close dials nothing
 * again. {@link RouteRegistry} owns the links and the settings and passes them in. Engine thread only.
 */
final class RouteReload
{
    /** Every open route connection (a live, read-only view of the registry's). */
    private final List<RouteLink> links;
    private final Engine engine;
    private final Log log;

    RouteReload(final List<RouteLink> links, final Engine engine, final Log log)
    {
        this.links = links;
        this.engine = engine;
        this.log = log;
    }

    /** See {@link Cluster#closeUnauthorizedRoutes}; {@code next} are the reloaded settings. */
    void closeUnauthorizedRoutes(final ClusterSettings next)
    {
        if (next.routeUser().isEmpty())
        {
            return;
        }
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

    /** Closes the routes dialed from a removed configured URL, adding the URL to {@code closed} for each one. */
    void closeRoutesTo(final URI url, final List<URI> closed)
    {
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

    /** nats-server authViolation: logs "authentication error", answers -ERR 'Authorization Violation', closes. */
    void authViolation(final Session s)
    {
        log.error(s.logPrefix() + " - authentication error");
        s.outbound.put(RouteLines.AUTH_VIOLATION);
        engine.close(s, "Authentication Failure", true);
    }
}
