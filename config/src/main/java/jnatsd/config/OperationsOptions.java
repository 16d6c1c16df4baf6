package jnatsd.config;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Process-level operations: pid file, ports file, lame duck timings, profiling port, server tags,
 * error-report frequencies (nats-server's connect_error_reports 3600, reconnect_error_reports 1) and
 * disable_sublist_cache.
 */
public record OperationsOptions(
    String pidFile,
    String portsFileDir,
    long lameDuckDurationNs,
    long lameDuckGracePeriodNs,
    int profPort,
    List<String> serverTags,
    int connectErrorReports,
    int reconnectErrorReports,
    boolean disableSublistCache)
{
    public static final long DEFAULT_LAME_DUCK_DURATION_NS = TimeUnit.MINUTES.toNanos(2);
    public static final long DEFAULT_LAME_DUCK_GRACE_PERIOD_NS = TimeUnit.SECONDS.toNanos(10);
    public static final long MIN_LAME_DUCK_DURATION_NS = TimeUnit.SECONDS.toNanos(30);
    public static final int DEFAULT_CONNECT_ERROR_REPORTS = 3600;
    public static final int DEFAULT_RECONNECT_ERROR_REPORTS = 1;

    /** The original components, with defaults for the rest. */
    public OperationsOptions(final String pidFile, final String portsFileDir, final long lameDuckDurationNs,
        final long lameDuckGracePeriodNs)
    {
        this(pidFile, portsFileDir, lameDuckDurationNs, lameDuckGracePeriodNs, 0, List.of(),
            DEFAULT_CONNECT_ERROR_REPORTS, DEFAULT_RECONNECT_ERROR_REPORTS, false);
    }

    public static OperationsOptions defaults()
    {
        return new OperationsOptions("", "", DEFAULT_LAME_DUCK_DURATION_NS, DEFAULT_LAME_DUCK_GRACE_PERIOD_NS);
    }
}
