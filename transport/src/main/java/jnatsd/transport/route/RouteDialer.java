package jnatsd.transport.route;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jnatsd.engine.cluster.RouteOrigin;
import jnatsd.engine.cluster.RouteSolicitor;
import jnatsd.engine.status.Log;

/**
 * Dials routes on one small thread of its own with a blocking connect (bounded by a timeout), then hands the
 * connected socket to a transport agent ({@link RouteTransport#adoptSolicited}), which reads it like any other
 * connection. Route dialing is rare and may wait on DNS or a dead host: keeping it off the selector threads keeps
 * the transport's duty cycle free of connect state.
 * <p>
 * Retry policy of nats-server 2.9 (route.go connectToRoute): an explicit (configured) route is retried forever, one
 * attempt per second; an implicit (gossiped) one gives up after {@code connect_retries} retries.
 */
public final class RouteDialer implements RouteSolicitor, AutoCloseable
{
    /** nats-server's DEFAULT_ROUTE_CONNECT: the pause between attempts. */
    private static final long CONNECT_DELAY_MS = 1_000;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int DEFAULT_ROUTE_PORT = 6222;

    private final RouteTransport transport;
    private volatile int connectRetries;
    private final Log log;
    private final Set<String> dialing = ConcurrentHashMap.newKeySet();
    private final Set<String> forgotten = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r ->
    {
        final Thread t = new Thread(r, "jnatsd-route-dialer");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;
    /** The configured routes in force; null until the cluster says (then every explicit dial is valid). */
    private volatile Set<URI> configured;

    public RouteDialer(final RouteTransport transport, final int connectRetries, final Log log)
    {
        this.transport = transport;
        this.connectRetries = Math.max(0, connectRetries);
        this.log = log;
    }

    @Override
    public void solicit(final URI url, final boolean explicit, final long delayMs)
    {
        final String key = key(url);
        if (closed || forgotten.contains(key) || !dialing.add(key))
        {
            return;
        }
        schedule(url, explicit, 1, delayMs);
    }

    @Override
    public void forget(final URI url)
    {
        forgotten.add(key(url));
    }

    @Override
    public void explicitRoutes(final List<URI> routes)
    {
        configured = Set.copyOf(routes);
    }

    /** A reload changed cluster.connect_retries: dials of implicit routes from now on use it. */
    public void connectRetries(final int retries)
    {
        connectRetries = Math.max(0, retries);
    }

    /** nats-server routeStillValid: an explicit route removed by a reload is no longer dialed. */
    private boolean stillValid(final URI url, final boolean explicit)
    {
        final Set<URI> c = configured;
        return !explicit || c == null || c.contains(url);
    }

    private void schedule(final URI url, final boolean explicit, final int attempt, final long delayMs)
    {
        try
        {
            executor.schedule(() -> attempt(url, explicit, attempt), Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        }
        catch (final RejectedExecutionException ex)
        {
            dialing.remove(key(url));
        }
    }

    private void attempt(final URI given, final boolean explicit, final int attempt)
    {
        final String key = key(given);
        // A reload may have replaced the URL by one to the same host and port (new credentials): the dial already
        // under way for that address carries on with it, since a second one for the address is never started.
        final URI url = stillValid(given, explicit) ? given : sameAddress(given);
        if (closed || forgotten.contains(key) || url == null)
        {
            dialing.remove(key);
            return;
        }
        final String host = url.getHost() == null ? "127.0.0.1" : url.getHost();
        final int port = url.getPort() < 0 ? DEFAULT_ROUTE_PORT : url.getPort();
        SocketChannel ch = null;
        try
        {
            final InetSocketAddress address = new InetSocketAddress(host, port);
            if (log.isDebug())
            {
                // nats-server: the URL's host, then the address it resolved to.
                log.debug("Trying to connect to route on " + host + ":" + port + " ("
                    + (address.isUnresolved() ? host : address.getAddress().getHostAddress()) + ":" + port + ")");
            }
            ch = SocketChannel.open();
            ch.socket().connect(address, CONNECT_TIMEOUT_MS);
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            dialing.remove(key);
            if (!stillValid(url, explicit))
            {
                ch.close();
                return;
            }
            transport.adoptSolicited(ch, new RouteOrigin(url, explicit));
        }
        catch (final IOException | RuntimeException ex)
        {
            if (ch != null)
            {
                try
                {
                    ch.close();
                }
                catch (final IOException ignore)
                {
                    // never connected
                }
            }
            final String text = "Error trying to connect to route (attempt " + attempt + "): " + ex.getMessage();
            if (attempt == 1)
            {
                log.error(text);
            }
            else if (log.isDebug())
            {
                log.debug(text);
            }
            if (explicit || attempt <= connectRetries)
            {
                schedule(url, explicit, attempt + 1, CONNECT_DELAY_MS);
            }
            else
            {
                dialing.remove(key);
            }
        }
    }

    /** The configured route to the same host and port as url, or null. */
    private URI sameAddress(final URI url)
    {
        final Set<URI> c = configured;
        if (c != null)
        {
            for (final URI u : c)
            {
                if (key(u).equals(key(url)))
                {
                    return u;
                }
            }
        }
        return null;
    }

    private static String key(final URI url)
    {
        return (url.getHost() == null ? "" : url.getHost().toLowerCase()) + ":" + url.getPort();
    }

    @Override
    public void close()
    {
        closed = true;
        executor.shutdownNow();
    }
}
