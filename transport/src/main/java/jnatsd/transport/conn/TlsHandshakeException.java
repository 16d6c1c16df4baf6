package jnatsd.transport.conn;

import java.io.IOException;

/** A TLS handshake that failed; the message is what nats-server logs after {@code TLS handshake error: }. */
public final class TlsHandshakeException extends IOException
{
    private static final long serialVersionUID = 1L;

    public TlsHandshakeException(final String goText, final Throwable cause)
    {
        super(goText, cause);
    }
}
