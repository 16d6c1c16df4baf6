package jnatsd.server;

import java.util.BitSet;
import jnatsd.engine.status.Log;
import net.openhft.affinity.Affinity;

/**
 * Pins the current thread to one CPU with OpenHFT affinity (sched_setaffinity); cpu < 0 does nothing. Uses the
 * plain affinity call rather than AffinityLock, whose reservation scheme refuses CPU 0.
 */
final class Pinning implements AutoCloseable
{
    private final BitSet previous;

    private Pinning(final BitSet previous)
    {
        this.previous = previous;
    }

    static Pinning pin(final int cpu, final Log log)
    {
        if (cpu < 0)
        {
            return new Pinning(null);
        }
        try
        {
            final BitSet before = Affinity.getAffinity();
            Affinity.setAffinity(cpu);
            log.info(Thread.currentThread().getName() + " pinned to CPU " + cpu + " (running on CPU "
                + Affinity.getCpu() + ")");
            return new Pinning(before);
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
        if (previous != null)
        {
            Affinity.setAffinity(previous);
        }
    }
}
