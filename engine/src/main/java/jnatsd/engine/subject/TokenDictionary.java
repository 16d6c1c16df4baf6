package jnatsd.engine.subject;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * Interns byte strings (subject tokens and queue names) as small dense int ids with reference counts. The bytes live
 * off-heap in a {@link ByteArena}; the index is an open-addressing table of {@code id + 1} with linear probing and
 * backward-shift deletion, so no tombstones accumulate under churn. An id is recycled once its count drops to zero.
 * Owned by one thread.
 */
final class TokenDictionary
{
    static final int MISSING = -1;

    private final ByteArena arena;
    private int[] index;
    private int mask;
    private int[] offsets;
    private int[] lengths;
    private int[] hashes;
    private int[] refs;
    private int[] freeIds;
    private int freeCount;
    private int nextId;
    private int size;

    TokenDictionary(final int initialCapacity)
    {
        final int capacity = Math.max(16, initialCapacity);
        arena = new ByteArena(capacity * 8);
        index = new int[tableSizeFor(capacity)];
        mask = index.length - 1;
        offsets = new int[capacity];
        lengths = new int[capacity];
        hashes = new int[capacity];
        refs = new int[capacity];
        freeIds = new int[16];
    }

    /** Id of the bytes, or {@link #MISSING}. Never allocates. */
    int find(final DirectBuffer b, final int off, final int len, final int hash)
    {
        final int[] index = this.index;
        final int mask = this.mask;
        final DirectBuffer bytes = arena.buffer();
        int i = hash & mask;
        int entry;
        while ((entry = index[i]) != 0)
        {
            final int id = entry - 1;
            if (hashes[id] == hash && lengths[id] == len && Bytes.equal(bytes, offsets[id], b, off, len))
            {
                return id;
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    /** Finds or interns the bytes and takes one reference on the id. */
    int acquire(final DirectBuffer b, final int off, final int len, final int hash)
    {
        int id = find(b, off, len, hash);
        if (id == MISSING)
        {
            id = insert(b, off, len, hash);
        }
        refs[id]++;
        return id;
    }

    /** Drops one reference; the id and its bytes are freed with the last one. */
    void release(final int id)
    {
        if (--refs[id] > 0)
        {
            return;
        }
        removeFromIndex(id);
        arena.free(lengths[id]);
        lengths[id] = 0;
        if (freeCount == freeIds.length)
        {
            freeIds = Arrays.copyOf(freeIds, freeCount * 2);
        }
        freeIds[freeCount++] = id;
        size--;
    }

    DirectBuffer bytes()
    {
        return arena.buffer();
    }

    int offset(final int id)
    {
        return offsets[id];
    }

    int length(final int id)
    {
        return lengths[id];
    }

    int size()
    {
        return size;
    }

    /** Exclusive upper bound of ids handed out so far: arrays indexed by id need this length. */
    int idLimit()
    {
        return nextId;
    }

    long memoryBytes()
    {
        return 4L * (index.length + offsets.length + lengths.length + hashes.length + refs.length + freeIds.length) +
            arena.capacityBytes();
    }

    long offHeapBytes()
    {
        return arena.capacityBytes();
    }

    private int insert(final DirectBuffer b, final int off, final int len, final int hash)
    {
        final int id;
        if (freeCount > 0)
        {
            id = freeIds[--freeCount];
        }
        else
        {
            id = nextId++;
            if (id == offsets.length)
            {
                final int capacity = id + (id >> 1);
                offsets = Arrays.copyOf(offsets, capacity);
                lengths = Arrays.copyOf(lengths, capacity);
                hashes = Arrays.copyOf(hashes, capacity);
                refs = Arrays.copyOf(refs, capacity);
            }
        }
        int at = arena.allocate(b, off, len);
        if (at < 0)
        {
            compact();
            at = arena.allocate(b, off, len);
        }
        offsets[id] = at;
        lengths[id] = len;
        hashes[id] = hash;
        refs[id] = 0;
        size++;
        if (size * 2 > index.length)
        {
            rehash(index.length * 2);
        }
        int i = hash & mask;
        while (index[i] != 0)
        {
            i = (i + 1) & mask;
        }
        index[i] = id + 1;
        return id;
    }

    private void compact()
    {
        arena.beginCompaction();
        for (int id = 0; id < nextId; id++)
        {
            if (refs[id] > 0)
            {
                offsets[id] = arena.move(offsets[id], lengths[id]);
            }
        }
        arena.endCompaction();
    }

    private void rehash(final int newLength)
    {
        final int[] old = index;
        index = new int[newLength];
        mask = newLength - 1;
        for (final int entry : old)
        {
            if (entry != 0)
            {
                int i = hashes[entry - 1] & mask;
                while (index[i] != 0)
                {
                    i = (i + 1) & mask;
                }
                index[i] = entry;
            }
        }
    }

    private void removeFromIndex(final int id)
    {
        final int[] index = this.index;
        final int mask = this.mask;
        int hole = hashes[id] & mask;
        while (index[hole] != id + 1)
        {
            hole = (hole + 1) & mask;
        }
        // Backward-shift: pull later entries of the same probe run into the hole so lookups never need tombstones.
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

    static int tableSizeFor(final int entries)
    {
        int n = 16;
        while (n < entries * 2)
        {
            n <<= 1;
        }
        return n;
    }
}
