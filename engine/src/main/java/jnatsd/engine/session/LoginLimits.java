package jnatsd.engine.session;

/**
 * A JWT login's limits (nats-server's applyAccountLimits), -1 meaning none: {@code subs} and {@code payload}, the
 * smaller of the user's and its account's (a limit missing from a JWT reads as 0), and the account's {@code conn}.
 */
public record LoginLimits(int subs, int payload, int accountConnections)
{
    /** Not a JWT login: only the server's own limits apply. */
    public static final LoginLimits NONE = new LoginLimits(-1, -1, -1);

    /** nats-server's minLimit: the smaller of two limits where -1 is none. */
    public static long min(final long a, final long b)
    {
        if (a < 0)
        {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }
}
