package jnatsd.engine.subject;

import static jnatsd.engine.subject.TableFixture.add;
import static jnatsd.engine.subject.TableFixture.groupsById;
import static jnatsd.engine.subject.TableFixture.match;
import static jnatsd.engine.subject.TableFixture.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every case runs with the cache (nats' default size) and without it, as sublist_test.go does. */
class SubjectTableTest
{
    /** The last-match shortcut must see every change: repeated subjects around SUBs, UNSUBs and evictions. */
    @ParameterizedTest
    @ValueSource(ints = {1024, 2, 0})
    void repeatedSubjectSeesEveryChange(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "foo.bar");
        assertEquals(Set.of(1), plain(match(t, "foo.bar")));
        assertEquals(Set.of(1), plain(match(t, "foo.bar")));
        add(t, 2, "foo.*");
        assertEquals(Set.of(1, 2), plain(match(t, "foo.bar")));
        t.remove(1);
        assertEquals(Set.of(2), plain(match(t, "foo.bar")));
        assertEquals(Set.of(2), plain(match(t, "foo.bar")));
        // Other subjects push the remembered entry out of a tiny cache; its slot then holds another key.
        assertEquals(Set.of(2), plain(match(t, "foo.x")));
        assertEquals(Set.of(2), plain(match(t, "foo.y")));
        assertEquals(Set.of(), plain(match(t, "bar")));
        assertEquals(Set.of(2), plain(match(t, "foo.bar")));
        add(t, 3, ">");
        assertEquals(Set.of(2, 3), plain(match(t, "foo.bar")));
        assertEquals(Set.of(3), plain(match(t, "bar")));
        assertEquals(Set.of(3), plain(match(t, "bar")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldMatchLiteral(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "foo.bar");
        add(t, 2, "foo.baz");
        add(t, 3, "foo");
        assertEquals(Set.of(1), plain(match(t, "foo.bar")));
        assertEquals(Set.of(3), plain(match(t, "foo")));
        assertEquals(Set.of(), plain(match(t, "foo.bar.baz")));
        assertEquals(Set.of(), plain(match(t, "bar")));
        assertEquals(3, t.count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldMatchPartialWildcard(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "foo.*");
        add(t, 2, "*.bar");
        add(t, 3, "*.*");
        add(t, 4, "*");
        add(t, 5, "foo.*.baz");
        assertEquals(Set.of(1, 2, 3), plain(match(t, "foo.bar")));
        assertEquals(Set.of(1, 3), plain(match(t, "foo.qux")));
        assertEquals(Set.of(4), plain(match(t, "foo")));
        assertEquals(Set.of(5), plain(match(t, "foo.x.baz")));
        assertEquals(Set.of(), plain(match(t, "foo.x.y")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldMatchFullWildcardOnlyWithAtLeastOneToken(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "foo.>");
        add(t, 2, ">");
        add(t, 3, "foo.*.>");
        assertEquals(Set.of(2), plain(match(t, "foo")), "foo.> must not match foo");
        assertEquals(Set.of(1, 2), plain(match(t, "foo.bar")));
        assertEquals(Set.of(1, 2, 3), plain(match(t, "foo.bar.baz")));
        assertEquals(Set.of(1, 2, 3), plain(match(t, "foo.a.b.c.d")));
        assertEquals(Set.of(2), plain(match(t, "x")));
        assertEquals(Set.of(2), plain(match(t, "x.y.z")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldMatchMixed(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "a.b.c");
        add(t, 2, "a.*.c");
        add(t, 3, "a.>");
        add(t, 4, "*.b.>");
        add(t, 5, "*.*.*");
        add(t, 6, "a.b");
        assertEquals(Set.of(1, 2, 3, 4, 5), plain(match(t, "a.b.c")));
        assertEquals(Set.of(3, 6), plain(match(t, "a.b")));
        assertEquals(Set.of(2, 3, 5), plain(match(t, "a.x.c")));
        assertEquals(Set.of(4, 5), plain(match(t, "z.b.c")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldTreatWildcardsInPublishSubjectsLiterallyAndEmptyTokensAsNoMatch(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "foo.*");
        add(t, 2, "foo.bar");
        add(t, 3, ">");
        // Non-pedantic PUB foo.* is matched as a literal: only wildcard subscriptions see it (nats 2.9.10, live).
        assertEquals(Set.of(1, 3), plain(match(t, "foo.*")));
        assertEquals(Set.of(1, 3), plain(match(t, "foo.>")), "* matches a literal > token");
        assertEquals(Set.of(3), plain(match(t, "foo.>.x")));
        for (final String bad : List.of("foo..bar", ".foo", "foo.", "", "."))
        {
            assertTrue(match(t, bad).isEmpty(), bad);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldSeparateQueueGroupsByName(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "orders.new", "workers");
        add(t, 2, "orders.*", "workers");
        add(t, 3, "orders.new", "auditors");
        add(t, 4, "orders.>");
        add(t, 5, "orders.>", "auditors");
        final MatchResult r = match(t, "orders.new");
        assertEquals(Set.of(4), plain(r));
        final Map<Integer, Set<Integer>> groups = groupsById(r);
        assertEquals(2, groups.size());
        assertTrue(groups.containsValue(Set.of(1, 2)));
        assertTrue(groups.containsValue(Set.of(3, 5)));
        final MatchResult other = match(t, "orders.old");
        assertEquals(Set.of(4), plain(other));
        assertEquals(2, other.groupCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldKeepQueueIdStableAndDropGroupWithLastMember(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 1, "a", "q1");
        add(t, 2, "a", "q1");
        add(t, 3, "*", "q2");
        final int q1 = queueIdOf(match(t, "a"), 1);
        final int q2 = queueIdOf(match(t, "a"), 3);
        assertNotEquals(q1, q2);
        add(t, 4, ">", "q1");
        assertEquals(q1, queueIdOf(match(t, "a"), 4), "same name, same id across nodes");
        t.remove(1);
        t.remove(2);
        assertEquals(q1, queueIdOf(match(t, "a"), 4));
        t.remove(4);
        final MatchResult r = match(t, "a");
        assertEquals(1, r.groupCount(), "q1 dropped with its last member");
        assertEquals(q2, r.groupQueueId(0));
        t.remove(3);
        assertTrue(match(t, "a").isEmpty());
        assertEquals(0, t.count());
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldRemoveAndPrune(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        final int nodesBefore = t.nodeCount();
        add(t, 1, "a.b.c");
        add(t, 2, "a.*.c");
        add(t, 3, "a.>");
        add(t, 4, "a.b.c", "q");
        t.remove(99);
        assertEquals(4, t.count());
        t.remove(1);
        assertEquals(Set.of(2, 3), plain(match(t, "a.b.c")));
        t.remove(2);
        t.remove(3);
        assertEquals(Set.of(), plain(match(t, "a.b.c")));
        assertEquals(1, match(t, "a.b.c").groupCount());
        t.remove(4);
        t.remove(4);
        assertTrue(match(t, "a.b.c").isEmpty());
        assertEquals(0, t.count());
        assertEquals(nodesBefore, t.nodeCount(), "all nodes pruned");
        assertEquals(0, t.internedCount(), "all tokens and queue names released");
        assertEquals(4, t.inserts());
        assertEquals(4, t.removes());
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldReplaceALiveSubId(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        add(t, 7, "x");
        add(t, 7, "y");
        assertEquals(1, t.count());
        assertTrue(match(t, "x").isEmpty());
        assertEquals(Set.of(7), plain(match(t, "y")));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 0})
    void shouldReuseRecycledIdsWithoutCrosstalk(final int cache)
    {
        final SubjectTable t = new SubjectTable(cache);
        for (int round = 0; round < 50; round++)
        {
            add(t, 1, "r" + round + ".x");
            add(t, 2, "r" + round + ".*", "g" + (round % 3));
            assertEquals(Set.of(1), plain(match(t, "r" + round + ".x")));
            assertEquals(1, match(t, "r" + round + ".x").groupCount());
            assertTrue(match(t, "r" + (round + 1) + ".x").isEmpty());
            t.remove(1);
            t.remove(2);
        }
        assertEquals(0, t.internedCount());
    }

    @Test
    void shouldInvalidateCacheOnWildcardAdd()
    {
        final SubjectTable t = new SubjectTable(1024);
        add(t, 1, "foo.bar");
        assertEquals(Set.of(1), plain(match(t, "foo.bar")));
        assertEquals(Set.of(1), plain(match(t, "foo.bar")));
        assertEquals(1, t.cacheHits());
        add(t, 2, "foo.*");
        assertEquals(Set.of(1, 2), plain(match(t, "foo.bar")));
        add(t, 3, ">", "q");
        assertEquals(1, match(t, "foo.bar").groupCount());
        add(t, 4, "foo.bar");
        assertEquals(Set.of(1, 2, 4), plain(match(t, "foo.bar")));
        t.remove(2);
        assertEquals(Set.of(1, 4), plain(match(t, "foo.bar")));
        t.remove(3);
        assertEquals(0, match(t, "foo.bar").groupCount());
        t.remove(1);
        assertEquals(Set.of(4), plain(match(t, "foo.bar")));
    }

    @Test
    void shouldEvictOnlyAffectedEntries()
    {
        final SubjectTable t = new SubjectTable(1024);
        add(t, 1, "a.b");
        match(t, "a.b");
        match(t, "a.c");
        match(t, "x.y");
        match(t, "a");
        assertEquals(4, t.cacheEntries());
        add(t, 2, "a.*");
        assertEquals(2, t.cacheEntries(), "a.b and a.c evicted, x.y and a kept");
        add(t, 3, "x.y");
        assertEquals(1, t.cacheEntries(), "literal add evicts exactly its subject");
        add(t, 4, "q.>");
        assertEquals(1, t.cacheEntries());
        final long hits = t.cacheHits();
        assertTrue(match(t, "a").isEmpty());
        assertEquals(hits + 1, t.cacheHits());
        t.remove(3);
        t.remove(1);
        assertEquals(1, t.cacheEntries());
    }

    @Test
    void shouldBoundCacheAndSweepInSteps()
    {
        final int capacity = 128;
        final SubjectTable t = new SubjectTable(capacity);
        add(t, 1, "s.*");
        long maxSeen = 0;
        for (int i = 0; i < 5_000; i++)
        {
            final String s = "s." + i;
            assertEquals(Set.of(1), plain(match(t, s)), s);
            maxSeen = Math.max(maxSeen, t.cacheEntries());
        }
        assertTrue(maxSeen <= capacity, "cache never exceeds its capacity: " + maxSeen);
        assertTrue(t.cacheEntries() >= capacity / 2, "sweeps stop at half: " + t.cacheEntries());
        assertEquals(5_000, t.matches());
        // A hot subject survives the sweeps (second chance).
        for (int i = 0; i < 2_000; i++)
        {
            match(t, "s.hot");
            match(t, "s.cold" + i);
        }
        final long hits = t.cacheHits();
        match(t, "s.hot");
        assertEquals(hits + 1, t.cacheHits());
    }

    @Test
    void shouldReturnSameCachedResultOnHit()
    {
        final SubjectTable t = new SubjectTable(16);
        add(t, 1, "a");
        final MatchResult first = match(t, "a");
        assertSame(first, match(t, "a"));
    }

    @Test
    void shouldHandleLongAndManyTokenSubjects()
    {
        final SubjectTable t = new SubjectTable(64);
        final StringBuilder sb = new StringBuilder("t0");
        for (int i = 1; i < 100; i++)
        {
            sb.append(".t").append(i).append("-with-a-rather-long-token-body");
        }
        final String subject = sb.toString();
        add(t, 1, subject);
        add(t, 2, "t0.>");
        add(t, 3, subject.substring(0, subject.lastIndexOf('.')) + ".*");
        assertEquals(Set.of(1, 2, 3), plain(match(t, subject)));
        assertEquals(Set.of(1, 2, 3), plain(match(t, subject)));
    }

    private static int queueIdOf(final MatchResult r, final int member)
    {
        for (int g = 0; g < r.groupCount(); g++)
        {
            for (int i = 0; i < r.groupSize(g); i++)
            {
                if (r.groupMember(g, i) == member)
                {
                    return r.groupQueueId(g);
                }
            }
        }
        throw new AssertionError("member not found " + member);
    }
}
