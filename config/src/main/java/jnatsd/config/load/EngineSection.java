package jnatsd.config.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnatsd.config.EngineOptions;
import jnatsd.config.ThreadingMode;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/** jnatsd's own tuning block {@code jnatsd { ... }} (nats-server has no such key). */
final class EngineSection
{
    static final Set<String> IDLE_STRATEGIES = Set.of("blocking", "backoff", "yielding", "busy-spin");

    private EngineSection()
    {
    }

    static EngineOptions read(final ConfValue block, final Problems problems)
    {
        final EngineOptions base = EngineOptions.defaults();
        ThreadingMode mode = base.threadingMode();
        int transportThreads = base.transportThreads();
        int ringSize = base.ringSize();
        String engineIdle = base.engineIdleStrategy();
        String transportIdle = base.transportIdleStrategy();
        int engineCpu = base.engineCpu();
        int[] transportCpus = base.transportCpus();
        long spinBeforeBlockNs = base.spinBeforeBlockNs();
        for (final Map.Entry<String, ConfValue> e : Values.asMap("jnatsd", block).entrySet())
        {
            final String k = e.getKey().toLowerCase(Locale.ROOT);
            final ConfValue v = e.getValue();
            try
            {
                switch (k)
                {
                    case "threading" -> mode = threading(v);
                    case "transport_threads" -> transportThreads = atLeast(k, v, 1);
                    case "ring_size" -> ringSize = ringSize(v);
                    case "engine_idle" -> engineIdle = idle(k, v);
                    case "transport_idle" -> transportIdle = idle(k, v);
                    case "engine_cpu" -> engineCpu = atLeast(k, v, -1);
                    case "transport_cpus" -> transportCpus = cpus(v);
                    case "spin_before_block" -> spinBeforeBlockNs = spin(k, v);
                    default -> throw ConfException.at(v, "unknown field \"" + e.getKey() + "\" in jnatsd block");
                }
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
        return new EngineOptions(mode, transportThreads, ringSize, engineIdle, transportIdle, engineCpu,
            transportCpus, spinBeforeBlockNs);
    }

    private static ThreadingMode threading(final ConfValue v)
    {
        final String text = Values.asString("threading", v).toLowerCase(Locale.ROOT);
        return switch (text)
        {
            case "shared" -> ThreadingMode.SHARED;
            case "dedicated" -> ThreadingMode.DEDICATED;
            default -> throw ConfException.at(v, "invalid threading \"" + text + "\": expected shared or dedicated");
        };
    }

    private static int atLeast(final String k, final ConfValue v, final int min)
    {
        final int n = Values.asInt(k, v);
        if (n < min)
        {
            throw ConfException.at(v, k + " must be at least " + min + ", got " + n);
        }
        return n;
    }

    private static int ringSize(final ConfValue v)
    {
        final int n = Values.asInt("ring_size", v);
        if (n < 2 || Integer.bitCount(n) != 1)
        {
            throw ConfException.at(v, "ring_size must be a power of two (at least 2), got " + n);
        }
        return n;
    }

    private static String idle(final String k, final ConfValue v)
    {
        final String text = Values.asString(k, v).toLowerCase(Locale.ROOT);
        if (!IDLE_STRATEGIES.contains(text))
        {
            throw ConfException.at(v, "invalid " + k + " \"" + text + "\": expected blocking, backoff, yielding "
                + "or busy-spin");
        }
        return text;
    }

    /** A Go duration ("80us", "0" or "0s" for none) of at most one second. */
    private static long spin(final String k, final ConfValue v)
    {
        final long ns = v.value() instanceof Long n && n == 0 ? 0 : Values.parseDurationNs(k, v);
        if (ns < 0 || ns > 1_000_000_000L)
        {
            throw ConfException.at(v, k + " must be between 0 and 1s, got " + Values.asString(k, v));
        }
        return ns;
    }

    private static int[] cpus(final ConfValue v)
    {
        final List<ConfValue> items = Values.asList("transport_cpus", v);
        final int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = atLeast("transport_cpus", items.get(i), 0);
        }
        return out;
    }
}
