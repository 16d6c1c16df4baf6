package jnatsd.engine.subject;

import org.agrona.DirectBuffer;

/**
 * Bounded front cache of literal subject bytes to {@link MatchResult}, as nats-server's sublist cache. Keys live
 * off-heap in a {@link ByteArena}; the index is open addressing over entry numbers with backward-shift deletion. Each
 * entry owns one reusable {@link MatchResult}, so a warmed-up cache allocates nothing on hit or miss.
 * <p>
 * Eviction is a CLOCK (second chance) sweep done inline in bounded steps: when an insert finds the cache full it starts
 * sweeping and every insert evicts at most {@link #SWEEP_STEP} entries until the cache is back at half its capacity
 * (nats goes from 1024 back to 512 with a background goroutine; we have one thread and no background work). Owned by
 * one thread.
 */
final class MatchCache
{
    static final int SWEEP_STEP = 32;

    private final int capacity;
    private final int lowWater;
    private final int[] index;
    private final int mask;
    private final int[] hashes;
    private final int[] keyOffsets;
    private final int[] keyLengths;
    private final boolean[] referenced;
    private final MatchResult[] results;
    private final int[] liveList;
    private final int[] livePos;
    private final int[] freeEntries;
    private final ByteArena keys;
    private int freeCount;
    private int liveCount;
    private int hand;
    private boolean sweeping;
    /** Entries evicted so far: a remembered entry number is still the same key while this has not moved. */
    private long evictions;

    MatchCache(final int capacity)
    {
        this.capacity = capacity;
        lowWater = capacity / 2;
        index = new int[TokenDictionary.tableSizeFor(capacity)];
        mask = index.length - 1;
        hashes = new int[capacity];
        keyOffsets = new int[capacity];
        keyLengths = new int[capacity];
        referenced = new boolean[capacity];
        results = new MatchResult[capacity];
        liveList = new int[capacity];
        livePos = new int[capacity];
        freeEntries = new int[capacity];
        for (int e = 0; e < capacity; e++)
        {
            freeEntries[e] = capacity - 1 - e;
            livePos[e] = -1;
        }
        freeCount = capacity;
        keys = new ByteArena(capacity * 32);
    }

    int size()
    {
        return liveCount;
    }

    /** Entry holding the key, or -1. Marks it recently used. */
    int lookup(final DirectBuffer b, final int off, final int len, final int hash)
    {
        int i = hash & mask;
        int entry;
        while ((entry = index[i]) != 0)
        {
            final int e = entry - 1;
            if (hashes[e] == hash && holds(e, b, off, len))
            {
                return e;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Adds an entry for a key known to be absent, evicting as needed; the caller fills {@link #result(int)}. */
    int insert(final DirectBuffer b, final int off, final int len, final int hash)
    {
        if (liveCount >= capacity)
        {
            sweeping = true;
        }
        if (sweeping)
        {
            sweep();
        }
        final int e = freeEntries[--freeCount];
        int at = keys.allocate(b, off, len);
        if (at < 0)
        {
            compactKeys();
            at = keys.allocate(b, off, len);
        }
        keyOffsets[e] = at;
        keyLengths[e] = len;
        hashes[e] = hash;
        referenced[e] = false;
        if (results[e] == null)
        {
            results[e] = new MatchResult();
        }
        livePos[e] = liveCount;
        liveList[liveCount++] = e;
        int i = hash & mask;
        while (index[i] != 0)
        {
            i = (i + 1) & mask;
        }
        index[i] = e + 1;
        return e;
    }

    MatchResult result(final int entry)
    {
        return results[entry];
    }

    /** Number of live entries, for iteration with {@link #liveEntry(int)}. */
    int liveCount()
    {
        return liveCount;
    }

    int liveEntry(final int i)
    {
        return liveList[i];
    }

    DirectBuffer keyBytes()
    {
        return keys.buffer();
    }

    int keyOffset(final int entry)
    {
        return keyOffsets[entry];
    }

    int keyLength(final int entry)
    {
        return keyLengths[entry];
    }

    /** Drops the entry for an exact key, if cached. */
    void invalidate(final DirectBuffer b, final int off, final int len)
    {
        if (liveCount > 0)
        {
            final int e = lookup(b, off, len, Bytes.hash(b, off, len));
            if (e >= 0)
            {
                evict(e);
            }
        }
    }

    void clear()
    {
        while (liveCount > 0)
        {
            evict(liveList[liveCount - 1]);
        }
    }

    long evictions()
    {
        return evictions;
    }

    /** Whether live entry e holds exactly these key bytes; marks it recently used when it does. */
    boolean holds(final int e, final DirectBuffer b, final int off, final int len)
    {
        if (keyLengths[e] == len && Bytes.equal(keys.buffer(), keyOffsets[e], b, off, len))
        {
            referenced[e] = true;
            return true;
        }
        return false;
    }

    /** Removes an entry; its {@link MatchResult} object stays with the entry number for reuse. */
    void evict(final int e)
    {
        evictions++;
        removeFromIndex(e);
        keys.free(keyLengths[e]);
        final int pos = livePos[e];
        final int last = liveList[--liveCount];
        liveList[pos] = last;
        livePos[last] = pos;
        livePos[e] = -1;
        freeEntries[freeCount++] = e;
    }

    long memoryBytes()
    {
        long resultBytes = 0;
        for (final MatchResult r : results)
        {
            resultBytes += r == null ? 0 : 128;
        }
        return 4L * (index.length + hashes.length + keyOffsets.length + keyLengths.length + liveList.length +
            livePos.length + freeEntries.length) + referenced.length + 8L * results.length + resultBytes +
            keys.capacityBytes();
    }

    long offHeapBytes()
    {
        return keys.capacityBytes();
    }

    private void sweep()
    {
        int evicted = 0;
        int scanned = 0;
        // Second chance: a referenced entry is skipped once (its bit cleared); two turns of the hand always find one.
        while (liveCount > lowWater && evicted < SWEEP_STEP && (scanned < SWEEP_STEP * 4 || liveCount >= capacity))
        {
            final int e = hand;
            hand = hand + 1 == capacity ? 0 : hand + 1;
            scanned++;
            if (livePos[e] < 0)
            {
                continue;
            }
            if (referenced[e])
            {
                referenced[e] = false;
                continue;
            }
            evict(e);
            evicted++;
        }
        if (liveCount <= lowWater)
        {
            sweeping = false;
        }
    }

    private void compactKeys()
    {
        keys.beginCompaction();
        for (int i = 0; i < liveCount; i++)
        {
            final int e = liveList[i];
            keyOffsets[e] = keys.move(keyOffsets[e], keyLengths[e]);
        }
        keys.endCompaction();
    }

    private void removeFromIndex(final int e)
    {
        int hole = hashes[e] & mask;
        while (index[hole] != e + 1)
        {
            hole = (hole + 1) & mask;
        }
        int j = hole;
        while (true)
        {
            j = (j + 1) & mask;
            final int entry = index[j];
            if (entry == 0)
            {
                break;
            }
            final int home = hashes[entry - 1] & mask;
            final boolean homeInRange = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeInRange)
            {
                index[hole] = entry;
                hole = j;
            }
        }
        index[hole] = 0;
    }
}
