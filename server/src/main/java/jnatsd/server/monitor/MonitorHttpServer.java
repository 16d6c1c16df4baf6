package jnatsd.server.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.config.MonitorOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.tls.PemFiles;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ops.ServerRuntime;
import jnatsd.transport.tls.TlsContext;

/**
 * The HTTP monitoring listener (-m, http_port, http, monitor_port), or HTTPS (-ms, https_port, https) with the
 * client TLS config and no client certificate asked for, as nats-server; on the JDK's own HTTP server: paths,
 * status codes, content types, JSONP and request counting as nats-server 2.9. Bound before the server starts
 * (a port in use stops start-up, as in nats) and served from when the server is ready. Handlers run on two
 * daemon threads of their own; engine state is only read through {@link EngineQueries}.
 */
public final class MonitorHttpServer implements AutoCloseable
{
    private static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final int THREADS = 2;

    private final HttpServer http;
    private final boolean secure;
    private final String host;
    private final String basePath;
    private ExecutorService executor;
    private Monitor monitor;
    private Metrics metrics;

    private MonitorHttpServer(final HttpServer http, final String host, final String basePath, final boolean secure)
    {
        this.http = http;
        this.secure = secure;
        this.host = host;
        this.basePath = basePath;
    }

    /** Why monitoring cannot start (nats-server's text, after "Can't start monitoring: "). */
    public static final class MonitorException extends Exception
    {
        private static final long serialVersionUID = 1L;

        MonitorException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /**
     * Binds the monitoring port (HTTP, or HTTPS with the client TLS config), or returns null when monitoring is off
     * (both ports 0). Failures carry nats-server's text.
     */
    public static MonitorHttpServer bind(final ServerOptions options) throws MonitorException
    {
        final MonitorOptions mo = options.monitor();
        if (mo.httpPort() != 0 && mo.httpsPort() != 0)
        {
            throw new MonitorException("can't specify both HTTP (" + mo.httpPort() + ") and HTTPs ("
                + mo.httpsPort() + ") ports", null);
        }
        if (mo.httpPort() == 0 && mo.httpsPort() == 0)
        {
            return null;
        }
        final boolean secure = mo.httpsPort() != 0;
        TlsContext tls = null;
        if (secure)
        {
            if (!options.tls().enabled())
            {
                throw new MonitorException("TLS cert and key required for HTTPS", null);
            }
            try
            {
                tls = TlsContext.create(options.tls());
            }
            catch (final PemFiles.PemException | GeneralSecurityException ex)
            {
                throw new MonitorException(ex.getMessage(), ex);
            }
        }
        final String host = httpHost(options);
        final int wanted = secure ? mo.httpsPort() : mo.httpPort();
        final int port = wanted < 0 ? 0 : wanted;
        try
        {
            final InetSocketAddress at = new InetSocketAddress(host, port);
            final HttpServer http;
            if (secure)
            {
                final HttpsServer https = HttpsServer.create(at, 128);
                https.setHttpsConfigurator(configurator(tls));
                http = https;
            }
            else
            {
                http = HttpServer.create(at, 128);
            }
            return new MonitorHttpServer(http, host, normalizeBasePath(mo.httpBasePath()), secure);
        }
        catch (final IOException ex)
        {
            throw new MonitorException("can't listen to the monitor port: listen tcp " + hostPort(host, wanted)
                + ": " + ex.getMessage(), ex);
        }
    }

    private static HttpsConfigurator configurator(final TlsContext tls)
    {
        return new HttpsConfigurator(tls.sslContext())
        {
            @Override
            public void configure(final HttpsParameters params)
            {
                params.setSSLParameters(tls.serverParametersWithoutClientAuth());
            }
        };
    }

    /**
     * nats-server binds monitoring to the client host when http's host is not set; the loader's default is
     * 0.0.0.0, which is taken as "not set".
     */
    public static String httpHost(final ServerOptions options)
    {
        final String h = options.monitor().httpHost();
        return h == null || h.isEmpty() || "0.0.0.0".equals(h) ? options.listen().host() : h;
    }

    /** nats' normalizeBasePath: a leading slash, cleaned; "" is "/". */
    static String normalizeBasePath(final String p)
    {
        if (p == null || p.isEmpty())
        {
            return "/";
        }
        String s = p.startsWith("/") ? p : "/" + p;
        s = s.replaceAll("/+", "/");
        if (s.length() > 1 && s.endsWith("/"))
        {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    public int port()
    {
        return http.getAddress().getPort();
    }

    public String host()
    {
        return host;
    }

    /** Starts serving (engine snapshots need the engine thread running) and logs as nats does. */
    public void start(final JnatsdServer server, final ServerRuntime runtime, final Log log)
        throws EngineQueries.EngineUnavailableException
    {
        final EngineQueries queries = new EngineQueries(server.engineAgent());
        queries.attach();
        monitor = new Monitor(server, runtime, queries, host, port(), log);
        metrics = new Metrics(monitor);
        final AtomicInteger n = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r ->
        {
            final Thread t = new Thread(r, "jnatsd-monitor-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", this::handle);
        http.start();
        log.info("Starting " + (secure ? "https" : "http") + " monitor on " + hostPort(host, port()));
    }

    /** The engine door this listener reads through (null before {@link #start}); the system account shares it. */
    public EngineQueries queries()
    {
        return monitor == null ? null : monitor.engine;
    }

    public static String hostPort(final String host, final int port)
    {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void close()
    {
        http.stop(0);
        if (executor != null)
        {
            executor.shutdownNow();
        }
    }

    private void handle(final HttpExchange ex) throws IOException
    {
        try (ex)
        {
            final String endpoint = endpoint(ex.getRequestURI().getPath());
            final QueryParams q = QueryParams.parse(ex.getRequestURI().getRawQuery());
            try
            {
                route(ex, endpoint, q);
            }
            catch (final BadRequestException bad)
            {
                send(ex, 400, TEXT, bad.getMessage().getBytes(StandardCharsets.UTF_8));
            }
            catch (final EngineQueries.EngineUnavailableException down)
            {
                send(ex, 503, TEXT, ("engine unavailable: " + down.getMessage()).getBytes(StandardCharsets.UTF_8));
            }
            catch (final RuntimeException bug)
            {
                send(ex, 500, TEXT, String.valueOf(bug).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The endpoint path below the base path ("/varz"), "/" for the root, null when outside it. */
    String endpoint(final String path)
    {
        if ("/".equals(basePath))
        {
            return path;
        }
        if (path.equals(basePath))
        {
            return "/";
        }
        return path.startsWith(basePath + "/") ? path.substring(basePath.length()) : null;
    }

    private void route(final HttpExchange ex, final String endpoint, final QueryParams q)
        throws IOException, BadRequestException, EngineQueries.EngineUnavailableException
    {
        final Monitor m = monitor;
        switch (endpoint == null ? "" : endpoint)
        {
            case "/" ->
            {
                m.stats.count("/");
                send(ex, 200, "text/html; charset=utf-8", IndexPage.html(basePath));
            }
            case "/varz" ->
            {
                m.stats.count("/varz");
                final EngineStats e = m.engine.stats();
                json(ex, q, GoJson.indented(Varz.build(m, e, routeCount(m))));
            }
            case "/connz" ->
            {
                final Connz.Options o = Connz.options(q);
                m.stats.count("/connz");
                json(ex, q, GoJson.indented(Connz.build(Connz.validate(o), m.engine, m.serverId())));
            }
            case "/routez" ->
            {
                final boolean detail = "detail".equalsIgnoreCase(q.get("subs"));
                final boolean subs = !detail && q.bool("subs");
                m.stats.count("/routez");
                json(ex, q, GoJson.indented(SmallEndpoints.routez(m, subs, detail)));
            }
            case "/subsz", "/subscriptionsz" ->
            {
                m.stats.count("/subsz");
                json(ex, q, GoJson.indented(Subsz.build(m, Subsz.query(q))));
            }
            case "/accountz" ->
            {
                m.stats.count("/accountz");
                json(ex, q, GoJson.indented(SmallEndpoints.accountz(m, q.get("acc"))));
            }
            case "/accstatz" ->
            {
                m.stats.count("/accstatz");
                final boolean unused = q.bool("unused");
                json(ex, q, GoJson.indented(SmallEndpoints.accstatz(m, unused, q.get("accounts"))));
            }
            case "/gatewayz" ->
            {
                m.stats.count("/gatewayz");
                json(ex, q, GoJson.indented(SmallEndpoints.gatewayz(m)));
            }
            case "/leafz" ->
            {
                m.stats.count("/leafz");
                json(ex, q, GoJson.indented(SmallEndpoints.leafz(m)));
            }
            case "/healthz" -> healthz(ex, q, m);
            case "/stacksz" -> send(ex, 200, TEXT, SmallEndpoints.stacksz().getBytes(StandardCharsets.UTF_8));
            case "/metrics" ->
            {
                m.stats.count("/metrics");
                send(ex, 200, metrics.contentType(), metrics.scrape());
            }
            default -> notFound(ex);
        }
    }

    private static void healthz(final HttpExchange ex, final QueryParams q, final Monitor m)
        throws IOException, BadRequestException, EngineQueries.EngineUnavailableException
    {
        m.stats.count("/healthz");
        q.bool("js-enabled");
        q.bool("js-enabled-only");
        q.bool("js-server-only");
        final Map<String, Object> status = Healthz.status(m);
        final byte[] body = GoJson.compact(status);
        if (status.containsKey("error"))
        {
            respond(ex, 503, q, body);
        }
        else
        {
            respond(ex, 200, q, body);
        }
    }

    static int routeCount(final Monitor m) throws EngineQueries.EngineUnavailableException
    {
        return m.engine.query(e ->
        {
            int n = 0;
            for (final Session s : e.sessions())
            {
                if (s.kind == Session.KIND_ROUTE)
                {
                    n++;
                }
            }
            return n;
        });
    }

    private static void json(final HttpExchange ex, final QueryParams q, final byte[] body) throws IOException
    {
        respond(ex, 200, q, body);
    }

    /** nats' ResponseHandler: JSONP when a callback is given, JSON otherwise. */
    private static void respond(final HttpExchange ex, final int status, final QueryParams q, final byte[] body)
        throws IOException
    {
        final String callback = q.get("callback");
        if (callback.isEmpty())
        {
            send(ex, status, JSON, body);
            return;
        }
        final byte[] open = (callback + "(").getBytes(StandardCharsets.UTF_8);
        final byte[] wrapped = new byte[open.length + body.length + 1];
        System.arraycopy(open, 0, wrapped, 0, open.length);
        System.arraycopy(body, 0, wrapped, open.length, body.length);
        wrapped[wrapped.length - 1] = ')';
        send(ex, status, "application/javascript", wrapped);
    }

    private static void notFound(final HttpExchange ex) throws IOException
    {
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(ex, 404, TEXT, "404 page not found\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(final HttpExchange ex, final int status, final String contentType, final byte[] body)
        throws IOException
    {
        ex.getResponseHeaders().set("Content-Type", contentType);
        final boolean head = "HEAD".equalsIgnoreCase(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head)
        {
            try (OutputStream out = ex.getResponseBody())
            {
                out.write(body);
            }
        }
    }
}
