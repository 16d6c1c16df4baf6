package jnatsd.engine.subject;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.agrona.concurrent.UnsafeBuffer;

/** String-friendly helpers over the byte API, for tests only. */
final class TableFixture
{
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private TableFixture()
    {
    }

    static void add(final SubjectTable table, final int subId, final String subject)
    {
        add(table, subId, subject, null);
    }

    static void add(final SubjectTable table, final int subId, final String subject, final String queue)
    {
        final UnsafeBuffer s = SubjectsTest.at(subject, 5);
        if (queue == null)
        {
            table.add(subId, s, 5, subject.length(), EMPTY, 0, 0);
        }
        else
        {
            final UnsafeBuffer q = SubjectsTest.at(queue, 2);
            table.add(subId, s, 5, subject.length(), q, 2, queue.length());
        }
    }

    static MatchResult match(final SubjectTable table, final String subject)
    {
        return table.match(SubjectsTest.at(subject, 7), 7, subject.length());
    }

    static Set<Integer> plain(final MatchResult r)
    {
        final Set<Integer> ids = new TreeSet<>();
        for (int i = 0; i < r.plainCount(); i++)
        {
            if (!ids.add(r.plain(i)))
            {
                throw new AssertionError("duplicate plain sub " + r.plain(i));
            }
        }
        return ids;
    }

    /** Queue groups as queueId -> member set; fails on duplicate members or repeated queue ids. */
    static Map<Integer, Set<Integer>> groupsById(final MatchResult r)
    {
        final Map<Integer, Set<Integer>> groups = new TreeMap<>();
        for (int g = 0; g < r.groupCount(); g++)
        {
            final Set<Integer> members = new TreeSet<>();
            if (r.groupSize(g) == 0)
            {
                throw new AssertionError("empty group " + g);
            }
            for (int i = 0; i < r.groupSize(g); i++)
            {
                if (!members.add(r.groupMember(g, i)))
                {
                    throw new AssertionError("duplicate member " + r.groupMember(g, i));
                }
            }
            if (groups.put(r.groupQueueId(g), members) != null)
            {
                throw new AssertionError("queue id in two groups " + r.groupQueueId(g));
            }
        }
        return groups;
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
