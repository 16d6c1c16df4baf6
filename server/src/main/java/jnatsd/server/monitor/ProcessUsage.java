package jnatsd.server.monitor;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * /varz mem and cpu as nats-server reports them: resident set size in bytes and CPU use in percent of one core
 * (so up to 100 × cores), measured over the interval since the previous sample. Thread-safe.
 */
final class ProcessUsage
{
    private static final Path STATUS = Path.of("/proc/self/status");

    private final OperatingSystemMXBean os = operatingSystem();
    private long lastCpuNs;
    private long lastWallNs;
    private double lastPercent;

    /** Resident memory in bytes (VmRSS), or the JVM's committed memory where /proc is missing. */
    long residentBytes()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("VmRSS:"))
                {
                    final String[] parts = line.trim().split("\\s+");
                    return Long.parseLong(parts[1]) * 1024L;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // not Linux: fall through to the JVM's own view
        }
        final Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    }

    /** CPU percent since the previous call (at least 100 ms apart, else the previous value), two decimals. */
    synchronized double cpuPercent()
    {
        if (os == null)
        {
            return 0;
        }
        final long cpu = os.getProcessCpuTime();
        final long wall = System.nanoTime();
        if (lastWallNs == 0)
        {
            final long uptimeNs = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            lastPercent = uptimeNs <= 0 ? 0 : round(100.0 * cpu / uptimeNs);
        }
        else if (wall - lastWallNs >= 100_000_000L)
        {
            lastPercent = round(100.0 * (cpu - lastCpuNs) / (wall - lastWallNs));
        }
        else
        {
            return lastPercent;
        }
        lastCpuNs = cpu;
        lastWallNs = wall;
        return lastPercent;
    }

    private static double round(final double v)
    {
        return Math.max(0, Math.round(v * 100.0) / 100.0);
    }

    private static OperatingSystemMXBean operatingSystem()
    {
        final Object bean = ManagementFactory.getOperatingSystemMXBean();
        return bean instanceof OperatingSystemMXBean sun ? sun : null;
    }
}
