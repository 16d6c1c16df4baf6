package jnatsd.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.agrona.BufferUtil;

/**
 * Direct read buffers in two sizes, recycled: the standard one, and a larger one for connections whose reads keep
 * filling it (nats-server grows a busy client's read buffer to 64 KB the same way). A connection holds one only
 * while it has bytes the engine has not applied yet, so the pool's working set is the connections being read at
 * the moment, not all of them. One per transport agent; its thread only.
 * <p>
 * {@link #trim()} (every few seconds) frees the free buffers no acquire needed during the last period, beyond
 * {@code minPooled} per size, as {@code ChunkPool} does: a burst (a connection storm) leaves nothing resident, a
 * steady load keeps its working set and allocates nothing.
 */
final class ReadBufferPool
{
    private final int bufferBytes;
    private final int busyBytes;
    private final int maxPooled;
    private final int minPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<ByteBuffer> freeBusy = new ArrayDeque<>();
    private int lowWater;
    private int lowWaterBusy;
    private long allocated;

    ReadBufferPool(final int bufferBytes, final int busyBytes, final int maxPooled, final int minPooled)
    {
        this.bufferBytes = bufferBytes;
        this.busyBytes = Math.max(busyBytes, bufferBytes);
        this.maxPooled = maxPooled;
        this.minPooled = minPooled;
    }

    /** The size a connection should read into. */
    int bytesFor(final int busy)
    {
        return busy != 0 ? busyBytes : bufferBytes;
    }

    ByteBuffer acquire(final int busy)
    {
        final ByteBuffer bb;
        if (busy != 0)
        {
            bb = freeBusy.pollLast();
            lowWaterBusy = Math.min(lowWaterBusy, freeBusy.size());
        }
        else
        {
            bb = free.pollLast();
            lowWater = Math.min(lowWater, free.size());
        }
        if (bb != null)
        {
            return bb.clear();
        }
        allocated++;
        return ByteBuffer.allocateDirect(bytesFor(busy));
    }

    /**
     * Takes a buffer back for reuse. Only the two sizes are kept; one grown for a big payload, or beyond
     * {@code maxPooled}, is left to the GC.
     *
     * @return false when the buffer was not kept (the caller may free it if nothing else refers to it)
     */
    boolean release(final ByteBuffer bb)
    {
        if (bb.capacity() == bufferBytes && free.size() < maxPooled)
        {
            free.addLast(bb);
            return true;
        }
        if (bb.capacity() == busyBytes && freeBusy.size() < maxPooled)
        {
            freeBusy.addLast(bb);
            return true;
        }
        if (bb.capacity() == bufferBytes || bb.capacity() == busyBytes)
        {
            allocated--;
        }
        return false;
    }

    /**
     * Frees the free buffers that sat unused through the whole period since the last call, oldest first.
     *
     * @return buffers freed
     */
    int trim()
    {
        final int n = trim(free, lowWater) + trim(freeBusy, lowWaterBusy);
        lowWater = free.size();
        lowWaterBusy = freeBusy.size();
        return n;
    }

    private int trim(final ArrayDeque<ByteBuffer> list, final int low)
    {
        final int spare = Math.min(low, list.size()) - minPooled;
        int n = 0;
        while (n < spare)
        {
            // Pooled buffers belong to no connection: freeing them now returns the memory without waiting for a GC.
            BufferUtil.free(list.pollFirst());
            allocated--;
            n++;
        }
        return n;
    }

    /** Standard and busy buffers alive (pooled or in use). */
    long allocated()
    {
        return allocated;
    }

    /** Free buffers pooled, both sizes. */
    int pooled()
    {
        return free.size() + freeBusy.size();
    }
}
