package jnatsd.perf.load;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The latency timestamp: the intended send time ({@link System#nanoTime()}) as a little-endian long in the first
 * 8 payload bytes. The rest of the payload is zeros.
 */
final class Stamp
{
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Stamp()
    {
    }

    static void put(final byte[] buffer, final int offset, final long nanoTime)
    {
        LONG_LE.set(buffer, offset, nanoTime);
    }

    static long get(final byte[] buffer, final int offset)
    {
        return (long)LONG_LE.get(buffer, offset);
    }
}
