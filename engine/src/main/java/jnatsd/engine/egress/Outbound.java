package jnatsd.engine.egress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import jnatsd.engine.session.WireChannel;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A connection's outbound bytes: a queue of pooled direct chunks, appended to by the engine and written with one
 * gathering write per flush. The engine thread is its only writer and its only flusher, so it needs no locks.
 * <pre>
 *   chunks[head] ... chunks[head+count-1]
 *   each chunk: position = first unwritten byte, limit = end of appended bytes
 * </pre>
 * The tail chunk's append point lives in plain fields (tailLimit) and reaches its ByteBuffer's limit only when a
 * new chunk is added or at a flush: appending a message then costs a compare and an add, not ByteBuffer calls.
 */
public final class Outbound
{
    private final ChunkPool pool;
    private final int chunkBytes;
    private final UnsafeBuffer arrayView = new UnsafeBuffer(new byte[0]);
    private ByteBuffer[] chunks = new ByteBuffer[8];
    private UnsafeBuffer[] views = new UnsafeBuffer[8];
    private int head;
    private int count;
    private long pendingBytes;
    private UnsafeBuffer tailView;
    private int tailLimit;
    private int tailCapacity;
    /** The tail chunk's native address (chunks are direct), so raw writers skip the view. */
    private long tailAddress;

    public Outbound(final ChunkPool pool)
    {
        this.pool = pool;
        this.chunkBytes = pool.chunkBytes();
    }

    /** The most that {@link #reserve(int)} can hand out contiguously. */
    public int chunkBytes()
    {
        return chunkBytes;
    }

    /** Bytes appended and not yet written to the socket. */
    public long pendingBytes()
    {
        return pendingBytes;
    }

    /** Chunks queued (nats-server's slow consumer log reports them). */
    public int chunkCount()
    {
        return count;
    }

    public boolean isEmpty()
    {
        return pendingBytes == 0;
    }

    public void put(final DirectBuffer src, final int offset, final int length)
    {
        int done = 0;
        while (done < length)
        {
            if (tailCapacity - tailLimit < 1)
            {
                addChunk();
            }
            final int n = Math.min(length - done, tailCapacity - tailLimit);
            tailView.putBytes(tailLimit, src, offset + done, n);
            tailLimit += n;
            done += n;
        }
        pendingBytes += length;
    }

    public void put(final byte[] src)
    {
        put(src, 0, src.length);
    }

    public void put(final byte[] src, final int offset, final int length)
    {
        // Re-wrapping a view allocates nothing; one copy loop serves both sources.
        arrayView.wrap(src);
        put(arrayView, offset, length);
    }

    /**
     * Reserves {@code length} contiguous bytes (at most a chunk) for a header written in place through
     * {@link #reservedBuffer()} at {@link #reservedOffset()}; {@link #commit(int)} then says how many were used.
     */
    public void reserve(final int length)
    {
        if (tailCapacity - tailLimit < length)
        {
            addChunk();
        }
    }

    public UnsafeBuffer reservedBuffer()
    {
        return tailView;
    }

    public int reservedOffset()
    {
        return tailLimit;
    }

    /** The native address of the reserved space. */
    public long reservedAddress()
    {
        return tailAddress + tailLimit;
    }

    public void commit(final int used)
    {
        tailLimit += used;
        pendingBytes += used;
    }

    /**
     * Writes as much as the socket takes, with one gathering write. Returns true when everything was written.
     */
    public boolean flush(final WireChannel channel) throws IOException
    {
        if (pendingBytes == 0)
        {
            return true;
        }
        chunks[head + count - 1].limit(tailLimit);
        final long written;
        if (count == 1)
        {
            written = channel.write(chunks[head]);
        }
        else
        {
            written = channel.write(chunks, head, count);
        }
        pendingBytes -= written;
        while (count > 0 && !chunks[head].hasRemaining())
        {
            releaseHead();
        }
        return pendingBytes == 0;
    }

    /** Drops everything (the connection is gone). */
    public void clear()
    {
        while (count > 0)
        {
            releaseHead();
        }
        pendingBytes = 0;
    }

    private void releaseHead()
    {
        pool.release(chunks[head], views[head]);
        chunks[head] = null;
        views[head] = null;
        head++;
        count--;
        if (count == 0)
        {
            head = 0;
            tailView = null;
            tailLimit = 0;
            tailCapacity = 0;
            tailAddress = 0;
        }
    }

    /** Appends an empty chunk as the new tail (the old tail's limit is brought up to date first). */
    private void addChunk()
    {
        if (count > 0)
        {
            chunks[head + count - 1].limit(tailLimit);
        }
        if (head + count == chunks.length)
        {
            if (head > 0)
            {
                System.arraycopy(chunks, head, chunks, 0, count);
                System.arraycopy(views, head, views, 0, count);
                Arrays.fill(chunks, count, chunks.length, null);
                Arrays.fill(views, count, views.length, null);
                head = 0;
            }
            else
            {
                chunks = Arrays.copyOf(chunks, chunks.length * 2);
                views = Arrays.copyOf(views, views.length * 2);
            }
        }
        final int idx = head + count;
        final ByteBuffer bb = pool.acquire();
        bb.clear().limit(0);
        chunks[idx] = bb;
        views[idx] = pool.viewOf(bb);
        count++;
        tailView = views[idx];
        tailAddress = tailView.addressOffset();
        tailLimit = 0;
        tailCapacity = bb.capacity();
    }
}
