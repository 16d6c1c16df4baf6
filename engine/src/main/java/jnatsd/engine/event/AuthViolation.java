package jnatsd.engine.event;

/**
 * An ERROR event's attachment when a client failed to authenticate: the engine answers
 * {@code -ERR 'Authorization Violation'}, logs nats-server's line ({@code authentication error - User "bob"}) and
 * closes. The transport builds the line, as only it knows what the client sent.
 */
public record AuthViolation(String logText)
{
}
