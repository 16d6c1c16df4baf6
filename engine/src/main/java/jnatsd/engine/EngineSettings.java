package jnatsd.engine;

import jnatsd.config.ServerOptions;

/** The option values the engine reads on its hot path and timers, copied once into plain fields. */
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
        this.maxPendingBytes = options.limits().maxPendingBytes();
        this.throttleBytes = Math.min(maxPendingBytes / 2, 2L * 1024 * 1024);
        this.pingIntervalNs = options.limits().pingIntervalNs();
        this.pingMax = options.limits().pingMax();
        final long authTimeout = options.auth().timeoutNs();
        this.authTimeoutNs = authTimeout > 0 ? authTimeout : options.limits().authTimeoutNs();
        this.writeDeadlineNs = options.limits().writeDeadlineNs();
        this.maxSubscriptions = options.limits().maxSubscriptions();
        this.authRequired = options.auth().required();
        // nats-server sends a client's first PING after at most 2 s (firstClientPingInterval).
        this.firstPingNs = Math.min(pingIntervalNs, 2_000_000_000L);
    }
}
