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
}
