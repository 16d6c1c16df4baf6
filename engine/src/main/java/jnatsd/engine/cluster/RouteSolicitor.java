package jnatsd.engine.cluster;

import java.net.URI;
import java.util.List;

/**
 * Dials routes for the engine, off the engine thread: a connected socket comes back as a route OPEN event through
 * the transport. Called from the engine thread; implementations are thread-safe.
 */
public interface RouteSolicitor
{
    /**
     * Connects to a route URL after {@code delayMs}. Explicit routes are retried forever, every second; implicit
     * ones up to {@code connect_retries} more times. A URL already being dialed is not dialed twice.
     */
    void solicit(URI url, boolean explicit, long delayMs);

    /** Stops retrying a URL (it leads to this server itself). */
    void forget(URI url);

    /**
     * The configured routes in force (at start and after each reload): an explicit dial whose URL is no longer among
     * them stops retrying, as nats-server's routeStillValid does.
     */
    default void explicitRoutes(final List<URI> routes)
    {
    }
}
