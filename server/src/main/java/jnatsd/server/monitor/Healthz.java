package jnatsd.server.monitor;

import java.util.LinkedHashMap;
import java.util.Map;
import jnatsd.engine.cluster.Cluster;
import jnatsd.server.cluster.ClusterWiring;

/**
 * /healthz as the Kubernetes probes use it. As nats-server 2.9.10: {@code ok} while the listeners accept, an error
 * (503) in lame duck mode, where the client listener is closed; JetStream is off, so {@code js-enabled-only} and
 * {@code js-server-only} answer as the plain probe. Beyond nats-server: after a start, the server is not ready
 * until every configured route has answered a dial (a peer's INFO, or this server's own for the route naming
 * itself), for at most {@link #ROUTES_WAIT_MS}, so a pod joins its Service only once it has joined the cluster;
 * a peer that never comes cannot keep it out longer than that, and routes lost later never make it unready.
 */
final class Healthz
{
    /** The longest a start waits for configured routes before reporting ready anyway. */
    static final long ROUTES_WAIT_MS = Long.getLong("jnatsd.healthz.routesWaitMs", 30_000L);

    private Healthz()
    {
    }

    static Map<String, Object> status(final Monitor m) throws EngineQueries.EngineUnavailableException
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        final String error = error(m);
        if (error == null)
        {
            out.put("status", "ok");
        }
        else
        {
            out.put("status", "error");
            out.put("error", error);
            // nats-server logs each failed check.
            m.log.warn("Healthcheck failed: \"" + error + "\"");
        }
        return out;
    }

    private static String error(final Monitor m) throws EngineQueries.EngineUnavailableException
    {
        if (m.runtime.lameDuck())
        {
            // nats-server's readyForConnections(1ms) after lame duck closed the client listener.
            return "failed to be ready for connections after 1ms: server";
        }
        final ClusterWiring wiring = m.server.cluster();
        final Cluster cluster = wiring == null ? null : wiring.cluster();
        if (cluster == null || System.currentTimeMillis() - m.runtime.start().toEpochMilli() >= ROUTES_WAIT_MS)
        {
            return null;
        }
        final int pending = m.engine.query(e -> cluster.unansweredRoutes());
        if (pending == 0)
        {
            return null;
        }
        return "waiting for routes: " + pending + " configured route" + (pending == 1 ? "" : "s")
            + " not reached yet";
    }
}
