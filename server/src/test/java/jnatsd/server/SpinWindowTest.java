package jnatsd.server;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpinWindowTest
{
    @Test
    void spinsUntilTheWindowEndsThenBlocksUntilWorkReopensIt()
    {
        final SpinWindow w = new SpinWindow(TimeUnit.MILLISECONDS.toNanos(20));
        assertTrue(w.spin(), "the first idle poll opens the window");
        assertTrue(w.spin());
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (w.spin())
        {
            assertTrue(System.nanoTime() < end, "the window never closed");
        }
        assertFalse(w.spin(), "after the window: block (also after a blocking wait that found nothing)");
        w.worked();
        assertTrue(w.spin(), "work opens a new window");
    }

    @Test
    void zeroWindowNeverSpins()
    {
        final SpinWindow w = new SpinWindow(0);
        assertFalse(w.spin());
        w.worked();
        assertFalse(w.spin());
    }
}
