package jnatsd.transport.conn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import jnatsd.engine.session.WireChannel;

/**
 * No encryption: every call goes straight to the socket, so the engine thread writes its chunks itself with no copy.
 * Final and the only production implementation until TLS, so the calls stay monomorphic and inline.
 */
public final class PlainChannel implements WireChannel
{
    public static final ChannelFactory FACTORY = (socket, kind, connection) -> new PlainChannel(socket);

    private final SocketChannel socket;

    public PlainChannel(final SocketChannel socket)
    {
        this.socket = socket;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        return socket.read(dst);
    }

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        return socket.write(src);
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
    {
        return socket.write(srcs, offset, length);
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
