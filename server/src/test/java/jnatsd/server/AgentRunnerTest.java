package jnatsd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jnatsd.engine.status.Log;
import org.junit.jupiter.api.Test;

/** The agent loop's error policy: exceptions are counted and the loop goes on; an Error stops it; close always runs. */
class AgentRunnerTest
{
    private final List<String> steps = new ArrayList<>();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    @Test
    void exceptionsShouldBeCountedAndTheLoopShouldGoOn()
    {
        final int[] cycles = {0};
        final AgentRunner r = new AgentRunner("Test agent", Log.NONE, () -> cycles[0] < 5, fatal::set);
        r.run(() ->
        {
            cycles[0]++;
            if (cycles[0] % 2 == 1)
            {
                throw new IllegalStateException("bug " + cycles[0]);
            }
        }, () -> steps.add("stop"), () -> steps.add("close"));

        assertEquals(5, cycles[0]);
        assertEquals(3, r.errors());
        assertEquals(List.of("stop", "close"), steps);
        assertNull(fatal.get());
    }

    @Test
    void anErrorShouldStopTheLoopAndGoToTheFatalHandler()
    {
        final int[] cycles = {0};
        final AgentRunner r = new AgentRunner("Test agent", Log.NONE, () -> true, fatal::set);
        r.run(() ->
        {
            cycles[0]++;
            throw new StackOverflowError("deep");
        }, () -> steps.add("stop"), () -> steps.add("close"));

        assertEquals(1, cycles[0]);
        assertEquals(0, r.errors());
        assertTrue(fatal.get() instanceof StackOverflowError);
        assertEquals(List.of("close"), steps, "no drain after an Error; close still runs");
    }
}
