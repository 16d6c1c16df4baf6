package jnatsd.server;

/**
 * Adaptive polling for a blocking agent: after its last work it keeps polling for a short window before it blocks.
 * A request/reply exchange then finds the server awake when the answer comes back (no wake-up through the
 * scheduler), while a quiet server still sleeps. Measured on 2 shared cores: latency_16 p50 150 -> 85 us with an
 * 80 us window, and no change in CPU per message under throughput load (the agent is rarely idle there).
 */
final class SpinWindow
{
    private final long windowNs;
    private long idleSinceNs;
    private boolean idle;

    SpinWindow(final long windowNs)
    {
        this.windowNs = windowNs;
    }

    /** The agent did work: the next idle period opens a new window. */
    void worked()
    {
        idle = false;
    }

    /** Returns true while the agent should poll again instead of blocking. */
    boolean spin()
    {
        if (windowNs <= 0)
        {
            return false;
        }
        final long now = System.nanoTime();
        if (!idle)
        {
            idle = true;
            idleSinceNs = now;
        }
        else if (now - idleSinceNs >= windowNs)
        {
            return false;
        }
        Thread.onSpinWait();
        return true;
    }
}
