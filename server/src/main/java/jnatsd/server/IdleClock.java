package jnatsd.server;

/** Nanoseconds one agent thread spent idle (waiting for work). One writer; readers may see a stale value. */
public final class IdleClock
{
    private volatile long idleNs;

    void add(final long ns)
    {
        idleNs = idleNs + ns;
    }

    public long idleNs()
    {
        return idleNs;
    }
}
