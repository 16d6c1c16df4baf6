package jnatsd.server;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The start-up line that says how much heap and direct memory this JVM may use and who chose it: the launcher from
 * the container's limit ({@code -Djnatsd.memory.origin}), the JVM options, or the JVM's defaults.
 */
final class MemoryBanner
{
    private static final long MIB = 1L << 20;

    private MemoryBanner()
    {
    }

    static String line()
    {
        final long heap = Runtime.getRuntime().maxMemory();
        long direct = heap;
        String directSource = "default: as the heap";
        try
        {
            final String v = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("MaxDirectMemorySize").getValue();
            // 0 means unset: the JDK then caps direct memory at the maximum heap.
            if (!"0".equals(v))
            {
                direct = Long.parseLong(v);
                directSource = null;
            }
        }
        catch (final IllegalArgumentException | UnsupportedOperationException ex)
        {
            directSource = "JVM default";
        }
        final String origin = System.getProperty("jnatsd.memory.origin");
        final String chosen = origin != null ? "from the " + origin : explicitHeap() ? "from the JVM options"
            : "the JVM's defaults";
        return "  Memory:   heap max " + heap / MIB + " MiB, direct max " + direct / MIB + " MiB"
            + (directSource == null ? "" : " (" + directSource + ")") + "; " + chosen;
    }

    private static boolean explicitHeap()
    {
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (a.startsWith("-Xmx") || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:MaxHeapSize")
                || a.startsWith("-XX:MaxDirectMemorySize"))
            {
                return true;
            }
        }
        return false;
    }
}
