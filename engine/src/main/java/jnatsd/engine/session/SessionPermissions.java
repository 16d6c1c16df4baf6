package jnatsd.engine.session;

import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;

/**
 * A user's publish and subscribe permissions compiled into subject tables (matching is then allocation-free).
 * Engine thread only after construction. A null table means "no restriction" on that side. With allow_responses
 * ({@code responsesMax} != 0) each session also tracks the replies it may answer ({@link ReplyPermits}).
 */
public final class SessionPermissions
{
    private final SubjectTable pubAllow;
    private final SubjectTable pubDeny;
    private final SubjectTable subAllow;
    private final SubjectTable subDeny;
    private final int responsesMax;
    private final long responsesTtlNs;

    public SessionPermissions(
        final SubjectTable pubAllow,
        final SubjectTable pubDeny,
        final SubjectTable subAllow,
        final SubjectTable subDeny)
    {
        this(pubAllow, pubDeny, subAllow, subDeny, 0, 0);
    }

    /** With allow_responses: {@code responsesMax} answers (negative: unlimited) within {@code responsesTtlNs}. */
    public SessionPermissions(
        final SubjectTable pubAllow,
        final SubjectTable pubDeny,
        final SubjectTable subAllow,
        final SubjectTable subDeny,
        final int responsesMax,
        final long responsesTtlNs)
    {
        this.pubAllow = pubAllow;
        this.pubDeny = pubDeny;
        this.subAllow = subAllow;
        this.subDeny = subDeny;
        this.responsesMax = responsesMax;
        this.responsesTtlNs = responsesTtlNs;
    }

    /** A fresh reply tracker for a session with these permissions; null without allow_responses. */
    public ReplyPermits newReplyPermits()
    {
        return responsesMax == 0 ? null : new ReplyPermits(responsesMax, responsesTtlNs);
    }

    public boolean canPublish(final DirectBuffer buffer, final int offset, final int length)
    {
        return allowed(pubAllow, pubDeny, buffer, offset, length);
    }

    public boolean canSubscribe(final DirectBuffer buffer, final int offset, final int length)
    {
        return allowed(subAllow, subDeny, buffer, offset, length);
    }

    public boolean hasSubscribeDeny()
    {
        return subDeny != null;
    }

    /** True when a delivered subject falls under a subscribe deny rule. */
    public boolean isSubscribeDenied(final DirectBuffer buffer, final int offset, final int length)
    {
        return subDeny != null && !isEmpty(subDeny.match(buffer, offset, length));
    }

    private static boolean allowed(
        final SubjectTable allow,
        final SubjectTable deny,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (allow != null && isEmpty(allow.match(buffer, offset, length)))
        {
            return false;
        }
        return deny == null || isEmpty(deny.match(buffer, offset, length));
    }

    private static boolean isEmpty(final MatchResult r)
    {
        return r.plainCount() == 0 && r.groupCount() == 0;
    }
}
