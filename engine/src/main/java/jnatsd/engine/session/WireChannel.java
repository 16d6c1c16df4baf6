package jnatsd.engine.session;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connection's byte stream, the seam where TLS plugs in (docs/architecture.md, "TLS seam"). The engine writes
 * plaintext and closes through it; the transport reads, drives the handshake and flushes what the channel holds
 * itself. The plain implementation forwards each call to the socket; a TLS one takes the engine's plaintext, asks
 * its transport thread for a flush, and encrypts and writes there.
 */
public interface WireChannel
{
    /** Transport thread: reads application bytes into {@code dst}; -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Engine thread: writes or takes over plaintext; the bytes taken (0 when full: the engine asks for WRITABLE). */
    int write(ByteBuffer src) throws IOException;

    /** Engine thread: the gathering form of {@link #write(ByteBuffer)}. */
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    /** Any thread; idempotent. */
    void close() throws IOException;

    /** Transport thread: true until the handshake is done; nothing read reaches the parser before. Plain: none. */
    default boolean isHandshaking()
    {
        return false;
    }

    /**
     * Transport thread: one handshake step. Returns the selection-key interest the next step waits for
     * ({@code OP_READ} and/or {@code OP_WRITE}), or 0 when the handshake is done.
     */
    default int handshake() throws IOException
    {
        return 0;
    }

    /**
     * Transport thread, after the channel asked its connection for a flush: writes the bytes the channel holds
     * itself (a TLS channel's records). Returns true when none are left, false to be called again once writable.
     */
    default boolean flushHeld() throws IOException
    {
        return true;
    }
}
