package jnatsd.config;

/**
 * jnatsd's own tuning (config block {@code jnatsd { ... }}; nats-server has no such keys).
 * Idle strategies: "blocking", "backoff", "yielding", "busy-spin". CPU ids are -1 for "not pinned".
 */
public record EngineOptions(
    ThreadingMode threadingMode,
    int transportThreads,
    int ringSize,
    String engineIdleStrategy,
    String transportIdleStrategy,
    int engineCpu,
    int[] transportCpus)
{
    public static final int DEFAULT_RING_SIZE = 16 * 1024;

    /** shared on machines with two cores or fewer, dedicated otherwise. */
    public static EngineOptions defaults()
    {
        final ThreadingMode mode = Runtime.getRuntime().availableProcessors() <= 2
            ? ThreadingMode.SHARED : ThreadingMode.DEDICATED;
        return new EngineOptions(mode, 1, DEFAULT_RING_SIZE, "blocking", "blocking", -1, new int[0]);
    }
}
