package jnatsd.config;

/**
 * jnatsd's own tuning (config block {@code jnatsd { ... }}; nats-server has no such keys).
 * Idle strategies: "blocking", "backoff", "yielding", "busy-spin". CPU ids are -1 for "not pinned".
 * {@code spinBeforeBlockNs}: how long a blocking agent keeps polling after its last work before it blocks.
 */
public record EngineOptions(
    ThreadingMode threadingMode,
    int transportThreads,
    int ringSize,
    String engineIdleStrategy,
    String transportIdleStrategy,
    int engineCpu,
    int[] transportCpus,
    long spinBeforeBlockNs)
{
    /**
     * 4096 events (~330 KB) stay in a core's L2 cache, so the transport's stores into the next slot hit cache; at
     * 16384 (~1.3 MB) each claimed slot missed, and filling events took twice the CPU in a profile of fanout4_16.
     * A read of 64 KB of small PUBs is ~1,800 events, well under the ring.
     */
    public static final int DEFAULT_RING_SIZE = 4096;
    /**
     * Long enough to catch a reply that a client on the other core sends straight back (request/reply turns
     * around in ~40-70 us here), short enough to cost little when traffic stops.
     */
    public static final long DEFAULT_SPIN_BEFORE_BLOCK_NS = 80_000;

    /** shared on machines with two cores or fewer, dedicated otherwise. */
    public static EngineOptions defaults()
    {
        final ThreadingMode mode = Runtime.getRuntime().availableProcessors() <= 2
            ? ThreadingMode.SHARED : ThreadingMode.DEDICATED;
        return new EngineOptions(mode, 1, DEFAULT_RING_SIZE, "blocking", "blocking", -1, new int[0],
            DEFAULT_SPIN_BEFORE_BLOCK_NS);
    }
}
