package jnatsd.server.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import jnatsd.config.OperationsOptions;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineAgent;
import jnatsd.engine.cluster.Cluster;
import jnatsd.engine.session.Session;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ServerLog;
import jnatsd.server.cluster.ClusterWiring;

/**
 * SIGUSR2, lame duck mode for a single server, as nats-server 2.9: stop accepting clients; tell every client
 * that announced protocol 1 with an INFO carrying {@code "ldm":true} (so it can move elsewhere); wait the grace
 * period; close the remaining clients (each once its queued bytes are written) spread over the rest of
 * lame_duck_duration (at most one second apart); then shut down. Engine state is touched only by admin-queue
 * tasks; the waiting happens on a thread of its own.
 * Routes get our INFO with {@code "ldm":true}, so peers stop advertising this server to their clients.
 */
public final class LameDuck
{
    private static final byte[] LDM_TAIL = ",\"ldm\":true} \r\n".getBytes(StandardCharsets.US_ASCII);

    private final JnatsdServer server;
    private final ServerRuntime runtime;
    private final ServerLog log;
    private final Runnable shutdown;

    /** @param shutdown ends the process once every client is gone (the same path as SIGTERM) */
    public LameDuck(final JnatsdServer server, final ServerRuntime runtime, final ServerLog log,
        final Runnable shutdown)
    {
        this.server = server;
        this.runtime = runtime;
        this.log = log;
        this.shutdown = shutdown;
    }

    /** Starts lame duck mode unless it is on already; returns at once. */
    public void enter()
    {
        if (!runtime.enterLameDuck())
        {
            return;
        }
        log.info("Entering lame duck mode, stop accepting new clients");
        server.stopAcceptingClients();
        final Thread t = new Thread(this::run, "jnatsd-lame-duck");
        t.setDaemon(true);
        t.start();
    }

    private void run()
    {
        final OperationsOptions o = runtime.options().operations();
        final EngineAgent agent = server.engineAgent();
        final ClusterWiring wiring = server.cluster();
        final Cluster cluster = wiring == null ? null : wiring.cluster();
        try
        {
            final List<Session> clients = agent.admin().submit(e -> notifyClients(e, cluster))
                .get(10, TimeUnit.SECONDS);
            if (clients.isEmpty())
            {
                shutdown.run();
                return;
            }
            final long graceNs = Math.abs(o.lameDuckGracePeriodNs());
            TimeUnit.NANOSECONDS.sleep(graceNs);
            log.info("Closing existing clients");
            final long spreadNs = Math.max(o.lameDuckDurationNs() - graceNs, TimeUnit.SECONDS.toNanos(1));
            final long intervalNs = Math.min(spreadNs / clients.size(), TimeUnit.SECONDS.toNanos(1));
            for (int i = 0; i < clients.size(); i++)
            {
                final Session s = clients.get(i);
                agent.admin().submit(e ->
                {
                    e.closeWhenFlushed(s, "Server Shutdown");
                    return null;
                }).get(10, TimeUnit.SECONDS);
                if (i < clients.size() - 1 && intervalNs > 1)
                {
                    // As nats: a random pause of at least half the interval, so clients do not reconnect in step.
                    TimeUnit.NANOSECONDS.sleep(Math.max(intervalNs / 2,
                        ThreadLocalRandom.current().nextLong(intervalNs)));
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        catch (final Exception ex)
        {
            log.error("Lame duck mode: " + ex);
        }
        shutdown.run();
    }

    /** Engine thread: the INFO with "ldm":true to clients that take async INFO; returns the open clients. */
    private static List<Session> notifyClients(final Engine e, final Cluster cluster)
    {
        final List<Session> clients = new ArrayList<>();
        for (final Session s : e.sessions())
        {
            if (s.kind != Session.KIND_CLIENT || s.closed)
            {
                continue;
            }
            clients.add(s);
            if (s.connectReceived && s.protocol >= 1)
            {
                e.sendAsync(s, ldmInfo(e.infoLine(s)));
            }
        }
        if (cluster != null)
        {
            cluster.enterLameDuck();
        }
        e.endOfBatch();
        return clients;
    }

    /** The connect-time INFO line with "ldm":true appended to its JSON object. */
    public static byte[] ldmInfo(final byte[] info)
    {
        // info ends with "} \r\n": replace those four bytes.
        final int keep = info.length - 4;
        final byte[] out = new byte[keep + LDM_TAIL.length];
        System.arraycopy(info, 0, out, 0, keep);
        System.arraycopy(LDM_TAIL, 0, out, keep, LDM_TAIL.length);
        return out;
    }
}
