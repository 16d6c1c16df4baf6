package jnatsd.server.monitor;

/** One subscription as monitoring shows it, copied on the engine thread. {@code queue} is null for none. */
public record SubSnapshot(String subject, String queue, String sid, long msgs, long max, long cid)
{
}
