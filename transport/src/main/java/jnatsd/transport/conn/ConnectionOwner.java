package jnatsd.transport.conn;

/** The transport agent that reads a connection; what the connection asks of it. Thread-safe. */
public interface ConnectionOwner
{
    /** The engine's flush was incomplete: publish WRITABLE when the socket can take more. */
    void requestWritable(ClientConnection c);

    /** The engine closed the session: release the socket and the read buffer. */
    void release(ClientConnection c);

    /** The channel holds bytes only the transport thread writes: call its {@code flushHeld} there. */
    void requestFlush(ClientConnection c);
}
