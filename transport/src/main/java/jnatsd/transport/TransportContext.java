package jnatsd.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jnatsd.engine.status.Log;

/** What all transport agents share: limits, connection ids and counts, the engine wake-up. Thread-safe. */
public final class TransportContext
{
    private final Log log;
    private final int maxControlLine;
    private final int maxPayload;
    private final int maxConnections;
    private final int readBufferBytes;
    private final Runnable wakeEngine;
    private final boolean authRequired;
    private final AtomicLong cids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean limitEnforced = true;

    public TransportContext(
        final Log log,
        final int maxControlLine,
        final int maxPayload,
        final int maxConnections,
        final int readBufferBytes,
        final Runnable wakeEngine,
        final boolean authRequired)
    {
        this.authRequired = authRequired;
        this.log = log;
        this.maxControlLine = maxControlLine;
        this.maxPayload = maxPayload;
        this.maxConnections = maxConnections;
        this.readBufferBytes = Math.max(readBufferBytes, maxControlLine + 64);
        this.wakeEngine = wakeEngine;
    }

    public Log log()
    {
        return log;
    }

    public int maxControlLine()
    {
        return maxControlLine;
    }

    public int maxPayload()
    {
        return maxPayload;
    }

    public int readBufferBytes()
    {
        return readBufferBytes;
    }

    /** Clients must CONNECT (and authenticate) before any other operation. */
    public boolean authRequired()
    {
        return authRequired;
    }

    public long nextCid()
    {
        return cids.incrementAndGet();
    }

    /** Off for the start-up warm-up's private server instance, whose own clients are many and all its own. */
    public void enforceConnectionLimit(final boolean enforced)
    {
        limitEnforced = enforced;
    }

    /** Counts a new connection; false when max_connections is reached (the count is then unchanged). */
    public boolean tryOpen()
    {
        while (true)
        {
            final int n = open.get();
            if (maxConnections > 0 && n >= maxConnections && limitEnforced)
            {
                return false;
            }
            if (open.compareAndSet(n, n + 1))
            {
                return true;
            }
        }
    }

    public void closed()
    {
        open.decrementAndGet();
    }

    public int openConnections()
    {
        return open.get();
    }

    public void wakeEngine()
    {
        wakeEngine.run();
    }
}
