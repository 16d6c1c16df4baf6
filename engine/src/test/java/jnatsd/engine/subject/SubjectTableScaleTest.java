package jnatsd.engine.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import java.lang.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * One million subscriptions, 10% with wildcards and 5% in queue groups, built straight into a byte buffer so the
 * test's own garbage stays out of the numbers. Prints bytes per subscription for docs/subject-table.md.
 */
class SubjectTableScaleTest
{
    private static final int SUBS = 1_000_000;

    @Test
    void shouldHoldAMillionSubscriptionsCompactly()
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final UnsafeBuffer subject = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer queue = new UnsafeBuffer(new byte[16]);
        final long heapBefore = usedHeapAfterGc(memory);
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long start = System.nanoTime();
        final long cpuStart = threads.getCurrentThreadCpuTime();

        final SubjectTable table = new SubjectTable(1024);
        for (int i = 0; i < SUBS; i++)
        {
            final int len = subjectFor(i, subject);
            if (i % 20 == 5)
            {
                final int qlen = putAscii(queue, 0, "workers") + putInt(queue, 7, i % 50);
                table.add(i, subject, 0, len, queue, 0, qlen);
            }
            else
            {
                table.add(i, subject, 0, len, queue, 0, 0);
            }
        }
        final long insertNs = System.nanoTime() - start;
        final long insertCpuNs = threads.getCurrentThreadCpuTime() - cpuStart;
        assertEquals(SUBS, table.count());

        // Matches: a literal subscriber plus the wildcards of its service; plus subjects nobody listens to.
        final long matchStart = System.nanoTime();
        final long matchCpuStart = threads.getCurrentThreadCpuTime();
        long found = 0;
        long expected = 0;
        for (int i = 0; i < 200_000; i++)
        {
            final int target = (i * 7919) % SUBS;
            final int len = literalFor(target, subject);
            final MatchResult r = table.match(subject, 0, len);
            found += r.plainCount() + r.groupCount();
            final int kind = target % 20;
            expected += kind == 0 || kind == 10 ? 0 : kind == 1 ? 2 : 1; // no literal sub / plus a '*' sub / itself
        }
        final long matchNs = System.nanoTime() - matchStart;
        final long matchCpuNs = threads.getCurrentThreadCpuTime() - matchCpuStart;
        assertEquals(expected, found, "subscribers (plain + groups) found over all matches");

        final int probe = 12_341; // plain literal "svc.41.user.12341", also matched by 12_340's "svc.41.*.12341"
        final int len = literalFor(probe, subject);
        final MatchResult r = table.match(subject, 0, len);
        assertTrue(contains(r, probe), "literal subscriber found");
        assertTrue(contains(r, 12_340), "wildcard subscriber found");
        assertEquals(2, r.plainCount());

        final long heapAfter = usedHeapAfterGc(memory);
        final long accounted = table.memoryBytes();
        final long measured = heapAfter - heapBefore;
        System.out.printf(
            "scale: %,d subs (%,d nodes, %,d tokens) inserted in %d ms (cpu %d ms), 200k matches in %d ms (cpu %d ms); "
            + "accounted %.1f B/sub, measured heap+off-heap %.1f B/sub%n",
            SUBS, table.nodeCount(), table.internedCount(), insertNs / 1_000_000, insertCpuNs / 1_000_000,
            matchNs / 1_000_000, matchCpuNs / 1_000_000,
            (double)accounted / SUBS, (double)(measured + offHeap(table)) / SUBS);
        assertTrue(accounted / SUBS < 300, "accounted bytes per subscription: " + accounted / SUBS);
        // CPU time, not wall time: the build box is shared, and wall time measures the neighbours.
        assertTrue(insertCpuNs < 5_000_000_000L, "insert cpu time " + insertCpuNs);

        for (int i = 0; i < SUBS; i++)
        {
            table.remove(i);
        }
        assertEquals(0, table.count());
        assertEquals(1, table.nodeCount());
        assertEquals(0, table.internedCount());
    }

    /**
     * Subscription i, with S = i % 100 so services share prefixes: i % 20 == 0 is "svc.S'.*.(i+1)" (matching the
     * subject of subscription i + 1, S' its service), i % 20 == 10 is "svc.S.wI.>", the rest literal "svc.S.user.I".
     */
    private static int subjectFor(final int i, final UnsafeBuffer b)
    {
        if (i % 20 == 0)
        {
            int at = putAscii(b, 0, "svc.");
            at += putInt(b, at, (i + 1) % 100);
            at += putAscii(b, at, ".*.");
            return at + putInt(b, at, i + 1);
        }
        if (i % 20 == 10)
        {
            int at = putAscii(b, 0, "svc.");
            at += putInt(b, at, i % 100);
            at += putAscii(b, at, ".w");
            at += putInt(b, at, i);
            return at + putAscii(b, at, ".>");
        }
        return literalFor(i, b);
    }

    private static int literalFor(final int i, final UnsafeBuffer b)
    {
        int at = putAscii(b, 0, "svc.");
        at += putInt(b, at, i % 100);
        at += putAscii(b, at, ".user.");
        return at + putInt(b, at, i);
    }

    private static int putAscii(final UnsafeBuffer b, final int at, final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            b.putByte(at + i, (byte)s.charAt(i));
        }
        return s.length();
    }

    private static int putInt(final UnsafeBuffer b, final int at, final int value)
    {
        return b.putNaturalIntAscii(at, value);
    }

    private static boolean contains(final MatchResult r, final int subId)
    {
        for (int i = 0; i < r.plainCount(); i++)
        {
            if (r.plain(i) == subId)
            {
                return true;
            }
        }
        return false;
    }

    private static long offHeap(final SubjectTable table)
    {
        return table.offHeapBytes();
    }

    private static long usedHeapAfterGc(final MemoryMXBean memory)
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
