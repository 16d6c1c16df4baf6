package jnatsd.transport.protocol;

/** Parse failures and the -ERR text nats-server 2.9.10 sends for each (all of them close the connection). */
public enum ProtocolError
{
    UNKNOWN_OPERATION("Unknown Protocol Operation"),
    MAX_CONTROL_LINE("maximum control line exceeded"),
    MAX_PAYLOAD("Maximum Payload Violation");

    private final String text;

    ProtocolError(final String text)
    {
        this.text = text;
    }

    /** The text inside {@code -ERR '...'}. */
    public String text()
    {
        return text;
    }
}
