package jnatsd.engine.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Matching must not allocate once warmed up, whether it hits the cache, misses it (evicting) or runs uncached. */
class SubjectTableAllocationTest
{
    private static final int SUBJECTS = 3_000; // more than the cache holds, so the rotation keeps missing

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldNotAllocateWhenMatchingAfterWarmUp(final int cacheCapacity)
    {
        final SubjectTable table = new SubjectTable(cacheCapacity);
        for (int i = 0; i < 2_000; i++)
        {
            TableFixture.add(table, i, "orders." + (i % 100) + ".item" + i);
        }
        TableFixture.add(table, 5_000, "orders.*.>");
        TableFixture.add(table, 5_001, "orders.>", "workers");
        TableFixture.add(table, 5_002, "orders.7.*", "workers");
        TableFixture.add(table, 5_003, "orders.7.*", "auditors");
        TableFixture.add(table, 5_004, ">");

        final UnsafeBuffer[] subjects = new UnsafeBuffer[SUBJECTS];
        final int[] lengths = new int[SUBJECTS];
        for (int i = 0; i < SUBJECTS; i++)
        {
            // A third hit a literal subscription, the rest only wildcards or nothing but '>'.
            final String s = i % 3 == 0 ? "orders." + (i % 100) + ".item" + i : "orders." + (i % 100) + ".x" + i;
            final byte[] b = TableFixture.bytes(s);
            subjects[i] = new UnsafeBuffer(new byte[b.length + 16]);
            subjects[i].putBytes(8, b);
            lengths[i] = b.length;
        }
        final UnsafeBuffer hot = new UnsafeBuffer(TableFixture.bytes("orders.7.item7"));

        long checksum = run(table, subjects, lengths, hot, 200_000);
        final ThreadMXBean threads =
            (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long hitsBefore = table.cacheHits();
        final long before = threads.getThreadAllocatedBytes(thread);
        checksum += run(table, subjects, lengths, hot, 1_000_000);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(checksum > 0);
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes in 1M matches");
        if (cacheCapacity > 0)
        {
            final long hits = table.cacheHits() - hitsBefore;
            assertTrue(hits > 400_000 && hits < 1_000_000, "both hits and misses: " + hits);
        }
        final MatchResult r = table.match(hot, 0, hot.capacity());
        assertEquals(3, r.plainCount(), "item7, orders.*.> and >");
        assertEquals(2, r.groupCount());
    }

    private static long run(
        final SubjectTable table,
        final UnsafeBuffer[] subjects,
        final int[] lengths,
        final UnsafeBuffer hot,
        final int n)
    {
        long sum = 0;
        for (int i = 0; i < n; i++)
        {
            final MatchResult r = (i & 1) == 0 ?
                table.match(hot, 0, hot.capacity()) : table.match(subjects[i % SUBJECTS], 8, lengths[i % SUBJECTS]);
            sum += r.plainCount() + r.groupCount();
            for (int g = 0; g < r.groupCount(); g++)
            {
                sum += r.groupMember(g, i % r.groupSize(g));
            }
        }
        return sum;
    }
}
