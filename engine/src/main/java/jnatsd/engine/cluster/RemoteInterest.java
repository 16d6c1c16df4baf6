package jnatsd.engine.cluster;

import java.util.Arrays;
import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Interest of all routes in one account, in a subject table of its own apart from local subscriptions: a message
 * from a route is matched against local subscriptions only (no loops), a local message against both. Kept in the
 * account's {@code interconnectState}. Engine thread only.
 */
final class RemoteInterest
{
    private final SubjectTable table = new SubjectTable(1024);
    private final IntArrayList freeIds = new IntArrayList();
    private RemoteSub[] byId = new RemoteSub[256];
    private int nextId;
    private int count;

    void add(final RemoteSub rs)
    {
        final int id;
        if (!freeIds.isEmpty())
        {
            id = freeIds.popInt();
        }
        else
        {
            if (nextId == byId.length)
            {
                byId = Arrays.copyOf(byId, byId.length * 2);
            }
            id = nextId++;
        }
        rs.id = id;
        byId[id] = rs;
        final UnsafeBuffer s = new UnsafeBuffer(rs.subject);
        final UnsafeBuffer q = rs.queue == null ? s : new UnsafeBuffer(rs.queue);
        table.add(id, s, 0, rs.subject.length, q, 0, rs.queue == null ? 0 : rs.queue.length);
        count++;
    }

    void remove(final RemoteSub rs)
    {
        if (rs.id < 0 || byId[rs.id] != rs)
        {
            return;
        }
        table.remove(rs.id);
        byId[rs.id] = null;
        freeIds.addInt(rs.id);
        rs.id = -1;
        count--;
    }

    /** Valid until the next call on this object. */
    MatchResult match(final DirectBuffer subject, final int offset, final int length)
    {
        return table.match(subject, offset, length);
    }

    RemoteSub get(final int id)
    {
        return byId[id];
    }

    int count()
    {
        return count;
    }
}
