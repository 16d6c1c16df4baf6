package jnatsd.transport.conn;

/** max_control_line and max_payload as a client's parser enforces them; immutable, swapped whole by a reload. */
public record ClientLimits(int maxControlLine, int maxPayload)
{
}
