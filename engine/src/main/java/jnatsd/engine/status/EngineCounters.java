package jnatsd.engine.status;

/**
 * Server-wide counters. Written only by the engine thread with plain stores: a volatile increment is a full fence
 * on x86, and these change several times per message. Read them on the engine thread (an AdminQueue task); a read
 * from another thread may be slightly stale, which monitoring tolerates.
 */
public final class EngineCounters
{
    public long inMsgs;
    public long inBytes;
    public long outMsgs;
    public long outBytes;
    public long slowConsumers;
    public long totalConnections;
    public long connections;
    public long subscriptions;
    public long flushes;
    public long flushedBatches;
    /** Times a publisher was paused because a receiver fell behind. */
    public long throttles;
    /** Connections closed because handling their input or one of their events threw (a bug, contained). */
    public long internalErrors;

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
