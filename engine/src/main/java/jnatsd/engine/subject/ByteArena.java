package jnatsd.engine.subject;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Bump allocator of byte ranges in an off-heap buffer. Freed ranges are only counted; when the arena is full and at
 * most half of it is live, the owner compacts it by moving its live ranges into a spare buffer
 * ({@link #beginCompaction()}, {@link #move(int, int)}, {@link #endCompaction()}), which amortises to O(1) per byte
 * allocated. Owned by one thread.
 */
final class ByteArena
{
    private ExpandableDirectByteBuffer buffer;
    private ExpandableDirectByteBuffer spare;
    private int used;
    private int live;
    private int compactUsed;

    ByteArena(final int initialCapacity)
    {
        buffer = new ExpandableDirectByteBuffer(Math.max(64, initialCapacity));
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * Copies {@code src[off, off + len)} into the arena.
     *
     * @return the offset of the copy, or -1 when the owner should compact first (the call then did nothing).
     */
    int allocate(final DirectBuffer src, final int off, final int len)
    {
        final int capacity = buffer.capacity();
        if (used + len > capacity && (live + len) * 2 <= capacity)
        {
            return -1;
        }
        final int at = used;
        buffer.putBytes(at, src, off, len); // expands the buffer when needed
        used += len;
        live += len;
        return at;
    }

    void free(final int len)
    {
        live -= len;
    }

    void beginCompaction()
    {
        if (spare == null || spare.capacity() < live)
        {
            spare = new ExpandableDirectByteBuffer(Math.max(buffer.capacity(), 64));
        }
        compactUsed = 0;
    }

    /** Moves one live range into the spare buffer; returns its new offset. */
    int move(final int off, final int len)
    {
        final int at = compactUsed;
        spare.putBytes(at, buffer, off, len);
        compactUsed += len;
        return at;
    }

    void endCompaction()
    {
        final ExpandableDirectByteBuffer old = buffer;
        buffer = spare;
        spare = old;
        used = compactUsed;
        live = compactUsed;
    }

    int liveBytes()
    {
        return live;
    }

    long capacityBytes()
    {
        return (long)buffer.capacity() + (spare == null ? 0 : spare.capacity());
    }
}
