package jnatsd.transport;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/** Direct read buffers of the standard size, recycled. One per transport agent; its thread only. */
final class ReadBufferPool
{
    private final int bufferBytes;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    ReadBufferPool(final int bufferBytes, final int maxPooled)
    {
        this.bufferBytes = bufferBytes;
        this.maxPooled = maxPooled;
    }

    int bufferBytes()
    {
        return bufferBytes;
    }

    ByteBuffer acquire()
    {
        final ByteBuffer bb = free.pollLast();
        return bb != null ? bb.clear() : ByteBuffer.allocateDirect(bufferBytes);
    }

    /** Only standard-size buffers are kept; grown ones are left to the GC. */
    void release(final ByteBuffer bb)
    {
        if (bb.capacity() == bufferBytes && free.size() < maxPooled)
        {
            free.addLast(bb);
        }
    }
}
