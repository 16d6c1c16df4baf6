package jnatsd.server;

/**
 * The start-up line that says how much heap and direct memory this JVM may use and who chose it: the launcher from
 * the container's limit ({@code -Djnatsd.memory.origin}), or the JVM options and defaults. Reads no management bean
 * (loading java.management costs a start-up ~0.1-0.3 s).
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
        final long direct = maxDirectMemory(heap);
        final String origin = System.getProperty("jnatsd.memory.origin");
        return "  Memory:   heap max " + heap / MIB + " MiB, direct max " + direct / MIB + " MiB; "
            + (origin != null ? "from the " + origin : "the JVM's defaults or JNATSD_JAVA_OPTS");
    }

    /**
     * The JDK's own figure (-XX:MaxDirectMemorySize, else the heap's maximum), through jdk.internal.misc.VM: the
     * jar's manifest exports that package, and the class is loaded already. Any failure: the JDK's default.
     */
    private static long maxDirectMemory(final long heap)
    {
        try
        {
            return (Long)Class.forName("jdk.internal.misc.VM").getMethod("maxDirectMemory").invoke(null);
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return heap;
        }
    }
}
