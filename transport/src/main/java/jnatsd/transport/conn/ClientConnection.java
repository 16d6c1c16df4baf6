package jnatsd.transport.conn;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.transport.TransportAgent;
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
    public final TransportAgent agent;
    public final SocketChannel channel;
    public Session session;
    public SelectionKey key;
    public ProtocolParser parser;
    public ByteBuffer readBuffer;
    public UnsafeBuffer view;
    public int parsePos;
    public int writePos;
    public long lastPublishedSeq = -1;
    /** CONNECT said headers:true. */
    public boolean headers;
    /** An error ended this connection's input: read nothing more. */
    public boolean stopped;
    public boolean released;
    /** No longer counted against max_connections (transport thread). */
    public boolean uncounted;

    public ClientConnection(final TransportAgent agent, final SocketChannel channel)
    {
        this.agent = agent;
        this.channel = channel;
    }

    public void useBuffer(final ByteBuffer buffer)
    {
        readBuffer = buffer;
        view = new UnsafeBuffer(buffer);
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
}
