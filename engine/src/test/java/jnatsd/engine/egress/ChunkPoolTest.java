package jnatsd.engine.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPoolTest
{
    @Test
    void shouldPreallocateNothingAndGrowOnDemand()
    {
        final ChunkPool pool = new ChunkPool(1024, ChunkPool.DEFAULT_MAX_POOLED);
        assertEquals(0, pool.allocated(), "no chunk before the first acquire");
        assertEquals(0, pool.pooled());
        final ByteBuffer a = pool.acquire();
        assertEquals(1, pool.allocated());
        pool.release(a, pool.viewOf(a));
        assertSame(a, pool.acquire(), "a released chunk is reused, not a new one made");
        assertEquals(1, pool.allocated());
    }

    @Test
    void shouldFreeChunksUnusedForAWholePeriodButKeepAFew()
    {
        final ChunkPool pool = new ChunkPool(1024, 512, 4);
        final List<ByteBuffer> burst = acquire(pool, 100);
        release(pool, burst);
        assertEquals(100, pool.pooled());
        assertEquals(0, pool.trim(), "the burst used them all this period");
        assertEquals(96, pool.trim(), "a quiet period frees all but the floor");
        assertEquals(4, pool.pooled());
        assertEquals(4, pool.allocated());
        assertEquals(96, pool.freed());
    }

    @Test
    void shouldKeepTheWorkingSetOfASteadyLoad()
    {
        final ChunkPool pool = new ChunkPool(1024, 512, 0);
        release(pool, acquire(pool, 50));
        pool.trim();
        for (int period = 0; period < 5; period++)
        {
            // Each period needs 20 chunks at its peak: 30 sat unused and go, the 20 stay.
            for (int i = 0; i < 10; i++)
            {
                release(pool, acquire(pool, 20));
            }
            pool.trim();
        }
        assertEquals(20, pool.allocated(), "the steady load's 20 chunks are kept");
        final long made = pool.allocated() + pool.freed();
        for (int i = 0; i < 1000; i++)
        {
            release(pool, acquire(pool, 20));
        }
        pool.trim();
        assertEquals(made, pool.allocated() + pool.freed(), "steady state allocates no chunk");
    }

    @Test
    void shouldFreeBeyondMaxPooledAtOnce()
    {
        final ChunkPool pool = new ChunkPool(1024, 8, 2);
        release(pool, acquire(pool, 20));
        assertEquals(8, pool.pooled());
        assertEquals(8, pool.allocated());
        assertEquals(12, pool.freed());
    }

    private static List<ByteBuffer> acquire(final ChunkPool pool, final int n)
    {
        final List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            out.add(pool.acquire());
        }
        return out;
    }

    private static void release(final ChunkPool pool, final List<ByteBuffer> chunks)
    {
        for (final ByteBuffer bb : chunks)
        {
            pool.release(bb, pool.viewOf(bb));
        }
    }
}
