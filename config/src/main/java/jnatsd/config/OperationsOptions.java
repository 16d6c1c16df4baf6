package jnatsd.config;

import java.util.concurrent.TimeUnit;

/** Process-level operations: pid file, ports file, lame duck timings. */
public record OperationsOptions(
    String pidFile,
    String portsFileDir,
    long lameDuckDurationNs,
    long lameDuckGracePeriodNs)
{
    public static OperationsOptions defaults()
    {
        return new OperationsOptions("", "", TimeUnit.MINUTES.toNanos(2), TimeUnit.SECONDS.toNanos(10));
    }
}
