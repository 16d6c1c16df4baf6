package jnatsd.transport.conn;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.session.WireChannel;
import jnatsd.transport.protocol.ProtocolParser;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The transport's side of one client connection: socket registration, the direct read buffer and the parser.
 * Owned by one transport agent's thread; the engine only calls the {@link TransportHandle} methods.
 * <pre>
 *   readBuffer: [0 ... parsePos) parsed, maybe still referenced by ring events
 *               [parsePos ... writePos) read, not yet parsed (a partial operation)
 *               [writePos ... capacity) free
 * </pre>
 * Bytes below parsePos are moved or dropped only once the engine's sequence has passed
 * {@link #lastPublishedSeq}, so ring events can refer to them without copies.
 */
public final class ClientConnection implements TransportHandle
{
    private static final byte[] NO_BYTES = new byte[0];

    /** The agent that reads this connection. */
    public final ConnectionOwner agent;
    /** For the selector registration only; bytes go through {@link #channel}. */
    public final SocketChannel socket;
    /** Set by the opener right after construction (the channel may keep this connection to ask for flushes). */
    public WireChannel channel;
    public Session session;
    public SelectionKey key;
    public ProtocolParser parser;
    /** The limits this connection's parser enforces (owner thread); compared by reference on each read. */
    public ClientLimits limits;
    /** A JWT login's payload limit (owner thread), -1 when none; the parser applies the smaller of it and limits. */
    public int loginMaxPayload = -1;
    /** Null while idle: taken from the agent's pool for a read, given back once the engine has applied it all. */
    public ByteBuffer readBuffer;
    public UnsafeBuffer view = new UnsafeBuffer(NO_BYTES);
    public int parsePos;
    public int writePos;
    public long lastPublishedSeq = -1;
    /** CONNECT said headers:true. */
    public boolean headers;
    /** An error ended this connection's input: read nothing more. */
    public boolean stopped;
    public boolean released;
    /** Read sizing (transport thread): reads in a row that filled the buffer, quiet reads, and the verdict. */
    public int fullReads;
    public int quietReads;
    /** 1 while busy, else 0 (an int, so the verdict above needs no branch). */
    public int busy;
    /** No longer counted against max_connections (transport thread). */
    public boolean uncounted;
    /** The engine asked for WRITABLE and has not had it yet (transport thread). */
    public boolean writableWanted;
    /** The channel holds bytes the transport must still write (transport thread). */
    public boolean holding;
    /** Listed for giving the read buffer back: everything read was parsed (transport thread). */
    public boolean drained;

    public ClientConnection(final ConnectionOwner agent, final SocketChannel socket)
    {
        this.agent = agent;
        this.socket = socket;
    }

    /**
     * Sizes the read buffer from the reads themselves: two reads in a row that filled the free space make the
     * connection busy, and it moves to the larger buffer at its next reset or compaction (fewer reads, bigger batches
     * for its receivers: pubsub_1k CPU -8 to -11%). 64 reads in a row that used under a quarter of the buffer make it
     * quiet again.
     */
    public void noteRead(final int n, final int room)
    {
        // Arithmetic, not branches: the verdict changes rarely, and a branch the JIT has never seen taken is compiled
        // as a trap that costs a recompilation the first time a connection turns busy or quiet.
        final int full = (((n - room) | (room - n)) >>> 31) ^ 1;
        final int small = ((n - readBuffer.capacity() / 4) >>> 31) & (full ^ 1);
        fullReads = Math.min(fullReads + 1, 2) * full;
        quietReads = Math.min(quietReads + 1, 64) * small;
        busy = (busy | fullReads >>> 1) & ((quietReads - 64) >>> 31);
    }

    /**
     * Reads into {@code buffer} from now on. The view is re-pointed, not replaced: callers switch only when the engine
     * has applied every event of this connection, so no event still reads through it.
     */
    public void useBuffer(final ByteBuffer buffer)
    {
        readBuffer = buffer;
        view.wrap(buffer);
    }

    /** Gives the read buffer up (the caller pools it): the view points at nothing, so no stale read can reach it. */
    public ByteBuffer takeBuffer()
    {
        final ByteBuffer bb = readBuffer;
        readBuffer = null;
        view.wrap(NO_BYTES);
        parsePos = 0;
        writePos = 0;
        return bb;
    }

    @Override
    public void requestWritable()
    {
        agent.requestWritable(this);
    }

    @Override
    public void release()
    {
        agent.release(this);
    }

    /** Any thread (a channel, from the engine's write): have the reading agent call the channel's flushHeld. */
    public void requestFlush()
    {
        agent.requestFlush(this);
    }
}
