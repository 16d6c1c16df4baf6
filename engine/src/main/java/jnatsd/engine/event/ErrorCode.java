package jnatsd.engine.event;

/** Errors the transport asks the engine to answer, with nats-server 2.9.10's text and close decision. */
public enum ErrorCode
{
    UNKNOWN_OPERATION("Unknown Protocol Operation", true, "Protocol Violation"),
    MAX_CONTROL_LINE("maximum control line exceeded", true, "Maximum Control Line Exceeded"),
    MAX_PAYLOAD("Maximum Payload Violation", true, "Maximum Payload Exceeded"),
    AUTHORIZATION_VIOLATION("Authorization Violation", true, "Authentication Failure"),
    AUTHENTICATION_TIMEOUT("Authentication Timeout", true, "Authentication Timeout"),
    MAX_CONNECTIONS("maximum connections exceeded", true, "Maximum Connections Exceeded"),
    INVALID_PROTOCOL("invalid client protocol", true, "Protocol Violation"),
    NO_RESPONDERS_REQUIRES_HEADERS("no responders requires headers support", true, "Protocol Violation"),
    /** HPUB from a client that did not announce headers: nats-server closes without -ERR. */
    HEADERS_NOT_SUPPORTED(null, true, "Protocol Violation"),
    /**
     * Bad arguments, a CONNECT that is not valid JSON or has wrongly typed fields, a client -ERR, and the like:
     * nats-server logs and closes without -ERR.
     */
    SILENT_CLOSE(null, true, "Protocol Violation"),
    /**
     * A TLS handshake that failed or timed out (the transport logs nats-server's line): closed without -ERR, as
     * nothing in plaintext can reach a client that started TLS (nats-server's -ERR there never gets out either).
     */
    TLS_HANDSHAKE(null, true, "TLS Handshake Failure"),
    ROUTE_PORT("attempted to connect to route port", true, "Protocol Violation"),
    /**
     * An unexpected exception (a jnatsd bug) while handling this connection's input: closed without -ERR (an
     * unknown -ERR makes some clients give up instead of reconnecting). nats-server has no such state (a panic
     * ends its process), so the reason is jnatsd's own, telling a server bug from a protocol violation.
     */
    INTERNAL_ERROR(null, true, "Internal Server Error");

    private final String text;
    private final boolean closes;
    private final String reason;

    ErrorCode(final String text, final boolean closes, final String reason)
    {
        this.text = text;
        this.closes = closes;
        this.reason = reason;
    }

    /** The text inside {@code -ERR '...'}, or null when nothing is sent. */
    public String text()
    {
        return text;
    }

    public boolean closes()
    {
        return closes;
    }

    /** The closed-connection reason (as /connz shows it). */
    public String reason()
    {
        return reason;
    }
}
