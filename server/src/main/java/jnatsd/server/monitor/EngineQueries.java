package jnatsd.server.monitor;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineAgent;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.subject.SubjectTable;

/**
 * Monitoring's only door into the engine: every read of engine-owned state is a task on the engine's admin
 * queue, run between ring batches on the engine thread, returning a plain snapshot. The HTTP thread waits for
 * the answer and formats it; the hot path takes no lock and never waits for monitoring.
 */
public final class EngineQueries
{
    private static final long TIMEOUT_MS = 5_000;

    private final EngineAgent agent;
    private final ClosedConnections closed = new ClosedConnections();
    // Engine thread only: subject-table counts when the server became ready.
    private long baseMatches;
    private long baseHits;
    private long baseInserts;
    private long baseRemoves;

    public EngineQueries(final EngineAgent agent)
    {
        this.agent = agent;
    }

    /** Starts keeping closed connections and zeroes the table counters; call when the server becomes ready. */
    public void attach() throws EngineUnavailableException
    {
        query(engine ->
        {
            engine.closeListener(closed::onClose);
            final SubjectTable t = engine.table();
            baseMatches = t.matches();
            baseHits = t.cacheHits();
            baseInserts = t.inserts();
            baseRemoves = t.removes();
            return null;
        });
    }

    /** Runs {@code f} on the engine thread and waits for its result. */
    public <T> T query(final Function<Engine, T> f) throws EngineUnavailableException
    {
        try
        {
            return agent.admin().submit(f).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new EngineUnavailableException("interrupted");
        }
        catch (final ExecutionException ex)
        {
            throw new EngineUnavailableException(String.valueOf(ex.getCause()));
        }
        catch (final TimeoutException ex)
        {
            throw new EngineUnavailableException("the engine did not answer within " + TIMEOUT_MS + " ms");
        }
    }

    /** Engine thread: the counters and table statistics. */
    EngineStats stats(final Engine engine)
    {
        final EngineCounters c = engine.counters();
        final SubjectTable t = engine.table();
        int clients = 0;
        for (final Session s : engine.sessions())
        {
            if (s.kind == Session.KIND_CLIENT)
            {
                clients++;
            }
        }
        return new EngineStats(c.inMsgs, c.inBytes, c.outMsgs, c.outBytes, c.slowConsumers, c.totalConnections,
            clients, t.count(), c.flushes, c.flushedBatches,
            Math.max(0, t.matches() - baseMatches), Math.max(0, t.cacheHits() - baseHits),
            Math.max(0, t.inserts() - baseInserts), Math.max(0, t.removes() - baseRemoves),
            t.cacheEntries(), agent.errors(), c.internalErrors, closed.size(), closed.reasons());
    }

    public EngineStats stats() throws EngineUnavailableException
    {
        return query(this::stats);
    }

    /** Engine thread only. */
    ClosedConnections closed()
    {
        return closed;
    }

    /** The engine did not answer (stopped, or stuck). */
    public static final class EngineUnavailableException extends Exception
    {
        private static final long serialVersionUID = 1L;

        public EngineUnavailableException(final String message)
        {
            super(message);
        }
    }
}
