package jnatsd.engine.status;

/**
 * Server-wide counters. Written only by the engine thread (plain stores with release semantics via volatile
 * long-free reads are not needed: readers such as /varz tolerate slightly stale values).
 */
public final class EngineCounters
{
    public volatile long inMsgs;
    public volatile long inBytes;
    public volatile long outMsgs;
    public volatile long outBytes;
    public volatile long slowConsumers;
    public volatile long totalConnections;
    public volatile long connections;
    public volatile long subscriptions;
    public volatile long flushes;
    public volatile long flushedBatches;
    /** Times a publisher was paused because a receiver fell behind. */
    public volatile long throttles;

    /** Engine thread: back to zero (after the start-up warm-up). */
    public void reset()
    {
        inMsgs = 0;
        inBytes = 0;
        outMsgs = 0;
        outBytes = 0;
        slowConsumers = 0;
        totalConnections = connections;
        flushes = 0;
        flushedBatches = 0;
    }
}
