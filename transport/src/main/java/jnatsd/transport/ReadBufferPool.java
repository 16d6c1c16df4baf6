package jnatsd.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct read buffers in two sizes, recycled: the standard one every connection starts with, and a larger one for
 * connections whose reads keep filling it (nats-server grows a busy client's read buffer to 64 KB the same way).
 * One per transport agent; its thread only.
 */
final class ReadBufferPool
{
    private final int bufferBytes;
    private final int busyBytes;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> freeBusy = new ArrayDeque<>();

    ReadBufferPool(final int bufferBytes, final int busyBytes, final int maxPooled)
    {
        this.bufferBytes = bufferBytes;
        this.busyBytes = Math.max(busyBytes, bufferBytes);
        this.maxPooled = maxPooled;
    }

    /** The size a connection should read into. */
    int bytesFor(final int busy)
    {
        return busy != 0 ? busyBytes : bufferBytes;
    }

    ByteBuffer acquire()
    {
        return acquire(0);
    }

    ByteBuffer acquire(final int busy)
    {
        final ByteBuffer bb = (busy != 0 ? freeBusy : free).pollLast();
        return bb != null ? bb.clear() : ByteBuffer.allocateDirect(bytesFor(busy));
    }

    /** Only buffers of the two sizes are kept; ones grown for a big payload are left to the GC. */
    void release(final ByteBuffer bb)
    {
        if (bb.capacity() == bufferBytes && free.size() < maxPooled)
        {
            free.addLast(bb);
        }
        else if (bb.capacity() == busyBytes && freeBusy.size() < maxPooled)
        {
            freeBusy.addLast(bb);
        }
    }
}
