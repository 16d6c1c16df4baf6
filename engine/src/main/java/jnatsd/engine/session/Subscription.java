package jnatsd.engine.session;

/** One client subscription. Engine thread only. */
public final class Subscription
{
    public final Session session;
    public final int subId;
    public final byte[] sid;
    public final byte[] subject;
    public final byte[] queue;
    public long maxMessages;
    public long delivered;

    public Subscription(final Session session, final int subId, final byte[] sid, final byte[] subject, final byte[] queue)
    {
        this.session = session;
        this.subId = subId;
        this.sid = sid;
        this.subject = subject;
        this.queue = queue;
    }
}
