package jnatsd.config;

import java.util.concurrent.TimeUnit;

/** Protocol and resource limits, with nats-server 2.9's defaults (server/const.go). */
public record LimitOptions(
    int maxPayloadBytes,
    int maxControlLineBytes,
    long maxPendingBytes,
    int maxConnections,
    int maxSubscriptions,
    long pingIntervalNs,
    int pingMax,
    long authTimeoutNs,
    long writeDeadlineNs,
    int maxSubTokens,
    boolean noHeaderSupport)
{
    public static final int DEFAULT_MAX_PAYLOAD = 1024 * 1024;
    public static final int DEFAULT_MAX_CONTROL_LINE = 4096;
    public static final long DEFAULT_MAX_PENDING = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 64 * 1024;
    public static final long DEFAULT_PING_INTERVAL_NS = TimeUnit.MINUTES.toNanos(2);
    public static final int DEFAULT_PING_MAX = 2;
    public static final long DEFAULT_AUTH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(2);
    public static final long DEFAULT_WRITE_DEADLINE_NS = TimeUnit.SECONDS.toNanos(10);

    public static LimitOptions defaults()
    {
        return new LimitOptions(DEFAULT_MAX_PAYLOAD, DEFAULT_MAX_CONTROL_LINE, DEFAULT_MAX_PENDING,
            DEFAULT_MAX_CONNECTIONS, 0, DEFAULT_PING_INTERVAL_NS, DEFAULT_PING_MAX, DEFAULT_AUTH_TIMEOUT_NS,
            DEFAULT_WRITE_DEADLINE_NS, 0, false);
    }
}
