package jnatsd.engine.cluster;

/**
 * One interest a route announced in one account: a subject, or a subject and queue group with its weight. Engine
 * thread only.
 */
final class RemoteSub
{
    final RouteLink link;
    /** The account's remote interest that holds it. */
    final RemoteInterest owner;
    final byte[] subject;
    /** null for plain interest. */
    final byte[] queue;
    final String key;
    int weight;
    int id = -1;

    RemoteSub(final RouteLink link, final RemoteInterest owner, final byte[] subject, final byte[] queue,
        final String key, final int weight)
    {
        this.link = link;
        this.owner = owner;
        this.subject = subject;
        this.queue = queue;
        this.key = key;
        this.weight = weight;
    }
}
