package jnatsd.server.cluster;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.channels.ServerSocketChannel;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnatsd.config.ClusterOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.TlsOptions;
import jnatsd.config.Version;
import jnatsd.config.tls.PemFiles;
import jnatsd.engine.AdminQueue;
import jnatsd.engine.Engine;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.cluster.Cluster;
import jnatsd.engine.cluster.ClusterSettings;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.status.Log;
import jnatsd.server.ops.ServerRuntime;
import jnatsd.transport.ListenBacklog;
import jnatsd.transport.TransportAgent;
import jnatsd.transport.route.RouteDialer;
import jnatsd.transport.route.RouteTransport;
import jnatsd.transport.tls.RouteTlsChannels;
import jnatsd.transport.tls.TlsContext;

/**
 * Clustering for one server: binds the route port, puts route sockets on transport agent 0 (TLS ones with
 * cluster.tls), starts the route dialer and gives the engine its {@link Cluster}. Built before the agents start;
 * {@link #start()} (after the warm-up, when the client port opens) accepts routes and dials the configured ones.
 */
public final class ClusterWiring implements AutoCloseable
{
    private final ServerSocketChannel listener;
    private final RouteTransport transport;
    private final RouteDialer dialer;
    private final Cluster cluster;
    private final Log log;
    private final String listenText;
    /** nats-server's clusterTLSInsecureWarning, logged at start when cluster.tls has insecure. */
    static final String INSECURE_WARNING = "TLS certificate chain and hostname of solicited routes will not be "
        + "verified. DO NOT USE IN PRODUCTION!";

    /** The settings in force; replaced by reloads (reload thread only). */
    private ClusterSettings settings;
    private final boolean insecure;

    private ClusterWiring(
        final ServerSocketChannel listener, final RouteTransport transport, final RouteDialer dialer,
        final Cluster cluster, final Log log, final String listenText, final ClusterSettings settings,
        final boolean insecure)
    {
        this.settings = settings;
        this.insecure = insecure;
        this.listener = listener;
        this.transport = transport;
        this.dialer = dialer;
        this.cluster = cluster;
        this.log = log;
        this.listenText = listenText;
    }

    public static ClusterWiring create(
        final ServerOptions options,
        final String serverId,
        final String serverName,
        final Engine engine,
        final ServerInfo clientInfo,
        final TransportAgent agent,
        final Log log,
        final int clientPort) throws IOException
    {
        final ClusterOptions co = options.cluster();
        final ServerSocketChannel listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        final int wanted = co.port() < 0 ? 0 : co.port();
        try
        {
            listener.bind(new InetSocketAddress(co.host(), wanted), ListenBacklog.value());
        }
        catch (final IOException ex)
        {
            listener.close();
            throw new IOException(
                "Error listening on router port: " + co.host() + ":" + wanted + ", " + ex.getMessage(), ex);
        }
        final int routePort = ((InetSocketAddress)listener.getLocalAddress()).getPort();
        final ClusterSettings settings = withCluster(new ClusterSettings(serverId, serverName, Version.NATS_COMPAT,
            "java" + Runtime.version().feature(), "", co.host(), routePort, "", clientUrls(options, clientPort),
            false, List.of(), "", "", options.limits().maxPayloadBytes(), !options.limits().noHeaderSupport(),
            options.limits().pingIntervalNs(), options.limits().pingMax()), co, routePort);
        if (settings.tls())
        {
            agent.context().routeChannels(new RouteTlsChannels(routeTls(co.tls(), log), co.routes()));
        }
        final RouteTransport transport = new RouteTransport(agent, log);
        final RouteDialer dialer = new RouteDialer(transport, co.connectRetries(), log);
        final Cluster cluster = new Cluster(settings, engine, clientInfo,
            new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 64), dialer, log);
        engine.interconnect(cluster);
        return new ClusterWiring(listener, transport, dialer, cluster, log,
            joinHostPort(co.host(), routePort), settings, settings.tls() && co.tls().insecure());
    }

    /** The cluster.tls context; the block's files were loaded when the config was read, so failing here is rare. */
    private static TlsContext routeTls(final TlsOptions tls, final Log log) throws IOException
    {
        try
        {
            return TlsContext.forRoutes(tls);
        }
        catch (final PemFiles.PemException | GeneralSecurityException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /** The settings with the cluster block's values: name, advertised host/port/URL, routes, authorization. */
    private static ClusterSettings withCluster(final ClusterSettings s, final ClusterOptions co, final int routePort)
    {
        String routeHost = co.host();
        int advertisedPort = routePort;
        String advertisedUrl = "";
        if (co.advertise() != null && !co.advertise().isEmpty())
        {
            final String[] hp = splitHostPort(co.advertise(), routePort);
            routeHost = hp[0];
            advertisedPort = Integer.parseInt(hp[1]);
            advertisedUrl = "nats-route://" + joinHostPort(routeHost, advertisedPort) + "/";
        }
        return new ClusterSettings(s.serverId(), s.serverName(), s.version(), s.runtime(),
            co.name() == null ? "" : co.name(), routeHost, advertisedPort, advertisedUrl, s.clientUrls(),
            co.noAdvertise(), List.copyOf(co.routes()), co.user() == null ? "" : co.user(),
            co.password() == null ? "" : co.password(), s.maxPayload(), s.headers(), s.pingIntervalNs(), s.pingMax(),
            co.tls() != null && co.tls().enabled());
    }

    /** Logs the route listener and dials the configured routes. */
    public void start()
    {
        log.info("Cluster name is " + cluster.clusterName());
        log.info("Listening for route connections on " + listenText);
        if (insecure)
        {
            log.warn(INSECURE_WARNING);
        }
        // Only now: the start-up warm-up's subscriptions and messages must never reach a peer.
        transport.listen(listener);
        cluster.start();
    }

    /**
     * Applies a reload to the cluster as nats-server 2.9 does (reload.go clusterOption, routesOption): name,
     * advertise, no_advertise, connect_retries and authorization hold from now on ({@code Reloaded: cluster}; accepted
     * routes whose credentials no longer match are closed); routes added to {@code cluster.routes} are dialed, routes
     * removed from it are closed and no longer redialed ({@code Removed route <url>}, {@code Reloaded: cluster
     * routes}). Host and port changes never get here: ConfigReload refuses them.
     */
    public ServerRuntime.ReloadListener reloadListener(final AdminQueue admin)
    {
        return (oldOptions, newOptions) ->
        {
            try
            {
                reload(admin, oldOptions.cluster(), newOptions.cluster());
            }
            catch (final RuntimeException ex)
            {
                // A listener must not throw (the next ones would not run): e.g. an advertise without a valid port.
                log.error("Reloading the cluster: " + ex);
            }
        };
    }

    private void reload(final AdminQueue admin, final ClusterOptions old, final ClusterOptions now)
    {
        final boolean clusterChanged = !Objects.equals(old.name(), now.name())
            || !Objects.equals(old.advertise(), now.advertise()) || old.noAdvertise() != now.noAdvertise()
            || old.connectRetries() != now.connectRetries() || !Objects.equals(old.user(), now.user())
            || !Objects.equals(old.password(), now.password()) || old.authTimeoutNs() != now.authTimeoutNs();
        final boolean routesChanged = !old.routes().equals(now.routes());
        if (!clusterChanged && !routesChanged)
        {
            return;
        }
        dialer.connectRetries(now.connectRetries());
        final List<URI> added = new ArrayList<>(now.routes());
        added.removeAll(old.routes());
        final List<URI> removed = new ArrayList<>(old.routes());
        removed.removeAll(now.routes());
        final ClusterSettings next = withCluster(settings, now, routePort());
        settings = next;
        try
        {
            // Route sessions are engine state: changed on the engine thread; the dialer dials on its own.
            admin.submit(e ->
            {
                final Cluster c = cluster;
                if (clusterChanged)
                {
                    // nats-server's order: the new name, the option, then the routes its authorization refuses.
                    c.reconfigure(next);
                    log.info("Reloaded: cluster");
                    c.closeUnauthorizedRoutes();
                }
                if (routesChanged)
                {
                    c.reloadRoutes(next.explicitRoutes(), added, removed);
                    log.info("Reloaded: cluster routes");
                }
                return null;
            }).get(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            log.error("Reloading the cluster: " + ex);
        }
    }

    /** The cluster the engine runs (engine thread only: call it from an admin task). */
    public Cluster cluster()
    {
        return cluster;
    }

    public int routePort()
    {
        try
        {
            return ((InetSocketAddress)listener.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    @Override
    public void close()
    {
        dialer.close();
        transport.close();
    }

    /** nats-server getClientConnectURLs: client_advertise, else every non-loopback address for 0.0.0.0, else host. */
    static List<String> clientUrls(final ServerOptions options, final int clientPort)
    {
        final String advertise = options.listen().clientAdvertise();
        if (advertise != null && !advertise.isEmpty())
        {
            final String[] hp = splitHostPort(advertise, clientPort);
            return List.of(joinHostPort(hp[0], Integer.parseInt(hp[1])));
        }
        final String host = options.listen().host();
        if (!"0.0.0.0".equals(host) && !"::".equals(host) && !"[::]".equals(host))
        {
            return List.of(joinHostPort(host, clientPort));
        }
        final List<String> out = new ArrayList<>();
        try
        {
            for (final NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces()))
            {
                for (final InetAddress a : Collections.list(ni.getInetAddresses()))
                {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress())
                    {
                        continue;
                    }
                    if (a instanceof Inet6Address && "0.0.0.0".equals(host))
                    {
                        continue;
                    }
                    out.add(joinHostPort(a.getHostAddress().replaceAll("%.*$", ""), clientPort));
                }
            }
        }
        catch (final IOException ex)
        {
            // no interfaces listed: advertise nothing rather than a wildcard address
        }
        return out;
    }

    private static String[] splitHostPort(final String text, final int defaultPort)
    {
        final String t = text.trim();
        final int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon)
        {
            return new String[] {t.substring(0, colon), t.substring(colon + 1)};
        }
        if (t.startsWith("[") && t.contains("]:"))
        {
            final int end = t.indexOf("]:");
            return new String[] {t.substring(1, end), t.substring(end + 2)};
        }
        return new String[] {t, Integer.toString(defaultPort)};
    }

    private static String joinHostPort(final String host, final int port)
    {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
