package jnatsd.server;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/** Maps the config names of idle strategies to Agrona's. ("blocking" for the engine is WakeableIdleStrategy.) */
final class IdleStrategies
{
    private IdleStrategies()
    {
    }

    static IdleStrategy of(final String name)
    {
        return switch (name)
        {
            case "busy-spin" -> new BusySpinIdleStrategy();
            case "yielding" -> new YieldingIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
                TimeUnit.MILLISECONDS.toNanos(1));
            default -> new SleepingMillisIdleStrategy(1);
        };
    }
}
