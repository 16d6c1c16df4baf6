package jnatsd.engine.egress;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pool of fixed-size direct chunks for outbound queues. Engine thread only. Each chunk has one UnsafeBuffer view,
 * created once, so appending never allocates in steady state.
 */
public final class ChunkPool
{
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;

    private final int chunkBytes;
    private final int maxPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final IdentityHashMap<ByteBuffer, UnsafeBuffer> views = new IdentityHashMap<>();
    private long allocated;

    public ChunkPool(final int chunkBytes, final int maxPooled)
    {
        this.chunkBytes = chunkBytes;
        this.maxPooled = maxPooled;
    }

    public ByteBuffer acquire()
    {
        final ByteBuffer bb = free.pollLast();
        if (bb != null)
        {
            return bb;
        }
        final ByteBuffer fresh = ByteBuffer.allocateDirect(chunkBytes);
        views.put(fresh, new UnsafeBuffer(fresh));
        allocated++;
        return fresh;
    }

    public UnsafeBuffer viewOf(final ByteBuffer chunk)
    {
        return views.get(chunk);
    }

    public void release(final ByteBuffer chunk, final UnsafeBuffer view)
    {
        if (free.size() < maxPooled)
        {
            free.addLast(chunk);
        }
        else
        {
            views.remove(chunk);
            allocated--;
        }
    }

    public int chunkBytes()
    {
        return chunkBytes;
    }

    /** Chunks alive (pooled or in use). */
    public long allocated()
    {
        return allocated;
    }
}
