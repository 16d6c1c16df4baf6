package jnatsd.perf.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code SubjectTable.match} of one literal publish subject. Score: ns per match.
 * <p>
 * The table holds {@code subscriptions} subscriptions numbered i: literal {@code svc.<i/100>.user.<i>}, or, for
 * {@code wildcardPercent} of them, {@code svc.<i/100>.*.<i>} and {@code svc.<i/100>.w<i>.>} in turn. Published
 * subjects are {@code svc.<i/100>.user.<i>} for random i, so a literal finds itself, a {@code *} subscription is found
 * through its wildcard and a {@code >} one leaves an empty result.
 * <ul>
 * <li>{@code hit}: cache of 4096 (the engine's), 256 hot subjects: every match is a cache hit.</li>
 * <li>{@code miss}: no cache: every match tokenises the subject and walks the trie (subjects over the whole set, so at
 * 1 M subscriptions the walk also misses the CPU caches).</li>
 * <li>{@code cold}: cache of 4096, subjects over the whole set: a miss plus the cache insert and its sweep when the
 * set is larger than the cache (at 10 subscriptions these are hits).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms1g", "-Xmx1g",
    "-Dagrona.disable.bounds.checks=true"})
public class SubjectTableBenchmark
{
    private static final int SUBJECTS = 1 << 16;
    private static final int HOT = 256;
    private static final int MAX_SUBJECT = 40;

    @Param({"10", "10000", "1000000"})
    public int subscriptions;

    @Param({"0", "10"})
    public int wildcardPercent;

    @Param({"hit", "miss", "cold"})
    public String cache;

    private SubjectTable table;
    private UnsafeBuffer subjects;
    private int mask;
    private int next;

    @Setup
    public void setUp()
    {
        table = new SubjectTable("miss".equals(cache) ? 0 : 4096);
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[MAX_SUBJECT]);
        final int wildcardEvery = wildcardPercent == 0 ? Integer.MAX_VALUE : 100 / wildcardPercent;
        for (int i = 0; i < subscriptions; i++)
        {
            final int length;
            if (i % wildcardEvery == wildcardEvery - 1)
            {
                length = (i / wildcardEvery) % 2 == 0 ? subject(scratch, i, "*", null) : subject(scratch, i, "w", ">");
            }
            else
            {
                length = subject(scratch, i, "user", null);
            }
            table.add(i, scratch, 0, length, scratch, 0, 0);
        }

        final int distinct = "hit".equals(cache) ? Math.min(HOT, subscriptions) : subscriptions;
        final SplittableRandom random = new SplittableRandom(42);
        subjects = new UnsafeBuffer(new byte[SUBJECTS * MAX_SUBJECT]);
        for (int k = 0; k < SUBJECTS; k++)
        {
            final int i = random.nextInt(distinct);
            final int length = subject(scratch, i, "user", null);
            subjects.putBytes(k * MAX_SUBJECT, scratch, 0, length);
            subjects.putByte(k * MAX_SUBJECT + MAX_SUBJECT - 1, (byte)length);
        }
        mask = SUBJECTS - 1;
        for (int k = 0; k < SUBJECTS; k++)
        {
            match();
        }
    }

    @Benchmark
    public int match()
    {
        final int offset = (next++ & mask) * MAX_SUBJECT;
        final MatchResult result = table.match(subjects, offset, subjects.getByte(offset + MAX_SUBJECT - 1));
        return result.plainCount() + result.groupCount();
    }

    /** {@code svc.<i/100>.<middle>.<i>}, or with {@code middle + i} and a last token when {@code last} is given. */
    private static int subject(final UnsafeBuffer b, final int i, final String middle, final String last)
    {
        int p = b.putStringWithoutLengthAscii(0, "svc.");
        p += b.putNaturalIntAscii(p, i / 100);
        b.putByte(p++, (byte)'.');
        p += b.putStringWithoutLengthAscii(p, middle);
        if (last == null)
        {
            b.putByte(p++, (byte)'.');
            p += b.putNaturalIntAscii(p, i);
        }
        else
        {
            p += b.putNaturalIntAscii(p, i);
            b.putByte(p++, (byte)'.');
            p += b.putStringWithoutLengthAscii(p, last);
        }
        return p;
    }
}
