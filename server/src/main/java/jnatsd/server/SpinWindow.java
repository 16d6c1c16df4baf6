package jnatsd.server;

/**
 * Adaptive polling for a blocking agent: after a light round of work (a request, its reply) it keeps polling for a
 * short window before it blocks, so the next message of a request/reply exchange finds the server awake instead of
 * waking it through the scheduler. Measured on 2 shared cores: latency_16 p50 150 -> 85 us with an 80 us window.
 * <p>
 * Two rules keep the spin from costing CPU where it does not pay (both measured, docs/tuning.md):
 * <ul>
 * <li>Only after light work (at most {@link #LIGHT_WORK} items). Under throughput load a round handles hundreds of
 * messages; blocking then lets the next read gather a large batch, where polling would take small ones and steal
 * the core from the clients (+10-15% CPU per message with an unconditional spin).</li>
 * <li>Only while spinning pays: a window that ends without work costs credit, a window that catches work earns it
 * back, so a steady trickle slower than the window (one message every 200 us, say) stops the spinning.</li>
 * </ul>
 */
final class SpinWindow
{
    static final int LIGHT_WORK = 8;
    private static final int MAX_CREDIT = 8;
    private static final int MIN_CREDIT = -16;
    private static final int MISS_COST = 4;

    private final long windowNs;
    private long idleSinceNs;
    private boolean idle;
    private boolean spinning;
    private boolean light;
    private int credit = MAX_CREDIT;

    SpinWindow(final long windowNs)
    {
        this.windowNs = windowNs;
    }

    /** The agent did {@code work} items: the next idle period may open a window. */
    void worked(final int work)
    {
        if (idle && spinning && credit < MAX_CREDIT)
        {
            credit++;
        }
        idle = false;
        spinning = false;
        light = work <= LIGHT_WORK;
    }

    /** Returns true while the agent should poll again instead of blocking. */
    boolean spin()
    {
        if (windowNs <= 0)
        {
            return false;
        }
        if (!idle)
        {
            idle = true;
            spinning = light && credit > 0;
            if (!spinning)
            {
                if (light && credit < 1)
                {
                    credit++;
                }
                return false;
            }
            idleSinceNs = System.nanoTime();
        }
        else if (!spinning)
        {
            return false;
        }
        else if (System.nanoTime() - idleSinceNs >= windowNs)
        {
            spinning = false;
            credit = Math.max(MIN_CREDIT, credit - MISS_COST);
            return false;
        }
        Thread.onSpinWait();
        return true;
    }
}
