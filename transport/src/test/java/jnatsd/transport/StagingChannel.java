package jnatsd.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jnatsd.engine.session.WireChannel;
import jnatsd.transport.conn.ClientConnection;

/**
 * A channel shaped like a TLS one: handshakes for a few steps, takes the engine's bytes into a small staging buffer
 * (asking its transport for a flush), and writes them to the socket only from flushHeld, a few bytes at a time.
 */
final class StagingChannel implements WireChannel
{
    private final SocketChannel socket;
    private final ClientConnection connection;
    private final ByteBuffer staging;
    private final int bytesPerFlush;
    private int handshakeStepsLeft;
    int handshakeSteps;
    int readsWhileHandshaking;
    int engineWrites;
    int flushes;
    boolean closed;

    StagingChannel(final SocketChannel socket, final ClientConnection connection, final int handshakeSteps,
        final int stagingBytes, final int bytesPerFlush)
    {
        this.socket = socket;
        this.connection = connection;
        this.handshakeStepsLeft = handshakeSteps;
        this.staging = ByteBuffer.allocate(stagingBytes);
        this.bytesPerFlush = bytesPerFlush;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        if (isHandshaking())
        {
            readsWhileHandshaking++;
        }
        return socket.read(dst);
    }

    @Override
    public int write(final ByteBuffer src)
    {
        engineWrites++;
        final int n = Math.min(src.remaining(), staging.remaining());
        final ByteBuffer slice = src.duplicate();
        slice.limit(slice.position() + n);
        staging.put(slice);
        src.position(src.position() + n);
        if (n > 0)
        {
            connection.requestFlush();
        }
        return n;
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length)
    {
        long n = 0;
        for (int i = offset; i < offset + length && staging.hasRemaining(); i++)
        {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public void close() throws IOException
    {
        closed = true;
        socket.close();
    }

    @Override
    public boolean isHandshaking()
    {
        return handshakeStepsLeft > 0;
    }

    @Override
    public int handshake()
    {
        handshakeSteps++;
        handshakeStepsLeft--;
        // The socket is always writable, so each step comes one select later.
        return handshakeStepsLeft > 0 ? SelectionKey.OP_WRITE : 0;
    }

    @Override
    public boolean flushHeld() throws IOException
    {
        flushes++;
        staging.flip();
        final int end = staging.limit();
        staging.limit(Math.min(end, staging.position() + bytesPerFlush));
        socket.write(staging);
        staging.limit(end);
        staging.compact();
        return staging.position() == 0;
    }
}
