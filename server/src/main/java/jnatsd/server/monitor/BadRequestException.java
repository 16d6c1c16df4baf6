package jnatsd.server.monitor;

/** A request nats-server answers with HTTP 400 and this plain-text message. */
public final class BadRequestException extends Exception
{
    private static final long serialVersionUID = 1L;

    public BadRequestException(final String message)
    {
        super(message);
    }
}
