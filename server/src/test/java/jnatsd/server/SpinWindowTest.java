package jnatsd.server;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpinWindowTest
{
    private static final long WINDOW_NS = TimeUnit.MILLISECONDS.toNanos(5);

    @Test
    void spinsAfterLightWorkUntilTheWindowEndsThenBlocks()
    {
        final SpinWindow w = new SpinWindow(WINDOW_NS);
        w.worked(1);
        assertTrue(w.spin(), "the first idle poll after light work opens the window");
        assertTrue(w.spin());
        runOut(w);
        assertFalse(w.spin(), "after the window: block (also after a blocking wait that found nothing)");
        w.worked(1);
        assertTrue(w.spin(), "light work opens a new window");
    }

    @Test
    void heavyWorkBlocksAtOnce()
    {
        final SpinWindow w = new SpinWindow(WINDOW_NS);
        w.worked(SpinWindow.LIGHT_WORK + 1);
        assertFalse(w.spin(), "a throughput batch: block, so the next read gathers a batch too");
        w.worked(SpinWindow.LIGHT_WORK);
        assertTrue(w.spin());
    }

    @Test
    void windowsThatCatchNothingStopTheSpinningAndCaughtWorkKeepsIt()
    {
        final SpinWindow w = new SpinWindow(WINDOW_NS);
        // A reply that always comes back inside the window: spinning never stops.
        for (int i = 0; i < 50; i++)
        {
            w.worked(1);
            assertTrue(w.spin(), "round " + i);
        }
        // A trickle slower than the window: after a few misses, most idle periods block at once.
        int spun = 0;
        for (int i = 0; i < 40; i++)
        {
            w.worked(1);
            if (w.spin())
            {
                spun++;
                runOut(w);
            }
        }
        assertTrue(spun <= 12, "spun in " + spun + " of 40 idle periods");
        assertTrue(spun >= 3, "still tries now and then: " + spun);
        // Replies come back fast again: it spins again within a few rounds and stays spinning.
        int blocked = 0;
        for (int i = 0; i < 30; i++)
        {
            w.worked(1);
            if (!w.spin())
            {
                blocked++;
            }
        }
        assertTrue(blocked <= 20, "blocked " + blocked);
        w.worked(1);
        assertTrue(w.spin());
    }

    @Test
    void zeroWindowNeverSpins()
    {
        final SpinWindow w = new SpinWindow(0);
        w.worked(1);
        assertFalse(w.spin());
        w.worked(1);
        assertEquals(false, w.spin());
    }

    private static void runOut(final SpinWindow w)
    {
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (w.spin())
        {
            assertTrue(System.nanoTime() < end, "the window never closed");
        }
    }
}
