package jnatsd.server;

import jnatsd.engine.status.Log;
import net.openhft.affinity.AffinityLock;

/** Pins the current thread to a CPU with OpenHFT affinity, for the life of the try block; cpu < 0 does nothing. */
final class Pinning implements AutoCloseable
{
    private final AffinityLock lock;

    private Pinning(final AffinityLock lock)
    {
        this.lock = lock;
    }

    static Pinning pin(final int cpu, final Log log)
    {
        if (cpu < 0)
        {
            return new Pinning(null);
        }
        try
        {
            final AffinityLock lock = AffinityLock.acquireLock(cpu);
            log.info(Thread.currentThread().getName() + " pinned to CPU " + lock.cpuId());
            return new Pinning(lock);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            log.warn("Could not pin " + Thread.currentThread().getName() + " to CPU " + cpu + ": " + ex);
            return new Pinning(null);
        }
    }

    @Override
    public void close()
    {
        if (lock != null)
        {
            lock.release();
        }
    }
}
