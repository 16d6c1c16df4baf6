package jnatsd.engine;

import jnatsd.config.ServerOptions;

/**
 * The option values the engine reads on its hot path and timers, copied once into plain fields. Immutable: a reload
 * builds a new one ({@link #reloaded}) that the engine swaps in on its own thread.
 */
public final class EngineSettings
{
    final long maxPendingBytes;
    /** Pending bytes at which a receiver's publishers are slowed down. */
    final long throttleBytes;
    final long pingIntervalNs;
    final int pingMax;
    final long authTimeoutNs;
    final long writeDeadlineNs;
    final int maxSubscriptions;
    final boolean authRequired;
    final long firstPingNs;

    public EngineSettings(final ServerOptions options)
    {
        this(options.limits().maxPendingBytes(), options.limits().pingIntervalNs(), options.limits().pingMax(),
            options.auth().timeoutNs() > 0 ? options.auth().timeoutNs() : options.limits().authTimeoutNs(),
            options.limits().writeDeadlineNs(), options.limits().maxSubscriptions(), options.auth().required());
    }

    private EngineSettings(
        final long maxPendingBytes,
        final long pingIntervalNs,
        final int pingMax,
        final long authTimeoutNs,
        final long writeDeadlineNs,
        final int maxSubscriptions,
        final boolean authRequired)
    {
        this.maxPendingBytes = maxPendingBytes;
        this.throttleBytes = Math.min(maxPendingBytes / 2, 2L * 1024 * 1024);
        this.pingIntervalNs = pingIntervalNs;
        this.pingMax = pingMax;
        this.authTimeoutNs = authTimeoutNs;
        this.writeDeadlineNs = writeDeadlineNs;
        this.maxSubscriptions = maxSubscriptions;
        this.authRequired = authRequired;
        // nats-server sends a client's first PING after at most 2 s (firstClientPingInterval).
        this.firstPingNs = Math.min(pingIntervalNs, 2_000_000_000L);
    }

    /**
     * These settings with the limits a reload may change (ping_interval, ping_max, write_deadline) taken from the
     * new options; the rest (max_pending and max_subscriptions, which nats-server 2.9 refuses to reload, and the
     * authorization values, which their own reload owns) stay.
     */
    public EngineSettings reloaded(final ServerOptions options)
    {
        return new EngineSettings(maxPendingBytes, options.limits().pingIntervalNs(), options.limits().pingMax(),
            authTimeoutNs, options.limits().writeDeadlineNs(), maxSubscriptions, authRequired);
    }

    /** These settings with a reloaded authorization: whether clients must authenticate, and within what time. */
    public EngineSettings withAuthorization(final boolean required, final long timeoutNs)
    {
        return new EngineSettings(maxPendingBytes, pingIntervalNs, pingMax, timeoutNs, writeDeadlineNs,
            maxSubscriptions, required);
    }
}
