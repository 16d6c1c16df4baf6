package jnatsd.engine.session;

import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;

/**
 * A user's publish and subscribe permissions compiled into subject tables (matching is then allocation-free).
 * Engine thread only after construction. A null table means "no restriction" on that side.
 */
public final class SessionPermissions
{
    private final SubjectTable pubAllow;
    private final SubjectTable pubDeny;
    private final SubjectTable subAllow;
    private final SubjectTable subDeny;

    public SessionPermissions(
        final SubjectTable pubAllow,
        final SubjectTable pubDeny,
        final SubjectTable subAllow,
        final SubjectTable subDeny)
    {
        this.pubAllow = pubAllow;
        this.pubDeny = pubDeny;
        this.subAllow = subAllow;
        this.subDeny = subDeny;
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
