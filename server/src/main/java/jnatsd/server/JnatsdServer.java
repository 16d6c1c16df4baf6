package jnatsd.server;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;
import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jnatsd.config.ClusterOptions;
import jnatsd.config.EngineOptions;
import jnatsd.config.ListenOptions;
import jnatsd.config.MonitorOptions;
import jnatsd.config.OperationsOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.ThreadingMode;
import jnatsd.config.TlsOptions;
import jnatsd.config.Version;
import jnatsd.config.tls.PemFiles;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineAgent;
import jnatsd.engine.EngineSettings;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.WakeableIdleStrategy;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.subject.SubjectTable;
import jnatsd.server.cluster.ClusterWiring;
import jnatsd.server.sys.SystemAccounts;
import jnatsd.server.sys.SystemService;
import jnatsd.transport.ListenBacklog;
import jnatsd.transport.TransportAgent;
import jnatsd.transport.TransportContext;
import jnatsd.transport.auth.Authenticator;
import jnatsd.transport.ingress.ConnectParser;
import jnatsd.transport.ingress.Ingress;
import jnatsd.transport.tls.TlsChannels;
import jnatsd.transport.tls.TlsContext;
import org.agrona.concurrent.IdleStrategy;

/**
 * Wires one server: the client listener, the ring, the engine agent and the transport agents, on threads chosen
 * by the threading mode. {@link #close()} stops gracefully: stop accepting, flush what is queued, close.
 * <p>
 * The start-up warm-up runs on a second, private instance of the same wiring (loopback port, muted log, its own
 * ring, engine, counters and authenticator) while this one already serves: the JIT's profiles belong to the code,
 * not to an instance, so its traffic compiles the real server's hot path without ever touching its state.
 */
public final class JnatsdServer implements AutoCloseable
{
    private static final long TIMER_TICK_MS = 100;
    /**
     * The engine polls the ring itself (EngineAgent) and idles with its own strategy, so the ring's wait strategy is
     * never waited on; the default BlockingWaitStrategy would still take a lock on every publish to signal nobody.
     */
    private static final WaitStrategy NO_SIGNAL = new BusySpinWaitStrategy();
    /** Longest the start-up warm-up may take (it is ~2.5 s on an idle 2-core box, ~6 s on a loaded one). */
    private static final long WARM_UP_LIMIT_MS = Long.getLong("jnatsd.warmup.limitMs", 20_000);

    private final ServerOptions options;
    private final ServerLog log;
    private final String serverId;
    private final ServerSocketChannel listener;
    /** The warm-up instance's read-pool trim period (TransportAgent.trimEvery says why). */
    private static final long WARM_UP_TRIM_NS = 100_000_000L;
    /** True for the start-up warm-up's private instance. */
    private final boolean warmUpInstance;
    private final String threadPrefix;
    private final ConcurrentHashMap<String, IdleClock> idleClocks =
        new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AgentRunner> runners = new ConcurrentHashMap<>();
    private final Authenticator authenticator;
    private TransportContext transportContext;
    private final RingBuffer<InboundEvent> ring;
    private final EngineAgent engineAgent;
    private final TransportAgent[] transports;
    private final EngineCounters counters = new EngineCounters();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch stopped;
    private volatile boolean running = true;
    private WakeableIdleStrategy engineWaker;
    /** Guards the warm-up's handles, so that stopping it and starting it cannot cross. */
    private final Object warmUpLock = new Object();
    private WarmUp warmUpClients;
    private boolean warmUpStopped;
    private Thread warmUpDriver;
    /** Null unless a cluster port is configured. */
    private final ClusterWiring cluster;
    /** The system account's services (null on the warm-up instance); started by the caller once ready. */
    private final SystemService system;

    private JnatsdServer(final ServerOptions options, final ServerLog log, final boolean warmUpInstance)
        throws IOException
    {
        this.options = options;
        this.log = log;
        this.warmUpInstance = warmUpInstance;
        this.threadPrefix = warmUpInstance ? "warm-up-" : "jnatsd-";
        this.serverId = newServerId();
        final EngineOptions eo = options.engine();
        final boolean dedicated = eo.threadingMode() == ThreadingMode.DEDICATED;
        final int transportCount = dedicated ? Math.max(1, eo.transportThreads()) : 1;

        listener = ServerSocketChannel.open();
        listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        final int port = options.listen().port() < 0 ? 0 : options.listen().port();
        listener.bind(new InetSocketAddress(options.listen().host(), port), ListenBacklog.value());
        final int boundPort = ((InetSocketAddress)listener.getLocalAddress()).getPort();

        ring = transportCount == 1
            ? RingBuffer.createSingleProducer(InboundEvent::new, eo.ringSize(), NO_SIGNAL)
            : RingBuffer.createMultiProducer(InboundEvent::new, eo.ringSize(), NO_SIGNAL);
        final String name = options.serverName().isEmpty() ? serverId : options.serverName();
        final ServerInfo info = new ServerInfo(
            serverId, name, Version.NATS_COMPAT, "java" + Runtime.version().feature(),
            options.listen().host(), boundPort, !options.limits().noHeaderSupport(), options.auth().required(),
            options.limits().maxPayloadBytes());
        info.tls(options.tls().enabled(), options.tls().verify(), options.tls().allowNonTls());
        final Engine engine = new Engine(new EngineSettings(options), info, log,
            new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 512), new SubjectTable(4096), counters);
        // Before the engine thread starts: the system account, the accounts block's accounts and imports.
        engine.accounts().systemAccount(SystemAccounts.name(options));
        engine.configureAccounts(options.auth().accounts());
        engineAgent = new EngineAgent(engine, ring, log);
        final Sequence engineSequence = engineAgent.sequence();

        final Runnable wake;
        if (dedicated && "blocking".equals(eo.engineIdleStrategy()))
        {
            engineWaker = new WakeableIdleStrategy(
                () -> ring.getCursor() > engineSequence.get(), TimeUnit.MILLISECONDS.toNanos(TIMER_TICK_MS),
                eo.spinBeforeBlockNs());
            wake = engineWaker::wake;
        }
        else
        {
            wake = () -> { };
        }
        final TransportContext ctx = transportContext = new TransportContext(
            log, options.limits().maxControlLineBytes(),
            options.limits().maxPayloadBytes(), options.limits().maxConnections(), 8 * 1024, wake);
        if (options.tls().enabled())
        {
            ctx.channels(new TlsChannels(tlsContext(options.tls())));
        }
        authenticator = new Authenticator(options.auth(), options.tls().enabled() && options.tls().verifyAndMap());
        transports = new TransportAgent[transportCount];
        for (int i = 0; i < transportCount; i++)
        {
            // Ring full: in shared mode the engine runs inline on this thread; dedicated producers wait for it.
            final Runnable onRingFull = dedicated ? Thread::yield : this::runEngineInline;
            final Ingress ingress = new Ingress(ring, onRingFull, authenticator, log);
            transports[i] = new TransportAgent(i, ingress, engineSequence, ctx, dedicated);
            if (warmUpInstance)
            {
                transports[i].trimEvery(WARM_UP_TRIM_NS);
            }
        }
        // Admin requests must wake whichever thread runs the engine.
        final WakeableIdleStrategy waker = engineWaker;
        final TransportAgent shared = transports[0];
        engineAgent.admin().wakeup(dedicated ? (waker != null ? waker::wake : () -> { }) : shared::wakeup);
        cluster = options.cluster().enabled()
            ? ClusterWiring.create(options, serverId, name, engine, info, transports[0], log,
                boundPort)
            : null;
        // Last, once the routes can learn its interest; not on the private warm-up instance.
        system = warmUpInstance ? null : SystemService.prepare(this, engine, options, log);
        stopped = new CountDownLatch(dedicated ? 1 + transportCount : 1);
    }

    /** The client TLS context; the options were checked when loaded, so a failure here is unexpected. */
    private static TlsContext tlsContext(final TlsOptions tls) throws IOException
    {
        try
        {
            return TlsContext.create(tls);
        }
        catch (final PemFiles.PemException | GeneralSecurityException ex)
        {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    /** Loads what the first client would otherwise wait for (Jackson's first parse costs ~100 ms). */
    private static void loadConnectParser()
    {
        try
        {
            ConnectParser.parse(
                "{\"verbose\":false,\"pedantic\":false,\"name\":\"warm-up\",\"protocol\":1}");
        }
        catch (final ConnectParser.BadConnectException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private void runEngineInline()
    {
        engineAgent.doWork();
    }

    /** Binds, starts the threads and logs "Server is ready". */
    public static JnatsdServer start(final ServerOptions options, final ServerLog log) throws IOException
    {
        return start(options, log, s -> { });
    }

    /**
     * As {@link #start(ServerOptions, ServerLog)}; {@code beforeListening} runs once the engine threads are up and
     * the start banner is logged, just before clients are accepted (nats-server writes its pid file and starts
     * monitoring there). The start-up warm-up then runs in the background: it never delays a client.
     */
    public static JnatsdServer start(final ServerOptions options, final ServerLog log,
        final Consumer<JnatsdServer> beforeListening) throws IOException
    {
        // The CONNECT parser (Jackson) takes ~40 ms to load: load it beside the start-up, so the first client's
        // CONNECT does not wait for it and the listener does not wait either.
        final Thread preload = new Thread(JnatsdServer::loadConnectParser, "jnatsd-preload");
        preload.setDaemon(true);
        preload.start();
        final JnatsdServer server = new JnatsdServer(options, log, false);
        server.logBanner();
        server.startThreads();
        beforeListening.accept(server);
        server.listen();
        server.startWarmUp();
        return server;
    }

    private void logBanner()
    {
        final EngineOptions eo = options.engine();
        log.info("Starting jnatsd");
        log.info("  Version:  " + Version.JNATSD + " (nats-server " + Version.NATS_COMPAT + " compatible)");
        log.info("  Java:     " + Runtime.version());
        log.info(MemoryBanner.line());
        log.info("  Name:     " + (options.serverName().isEmpty() ? serverId : options.serverName()));
        log.info("  ID:       " + serverId);
        log.info("  Threading: " + eo.threadingMode().name().toLowerCase() + ", ring " + eo.ringSize()
            + ", transport threads " + transports.length);
        final String files = FdLimit.describe();
        if (files != null)
        {
            log.info("  Max open files: " + files);
        }
        if (options.configFile() != null)
        {
            log.info("Using configuration file: " + options.configFile());
        }
        TrustBanner.log(log, options.auth().trust());
    }

    private void startThreads()
    {
        final EngineOptions eo = options.engine();
        if (eo.threadingMode() == ThreadingMode.SHARED)
        {
            startThread(threadPrefix + "shared", eo.engineCpu(), this::runShared);
        }
        else
        {
            startThread(threadPrefix + "engine", eo.engineCpu(), this::runEngine);
            for (int i = 0; i < transports.length; i++)
            {
                final TransportAgent t = transports[i];
                final int cpu = i < eo.transportCpus().length ? eo.transportCpus()[i] : -1;
                startThread(threadPrefix + "transport-" + i, cpu, () -> runTransport(t));
            }
        }
    }

    /** Accepts clients, then routes (the route listener and the dialing of configured routes). */
    private void listen()
    {
        transports[0].listen(listener, transports);
        log.info("Listening for client connections on " + hostPort(options.listen().host(), clientPort()));
        if (options.tls().enabled())
        {
            log.info("TLS required for client connections");
        }
        if (cluster != null)
        {
            cluster.start();
        }
        log.info("Server is ready");
    }

    /**
     * Starts the warm-up driver: unless {@code jnatsd.warmup.messages} is 0, it
     * builds the private warm-up server, runs {@link WarmUp} through it within {@link #WARM_UP_LIMIT_MS} and closes
     * it. Nothing it does can stop this server: a failure is a log line.
     */
    private void startWarmUp()
    {
        final int rounds = Integer.getInteger("jnatsd.warmup.messages", 200_000);
        if (rounds <= 0)
        {
            return;
        }
        final Thread t = new Thread(() -> driveWarmUp(rounds), "warm-up-driver");
        t.setDaemon(true);
        synchronized (warmUpLock)
        {
            warmUpDriver = t;
        }
        t.start();
    }

    private void driveWarmUp(final int rounds)
    {
        final long start = System.nanoTime();
        final String token = Long.toHexString(new SecureRandom().nextLong()) + Long.toHexString(System.nanoTime());
        final WarmUp clients = new WarmUp();
        JnatsdServer w = null;
        try
        {
            w = new JnatsdServer(warmUpOptions(options), log.muted(), true);
            synchronized (warmUpLock)
            {
                if (warmUpStopped)
                {
                    return;
                }
                warmUpClients = clients;
            }
            // Only the private instance knows the token and lifts its connection limit: no real client reaches it.
            w.authenticator.warmUpToken(token);
            w.transportContext.enforceConnectionLimit(false);
            w.startThreads();
            w.listen();
            runWarmUp(clients, w.clientPort(), token, rounds);
            log.debug("Hot path warmed up with " + rounds + " messages in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            if (!isWarmUpStopped())
            {
                log.warn("Warm-up incomplete: " + ex);
            }
        }
        finally
        {
            if (w != null)
            {
                w.close();
                w = null;
                // The private instance's heap, direct buffers and off-heap table are garbage now; one collection
                // gives them back (SerialGC shrinks the heap only then): idle RSS 106 -> ~60 MB 5 s after start.
                // A few ms on a heap of a few MB, once.
                compactHeap();
            }
            synchronized (warmUpLock)
            {
                warmUpClients = null;
            }
        }
    }

    /**
     * The collection after the warm-up, with the heap then sized to what is live. SerialGC keeps a heap up to
     * MaxHeapFreeRatio (70%) free after a full GC, and shrinks in steps (0%, 10%, 40%, then 100% of the excess, one
     * step per collection: ShrinkHeapInSteps), so the one System.gc() kept the ~20 MB the warm-up had grown it to,
     * touched (Java 17 idle RSS ~71 MB). For these collections only, the free ratios are 0-10% (both are manageable
     * flags); they are put back afterwards, so later growth follows the defaults. Four collections on ~6 MB live
     * (~10 ms each on Java 17 here), once, in the background; the young generation follows the old one down.
     * A user's own -XX:Min/MaxHeapFreeRatio is left alone (one collection, as before).
     */
    private static void compactHeap()
    {
        final HotSpotDiagnosticMXBean vm;
        try
        {
            vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            System.gc();
            return;
        }
        final VMOption min = vm.getVMOption("MinHeapFreeRatio");
        final VMOption max = vm.getVMOption("MaxHeapFreeRatio");
        if (min.getOrigin() != VMOption.Origin.DEFAULT
            || max.getOrigin() != VMOption.Origin.DEFAULT)
        {
            System.gc();
            return;
        }
        final boolean steps = Boolean.parseBoolean(vm.getVMOption("ShrinkHeapInSteps").getValue());
        try
        {
            // Min first, then Max: the JVM refuses a Max below the Min of the moment (and a Min above the Max).
            vm.setVMOption("MinHeapFreeRatio", "0");
            vm.setVMOption("MaxHeapFreeRatio", "10");
            for (int i = steps ? 4 : 1; i > 0; i--)
            {
                System.gc();
            }
        }
        catch (final RuntimeException ex)
        {
            System.gc();
        }
        finally
        {
            try
            {
                vm.setVMOption("MaxHeapFreeRatio", max.getValue());
                vm.setVMOption("MinHeapFreeRatio", min.getValue());
            }
            catch (final RuntimeException ignore)
            {
                // the values set above are valid too; only growth would be tighter
            }
        }
    }

    private boolean isWarmUpStopped()
    {
        synchronized (warmUpLock)
        {
            return warmUpStopped;
        }
    }

    /**
     * Stops the warm-up if it still runs (lame duck, shutdown): its client sockets close, so it ends at once, and the
     * driver closes the private server. Waits up to 5 s for that. Any thread; idempotent.
     */
    private void stopWarmUp()
    {
        final Thread driver;
        synchronized (warmUpLock)
        {
            warmUpStopped = true;
            if (warmUpClients != null)
            {
                warmUpClients.abort();
            }
            driver = warmUpDriver;
        }
        if (driver != null && driver != Thread.currentThread())
        {
            try
            {
                driver.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once the start-up warm-up has ended (done, failed, stopped or never started). */
    public boolean warmUpDone()
    {
        synchronized (warmUpLock)
        {
            return warmUpDriver == null || !warmUpDriver.isAlive();
        }
    }

    /**
     * The private warm-up server's options: this server's limits, authorization, threading and clustering (so the
     * JIT sees the same code paths and branches), on a loopback port of its own, threads unpinned, a route listener
     * on a loopback port of its own that dials nobody.
     */
    static ServerOptions warmUpOptions(final ServerOptions o)
    {
        final EngineOptions e = o.engine();
        final EngineOptions engine = new EngineOptions(e.threadingMode(), e.transportThreads(), e.ringSize(),
            e.engineIdleStrategy(), e.transportIdleStrategy(), -1, new int[0], e.spinBeforeBlockNs());
        final ClusterOptions c = o.cluster();
        final ClusterOptions cluster = c.enabled()
            ? new ClusterOptions(c.name(), "127.0.0.1", -1, "", true, 0, List.of(), c.user(), c.password(),
                c.authTimeoutNs(), c.permissions(), TlsOptions.none())
            : c;
        // Its clients are plaintext (the hot path is the engine's, the same with TLS); no certificate is loaded twice.
        return new ServerOptions(new ListenOptions("127.0.0.1", 0, ""), o.serverName(), o.limits(), o.logging(),
            MonitorOptions.defaults(), o.auth(), TlsOptions.none(), cluster, engine, OperationsOptions.defaults(), null,
            List.of());
    }

    /**
     * Runs the warm-up on its own thread for at most {@link #WARM_UP_LIMIT_MS}: it only makes the server faster, so
     * it must never keep it from starting. Past the limit it is abandoned (its sockets closed) and the server's
     * threads are logged, to find out what held it.
     */
    private static void runWarmUp(final WarmUp warmUp, final int port, final String token, final int rounds)
        throws IOException, InterruptedException
    {
        final Exception[] failure = new Exception[1];
        final Thread t = new Thread(() ->
        {
            try
            {
                warmUp.run(port, token, rounds);
            }
            catch (final IOException | InterruptedException | RuntimeException ex)
            {
                failure[0] = ex;
            }
        }, "warm-up-clients");
        t.setDaemon(true);
        t.start();
        t.join(WARM_UP_LIMIT_MS);
        if (t.isAlive())
        {
            final StringBuilder stacks = new StringBuilder();
            for (final Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet())
            {
                final String name = e.getKey().getName();
                if (name.startsWith("jnatsd") || name.startsWith("warm-up"))
                {
                    stacks.append("\n  ").append(e.getKey().getName()).append(' ').append(e.getKey().getState());
                    for (final StackTraceElement f : e.getValue())
                    {
                        stacks.append("\n    at ").append(f);
                    }
                }
            }
            warmUp.abort();
            t.join(5_000);
            throw new IOException("still running after " + WARM_UP_LIMIT_MS + " ms, abandoned; threads:" + stacks);
        }
        if (failure[0] instanceof IOException io)
        {
            throw io;
        }
        if (failure[0] instanceof InterruptedException ie)
        {
            throw ie;
        }
        if (failure[0] instanceof RuntimeException re)
        {
            throw re;
        }
    }

    private void startThread(final String name, final int cpu, final Runnable body)
    {
        final Thread t = new Thread(() ->
        {
            try (Pinning ignored = Pinning.pin(cpu, log))
            {
                body.run();
            }
            finally
            {
                stopped.countDown();
            }
        }, name);
        // The warm-up's threads must never keep the JVM alive.
        t.setDaemon(warmUpInstance);
        threads.add(t);
        t.start();
    }

    /**
     * A JVM Error (out of memory, stack overflow) in an agent thread leaves the server unable to serve: exit
     * rather than stay up as a process that accepts nothing.
     */
    private void failFast(final Throwable ex)
    {
        if (ex instanceof Error && running && !warmUpInstance)
        {
            log.fatal("Exiting: " + ex);
            Runtime.getRuntime().halt(1);
        }
    }

    /** Time each agent thread spent waiting for work, by thread name (for /metrics). */
    public Map<String, IdleClock> idleClocks()
    {
        return Collections.unmodifiableMap(idleClocks);
    }

    private IdleClock idleClock(final String thread)
    {
        return idleClocks.computeIfAbsent(thread, k -> new IdleClock());
    }

    /**
     * Shared mode: transport and engine agents on one thread; idle is a blocking select, after a short spin window.
     */
    private void runShared()
    {
        final TransportAgent t = transports[0];
        final IdleClock clock = idleClock("jnatsd-shared");
        final SpinWindow spin = new SpinWindow(options.engine().spinBeforeBlockNs());
        runner("jnatsd-shared", "Shared agent").run(() ->
        {
            // Engine first: what the last select read is applied and flushed before another selectNow.
            int work = engineAgent.doWork();
            work += t.doWork();
            if (work > 0)
            {
                spin.worked(work);
            }
            else if (!spin.spin())
            {
                final long t0 = System.nanoTime();
                t.idle(TIMER_TICK_MS);
                clock.add(System.nanoTime() - t0);
            }
        }, () ->
        {
            t.stopAccepting();
            drainEngine();
        }, () ->
        {
            try
            {
                engineAgent.onClose();
            }
            finally
            {
                t.onClose();
            }
        });
    }

    private void runEngine()
    {
        final IdleStrategy idle =
            engineWaker != null ? engineWaker : IdleStrategies.of(options.engine().engineIdleStrategy());
        final IdleClock clock = idleClock("jnatsd-engine");
        runner("jnatsd-engine", "Engine agent").run(() ->
        {
            final int work = engineAgent.doWork();
            if (work > 0)
            {
                idle.idle(work);
            }
            else
            {
                final long t0 = System.nanoTime();
                idle.idle(0);
                clock.add(System.nanoTime() - t0);
            }
        }, this::drainEngine, engineAgent::onClose);
    }

    private void runTransport(final TransportAgent t)
    {
        final IdleClock clock = idleClock(t.roleName());
        final String strategy = options.engine().transportIdleStrategy();
        // "blocking" waits in select(); the others poll with selectNow and idle as Agrona's strategies do.
        final IdleStrategy idle = "blocking".equals(strategy) ? null : IdleStrategies.of(strategy);
        final SpinWindow spin = new SpinWindow(idle == null ? options.engine().spinBeforeBlockNs() : 0);
        runner(t.roleName(), "Transport agent").run(() ->
        {
            final int work = t.doWork();
            if (work > 0)
            {
                spin.worked(work);
                if (idle != null)
                {
                    idle.idle(work);
                }
                return;
            }
            if (spin.spin())
            {
                return;
            }
            final long t0 = System.nanoTime();
            if (idle == null)
            {
                t.idle(TIMER_TICK_MS);
            }
            else
            {
                idle.idle(0);
            }
            clock.add(System.nanoTime() - t0);
        }, t::stopAccepting, t::onClose);
    }

    /** The runner of one agent thread, kept by thread name for /metrics. */
    private AgentRunner runner(final String thread, final String name)
    {
        final AgentRunner r = new AgentRunner(name, log, () -> running, this::failFast);
        runners.put(thread, r);
        return r;
    }

    /** Exceptions each agent thread caught and went on from, by thread name (for /metrics). */
    public Map<String, Long> agentErrors()
    {
        final Map<String, Long> out = new TreeMap<>();
        runners.forEach((t, r) -> out.put(t, r.errors()));
        return out;
    }

    private void drainEngine()
    {
        for (int i = 0; i < 1000 && ring.getCursor() > engineAgent.sequence().get(); i++)
        {
            engineAgent.doWork();
        }
    }

    public int clientPort()
    {
        try
        {
            return ((InetSocketAddress)listener.getLocalAddress()).getPort();
        }
        catch (final IOException | RuntimeException ex)
        {
            return options.listen().port();
        }
    }

    /** The bound route port, 0 when not clustered. */
    public int routePort()
    {
        return cluster == null ? 0 : Math.max(0, cluster.routePort());
    }

    /** The limits and counts the transport agents share (a reload swaps its limits). */
    public TransportContext transportContext()
    {
        return transportContext;
    }

    public String serverId()
    {
        return serverId;
    }

    public EngineCounters counters()
    {
        return counters;
    }

    /** Checks CONNECTs; a reload swaps its authorization (AuthReload). */
    public Authenticator authenticator()
    {
        return authenticator;
    }

    /** For monitoring and operations: engine-owned state is read through its admin queue. */
    public EngineAgent engineAgent()
    {
        return engineAgent;
    }

    /** Null unless a cluster port is configured. */
    /** The system account's services, to start once the server is ready; null on the warm-up instance. */
    public SystemService systemService()
    {
        return system;
    }

    public ClusterWiring cluster()
    {
        return cluster;
    }

    /** Events published to the ring and not yet applied by the engine (any thread; a moment's view). */
    public long ringOccupancy()
    {
        return Math.max(0, ring.getCursor() - engineAgent.sequence().get());
    }

    public int ringCapacity()
    {
        return ring.getBufferSize();
    }

    /**
     * Lame duck mode: closes the client listener, so no new client connects; open connections are untouched.
     * Safe from any thread (the acceptor's selector drops the closed channel's key).
     */
    public void stopAcceptingClients()
    {
        stopWarmUp();
        try
        {
            listener.close();
        }
        catch (final IOException ex)
        {
            log.warn("Closing the client listener: " + ex.getMessage());
        }
    }

    /** Graceful stop: stop accepting, flush what is buffered, close every connection. Waits up to 10 s. */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        log.info("Initiating Shutdown...");
        if (system != null)
        {
            system.close();
        }
        stopWarmUp();
        if (cluster != null)
        {
            cluster.close();
        }
        running = false;
        for (final TransportAgent t : transports)
        {
            t.wakeup();
        }
        if (engineWaker != null)
        {
            engineWaker.wake();
        }
        try
        {
            if (!threads.isEmpty())
            {
                stopped.await(10, TimeUnit.SECONDS);
                // The latch opens just before each thread ends, and a live thread still refers to its Runnable
                // (this server). The warm-up's System.gc() after close() raced that: about every other start the
                // private instance survived it, with its ~26 MB of pooled direct chunks, and an idle server never
                // collects again (Java 17 idle RSS ~97 MB instead of ~64). Joined, nothing of it is reachable.
                for (final Thread t : threads)
                {
                    if (t != Thread.currentThread())
                    {
                        t.join(1_000);
                    }
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        log.info("Server Exiting..");
    }

    static String hostPort(final String host, final int port)
    {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** A server id in nats-server's shape: 'N' and 55 base32 characters. */
    private static String newServerId()
    {
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        final SecureRandom r = new SecureRandom();
        final StringBuilder sb = new StringBuilder(56).append('N');
        for (int i = 0; i < 55; i++)
        {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
