package jnatsd.config;

/**
 * Publish and subscribe permissions of a user; either side may be null (no restriction).
 * allow_responses: {@code responsesMax} replies (0 = not enabled) within {@code responsesTtlNs}.
 */
public record Permissions(SubjectPermission publish, SubjectPermission subscribe, int responsesMax,
    long responsesTtlNs)
{
    /** nats-server's allow_responses: true = one reply within two minutes. */
    public static final int DEFAULT_RESPONSES_MAX = 1;
    public static final long DEFAULT_RESPONSES_TTL_NS = 120_000_000_000L;

    public Permissions(final SubjectPermission publish, final SubjectPermission subscribe)
    {
        this(publish, subscribe, 0, 0);
    }
}
