package jnatsd.engine.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The reply tracker of allow_responses: counts, expiry, redelivery, its bound, and no allocation once warm. */
class ReplyPermitsTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAllowEachDeliveredReplyMaxTimes()
    {
        final ReplyPermits p = new ReplyPermits(2, 0);
        assertFalse(allows(p, "_INBOX.a", 0), "nothing was delivered yet");
        delivered(p, "_INBOX.a", 0);
        delivered(p, "_INBOX.b", 0);
        assertTrue(allows(p, "_INBOX.a", 1));
        assertTrue(allows(p, "_INBOX.a", 2));
        assertFalse(allows(p, "_INBOX.a", 3), "the third answer is beyond max 2");
        assertFalse(allows(p, "_INBOX.a", 4), "and stays refused");
        assertFalse(allows(p, "_INBOX.c", 4), "never delivered");
        assertTrue(allows(p, "_INBOX.b", 5), "each reply counts on its own");
        assertEquals(1, p.live());
    }

    @Test
    void shouldRefuseAnExpiredReplyAndAllowOneJustInTime()
    {
        final ReplyPermits p = new ReplyPermits(5, SECOND);
        delivered(p, "r.1", 100);
        delivered(p, "r.2", 100);
        assertTrue(allows(p, "r.1", 100 + SECOND), "at exactly the expiry it is still allowed, as nats-server");
        assertFalse(allows(p, "r.2", 101 + SECOND), "past the expiry it is refused");
        assertFalse(allows(p, "r.1", 101 + SECOND));
    }

    @Test
    void shouldTreatNegativeMaxAsUnlimitedAndNonPositiveTtlAsNoExpiry()
    {
        final ReplyPermits p = new ReplyPermits(-1, -1);
        delivered(p, "r", 0);
        for (int i = 0; i < 1_000; i++)
        {
            assertTrue(allows(p, "r", i * 1_000 * SECOND));
        }
    }

    @Test
    void shouldStartAfreshWhenTheSameReplyIsDeliveredAgain()
    {
        final ReplyPermits p = new ReplyPermits(1, 10 * SECOND);
        delivered(p, "r", 0);
        assertTrue(allows(p, "r", 1));
        assertFalse(allows(p, "r", 2));
        delivered(p, "r", 5 * SECOND);
        delivered(p, "r", 8 * SECOND);
        assertEquals(1, p.live(), "one entry per reply subject");
        assertTrue(allows(p, "r", 17 * SECOND), "the expiry runs from the last delivery");
    }

    @Test
    void shouldForgetTheOldestBeyondTheBound()
    {
        final ReplyPermits p = new ReplyPermits(1, 0);
        final int n = ReplyPermits.MAX_ENTRIES + 10;
        for (int i = 0; i < n; i++)
        {
            delivered(p, "_INBOX.x." + i, i);
        }
        assertEquals(ReplyPermits.MAX_ENTRIES, p.live());
        for (int i = 0; i < 10; i++)
        {
            assertFalse(allows(p, "_INBOX.x." + i, n), "the oldest ten were forgotten: " + i);
        }
        for (int i = 10; i < n; i++)
        {
            assertTrue(allows(p, "_INBOX.x." + i, n), "kept: " + i);
        }
        assertEquals(0, p.live());
    }

    /** Random deliveries and answers against a plain map model of nats-server's c.replies. */
    @Test
    void shouldAgreeWithAMapModel()
    {
        final Random random = new Random(42);
        final ReplyPermits p = new ReplyPermits(3, 50);
        final Map<String, long[]> model = new HashMap<>();
        long now = 0;
        for (int step = 0; step < 200_000; step++)
        {
            now += random.nextInt(3);
            final String reply = "_INBOX." + random.nextInt(400);
            if (random.nextInt(3) == 0)
            {
                delivered(p, reply, now);
                model.put(reply, new long[] {now, 0});
            }
            else
            {
                final long[] m = model.get(reply);
                boolean expected = false;
                if (m != null)
                {
                    m[1]++;
                    if (m[1] > 3 || now - m[0] > 50)
                    {
                        model.remove(reply);
                    }
                    else
                    {
                        expected = true;
                    }
                }
                assertEquals(expected, allows(p, reply, now), "step " + step + " " + reply);
            }
        }
    }

    @Test
    void shouldNotAllocateOnceWarm()
    {
        final ReplyPermits p = new ReplyPermits(1, 1_000);
        final UnsafeBuffer[] replies = new UnsafeBuffer[512];
        for (int i = 0; i < replies.length; i++)
        {
            replies[i] = new UnsafeBuffer(("_INBOX.abcdefghijklmnopqrstuv." + i).getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(99_700, cycle(p, replies, 0, 100_000));
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(thread);
        final long answered = cycle(p, replies, 100_000, 1_000_000);
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertEquals(1_000_000, answered, "every request answered once");
        assertTrue(allocated < 16 * 1024, "allocated " + allocated + " bytes in 1M request/replies");
    }

    /** Each request is answered 300 requests later, once; a second answer is refused. Returns the answers. */
    private static long cycle(final ReplyPermits p, final UnsafeBuffer[] replies, final int from, final int n)
    {
        long ok = 0;
        for (int i = from; i < from + n; i++)
        {
            final UnsafeBuffer d = replies[i % replies.length];
            p.delivered(d, 0, d.capacity(), i);
            if (i >= 300)
            {
                final UnsafeBuffer a = replies[(i - 300) % replies.length];
                ok += p.allows(a, 0, a.capacity(), i) ? 1 : 0;
                ok -= p.allows(a, 0, a.capacity(), i) ? 1 : 0;
            }
        }
        return ok;
    }

    private static void delivered(final ReplyPermits p, final String reply, final long nowNs)
    {
        final UnsafeBuffer b = framed(reply);
        p.delivered(b, 3, reply.length(), nowNs);
    }

    private static boolean allows(final ReplyPermits p, final String reply, final long nowNs)
    {
        final UnsafeBuffer b = framed(reply);
        return p.allows(b, 3, reply.length(), nowNs);
    }

    /** The subject at offset 3 of a larger buffer, as it sits in a read buffer. */
    private static UnsafeBuffer framed(final String reply)
    {
        return new UnsafeBuffer(("PUB" + reply + " 5\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
