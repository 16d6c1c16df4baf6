package jnatsd.engine.egress;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Pool of fixed-size direct chunks for outbound queues. Engine thread only. Each chunk has one UnsafeBuffer view,
 * created once, so appending never allocates in steady state.
 * <p>
 * Nothing is allocated up front: chunks are made on demand, kept for reuse (up to maxPooled), and {@link #trim()}
 * frees the free chunks no acquire needed during the last period, so a burst (the start-up warm-up, a slow consumer)
 * does not stay resident once traffic is quiet. A steady load keeps its working set: a period's low-water mark of
 * the free list counts only chunks that sat unused the whole period.
 */
public final class ChunkPool
{
    public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
    /** Free chunks kept for reuse at most (512 x 64 KB = 32 MB of direct memory, only while a load needs them). */
    public static final int DEFAULT_MAX_POOLED = 512;
    /** Free chunks {@link #trim()} always keeps, so a lone publisher after a quiet spell does not allocate. */
    public static final int DEFAULT_MIN_POOLED = 4;

    private final int chunkBytes;
    private final int maxPooled;
    private final int minPooled;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final IdentityHashMap<ByteBuffer, UnsafeBuffer> views = new IdentityHashMap<>();
    private long allocated;
    private long freed;
    /** The fewest free chunks since the last trim. */
    private int lowWater;

    public ChunkPool(final int chunkBytes, final int maxPooled)
    {
        this(chunkBytes, maxPooled, Math.min(DEFAULT_MIN_POOLED, maxPooled));
    }

    public ChunkPool(final int chunkBytes, final int maxPooled, final int minPooled)
    {
        this.chunkBytes = chunkBytes;
        this.maxPooled = maxPooled;
        this.minPooled = minPooled;
    }

    public ByteBuffer acquire()
    {
        final ByteBuffer bb = free.pollLast();
        if (bb != null)
        {
            lowWater = Math.min(lowWater, free.size());
            return bb;
        }
        lowWater = 0;
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
            dispose(chunk);
        }
    }

    /**
     * Frees the free chunks that were not needed since the last call (beyond minPooled), oldest first. Call it from a
     * timer of a few seconds; it allocates nothing.
     *
     * @return chunks freed
     */
    public int trim()
    {
        final int spare = Math.min(lowWater, free.size()) - minPooled;
        int n = 0;
        while (n < spare)
        {
            dispose(free.pollFirst());
            n++;
        }
        lowWater = free.size();
        return n;
    }

    /** The chunk goes back to the OS now, not when the GC finds its buffer (pooled chunks often live in old gen). */
    private void dispose(final ByteBuffer chunk)
    {
        views.remove(chunk);
        BufferUtil.free(chunk);
        allocated--;
        freed++;
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

    /** Chunks in the free list. */
    public int pooled()
    {
        return free.size();
    }

    /** Chunks given back to the OS so far. */
    public long freed()
    {
        return freed;
    }
}
