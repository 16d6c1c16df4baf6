package jnatsd.engine.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random insert/remove/match sequences against a naive matcher (a map of live subscriptions and token-by-token
 * wildcard matching), with and without the cache. Small alphabets make collisions, shared prefixes, wildcard overlap
 * and queue-name sharing likely.
 */
class SubjectTablePropertyTest
{
    private static final String[] TOKENS = {"a", "b", "c", "foo", "barbazqux-long-token", "*x", "q"};
    private static final String[] QUEUES = {"g1", "g2", "a", "q.1"};

    record Op(int kind, int subId, String subject, String queue)
    {
    }

    record Sub(String subject, String queue)
    {
    }

    @Property(tries = 300)
    void shouldAgreeWithNaiveMatcher(
        @ForAll("ops") final List<Op> ops, @ForAll @IntRange(min = 0, max = 2) final int cacheChoice)
    {
        final int cacheCapacity = cacheChoice == 0 ? 0 : cacheChoice == 1 ? 4 : 1024;
        final SubjectTable table = new SubjectTable(cacheCapacity);
        final Map<Integer, Sub> live = new LinkedHashMap<>();
        for (final Op op : ops)
        {
            switch (op.kind())
            {
                case 0 ->
                {
                    TableFixture.add(table, op.subId(), op.subject(), op.queue());
                    live.put(op.subId(), new Sub(op.subject(), op.queue()));
                }
                case 1 ->
                {
                    table.remove(op.subId());
                    live.remove(op.subId());
                }
                default -> check(table, live, op.subject());
            }
            assertEquals(live.size(), table.count());
        }
        // Finally every subject of the alphabet up to three tokens, twice (the second round from the cache).
        for (int round = 0; round < 2; round++)
        {
            for (final String s : allLiterals(3))
            {
                check(table, live, s);
            }
        }
        for (final Integer id : new ArrayList<>(live.keySet()))
        {
            table.remove(id);
        }
        assertEquals(0, table.count());
        assertEquals(1, table.nodeCount(), "everything pruned");
        assertEquals(0, table.internedCount(), "every token released");
    }

    private static void check(final SubjectTable table, final Map<Integer, Sub> live, final String subject)
    {
        final MatchResult r = TableFixture.match(table, subject);
        final Set<Integer> expectedPlain = new TreeSet<>();
        final Map<String, Set<Integer>> expectedGroups = new HashMap<>();
        for (final Map.Entry<Integer, Sub> e : live.entrySet())
        {
            if (naiveMatch(e.getValue().subject(), subject))
            {
                if (e.getValue().queue() == null)
                {
                    expectedPlain.add(e.getKey());
                }
                else
                {
                    expectedGroups.computeIfAbsent(e.getValue().queue(), q -> new TreeSet<>()).add(e.getKey());
                }
            }
        }
        assertEquals(expectedPlain, TableFixture.plain(r), subject);
        // Map each actual group to its queue name through any member, and check ids are one per name.
        final Map<Integer, Set<Integer>> actual = TableFixture.groupsById(r);
        final Map<String, Set<Integer>> actualByName = new HashMap<>();
        for (final Set<Integer> members : actual.values())
        {
            final String name = live.get(members.iterator().next()).queue();
            for (final int m : members)
            {
                assertEquals(name, live.get(m).queue(), "group mixes queue names");
            }
            actualByName.put(name, members);
        }
        assertEquals(expectedGroups, actualByName, subject);
    }

    /** Token-by-token reference: '*' one token, '>' one or more, everything else byte-equal. */
    static boolean naiveMatch(final String pattern, final String subject)
    {
        final String[] p = pattern.split("\\.", -1);
        final String[] s = subject.split("\\.", -1);
        for (final String t : s)
        {
            if (t.isEmpty())
            {
                return false;
            }
        }
        for (int i = 0; i < p.length; i++)
        {
            if (p[i].equals(">"))
            {
                return s.length > i;
            }
            if (i >= s.length || (!p[i].equals("*") && !p[i].equals(s[i])))
            {
                return false;
            }
        }
        return p.length == s.length;
    }

    private static List<String> allLiterals(final int maxTokens)
    {
        final List<String> out = new ArrayList<>();
        List<String> level = List.of("");
        for (int n = 1; n <= maxTokens; n++)
        {
            final List<String> next = new ArrayList<>();
            for (final String prefix : level)
            {
                for (final String t : TOKENS)
                {
                    next.add(prefix.isEmpty() ? t : prefix + "." + t);
                }
            }
            out.addAll(next);
            level = next;
        }
        return out;
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        final Arbitrary<String> literalToken = Arbitraries.of(TOKENS);
        final Arbitrary<String> subToken = Arbitraries.frequencyOf(
            Tuple.of(6, literalToken), Tuple.of(2, Arbitraries.just("*")));
        final Arbitrary<String> subSubject = Combinators.combine(
            subToken.list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 3))
            .as((toks, fwc) ->
            {
                final List<String> t = new ArrayList<>(toks);
                if (fwc == 0)
                {
                    t.set(t.size() - 1, ">");
                }
                return String.join(".", t);
            });
        final Arbitrary<String> pubSubject = Arbitraries.frequencyOf(
            Tuple.of(10, literalToken.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l))),
            Tuple.of(1, Arbitraries.of("a..b", ".a", "a.", "a.*", "a.>", "*", ">")));
        final Arbitrary<String> queue = Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.just((String)null)), Tuple.of(2, Arbitraries.of(QUEUES)));
        final Arbitrary<Integer> subId = Arbitraries.integers().between(0, 40);
        final Arbitrary<Op> add = Combinators.combine(subId, subSubject, queue).as((id, s, q) -> new Op(0, id, s, q));
        final Arbitrary<Op> remove = subId.map(id -> new Op(1, id, null, null));
        final Arbitrary<Op> match = pubSubject.map(s -> new Op(2, 0, s, null));
        return Arbitraries.frequencyOf(
            Tuple.of(4, add), Tuple.of(2, remove), Tuple.of(5, match))
            .list().ofMinSize(1).ofMaxSize(150);
    }
}
