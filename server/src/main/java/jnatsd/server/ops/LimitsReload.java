package jnatsd.server.ops;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnatsd.config.LimitOptions;
import jnatsd.config.ServerOptions;
import jnatsd.engine.AdminQueue;
import jnatsd.server.ServerLog;
import jnatsd.transport.TransportContext;

/**
 * Applies reloaded client limits as nats-server 2.9.10 does: max_control_line and max_payload to every client
 * (the transport's parsers) and to new clients' INFO; max_connections to the next accept, closing the clients
 * beyond it; ping_interval and ping_max from each client's next PING; write_deadline to clients that connect from
 * now. Engine state changes on the engine thread (admin queue); the reloading thread waits for it so the reload's
 * log lines stay in order.
 */
public final class LimitsReload implements ServerRuntime.ReloadListener
{
    private static final long ENGINE_WAIT_MS = 10_000;

    private final TransportContext transport;
    private final AdminQueue admin;
    private final ServerLog log;

    public LimitsReload(final TransportContext transport, final AdminQueue admin, final ServerLog log)
    {
        this.transport = transport;
        this.admin = admin;
        this.log = log;
    }

    @Override
    public void reloaded(final ServerOptions oldOptions, final ServerOptions newOptions)
    {
        final LimitOptions a = oldOptions.limits();
        final LimitOptions b = newOptions.limits();
        if (a.maxControlLineBytes() == b.maxControlLineBytes() && a.maxPayloadBytes() == b.maxPayloadBytes()
            && a.maxConnections() == b.maxConnections() && a.pingIntervalNs() == b.pingIntervalNs()
            && a.pingMax() == b.pingMax() && a.writeDeadlineNs() == b.writeDeadlineNs())
        {
            return;
        }
        transport.reloadLimits(b.maxControlLineBytes(), b.maxPayloadBytes(), b.maxConnections());
        try
        {
            final int closed = admin.submit(e -> e.reloadLimits(newOptions)).get(ENGINE_WAIT_MS, TimeUnit.MILLISECONDS);
            if (closed > 0)
            {
                log.info("Closed " + closed + " connections to fall within max_connections");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            log.error("Reload of limits interrupted before the engine applied them");
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            log.error("Reload of limits not applied by the engine: " + ex);
        }
    }
}
