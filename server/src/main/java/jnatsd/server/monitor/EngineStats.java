package jnatsd.server.monitor;

import java.util.Map;

/**
 * Server-wide numbers copied on the engine thread in one go, so a response is self-consistent. Subject-table
 * counts are relative to the moment the server became ready (the start-up warm-up is not the users' traffic).
 */
public record EngineStats(
    long inMsgs,
    long inBytes,
    long outMsgs,
    long outBytes,
    long slowConsumers,
    long totalConnections,
    int connections,
    int subscriptions,
    long flushes,
    long flushedBatches,
    long matches,
    long cacheHits,
    long inserts,
    long removes,
    long cacheEntries,
    long engineErrors,
    long internalErrors,
    int closedRetained,
    Map<String, Long> closedByReason)
{
    /** nats' cache_hit_rate: hits over matches, 0 before the first match. */
    public double cacheHitRate()
    {
        return matches == 0 ? 0 : (double)cacheHits / matches;
    }
}
