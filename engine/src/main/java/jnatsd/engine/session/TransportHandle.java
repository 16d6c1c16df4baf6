package jnatsd.engine.session;

/** What the engine may ask of the transport that owns a connection's socket registration. Thread-safe. */
public interface TransportHandle
{
    /** A flush was incomplete: tell the engine (a WRITABLE event) when the socket can take more. */
    void requestWritable();

    /** The engine closed the session: release the socket and the read buffer. */
    void release();
}
