package jnatsd.engine;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.agrona.concurrent.IdleStrategy;

/**
 * Blocking idle for a dedicated engine thread: spins for a short window after its last work, then parks until a
 * producer calls {@link #wake()}
 * (or a timeout for timers). Producer and consumer use the Dekker pattern on two volatiles: the producer
 * publishes, then reads {@code sleeping}; the consumer sets {@code sleeping}, then re-checks for work.
 */
public final class WakeableIdleStrategy implements IdleStrategy
{
    private static final int MIN_SPINS = 50;

    private final BooleanSupplier hasWork;
    private final long maxParkNs;
    private final long spinWindowNs;
    private long idleSinceNs;
    private volatile boolean sleeping;
    private volatile Thread owner;
    private int spins;

    public WakeableIdleStrategy(final BooleanSupplier hasWork, final long maxParkNs, final long spinWindowNs)
    {
        this.hasWork = hasWork;
        this.maxParkNs = maxParkNs;
        this.spinWindowNs = spinWindowNs;
    }

    /** Called by producers after publishing: cheap when the consumer is awake. */
    public void wake()
    {
        if (sleeping)
        {
            final Thread t = owner;
            if (t != null)
            {
                LockSupport.unpark(t);
            }
        }
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            spins = 0;
            return;
        }
        idle();
    }

    @Override
    public void idle()
    {
        if (spins == 0)
        {
            idleSinceNs = System.nanoTime();
        }
        if (spins < MIN_SPINS || (spinWindowNs > 0 && System.nanoTime() - idleSinceNs < spinWindowNs))
        {
            spins++;
            Thread.onSpinWait();
            return;
        }
        if (owner == null)
        {
            owner = Thread.currentThread();
        }
        sleeping = true;
        if (!hasWork.getAsBoolean())
        {
            LockSupport.parkNanos(this, maxParkNs);
        }
        sleeping = false;
    }

    @Override
    public void reset()
    {
        spins = 0;
    }

    @Override
    public String alias()
    {
        return "blocking";
    }
}
