package jnatsd.perf.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Waits until an intended send time. Parks while far away and yields for the last stretch, trading a little CPU
 * (2 cores are shared with the server under test) for sending close to the intended time. Lateness still counts:
 * latency is measured from the intended time, not from when the message really left.
 */
final class Pacer
{
    /** Below this the pacer stops parking (Linux parks overshoot by ~50 µs timer slack) and yields instead. */
    private static final long YIELD_WINDOW_NS = 100_000;

    private Pacer()
    {
    }

    static void awaitNanoTime(final long deadlineNs)
    {
        long leftNs;
        while ((leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            if (leftNs > YIELD_WINDOW_NS)
            {
                LockSupport.parkNanos(leftNs - YIELD_WINDOW_NS);
            }
            else
            {
                Thread.yield();
            }
        }
    }
}
