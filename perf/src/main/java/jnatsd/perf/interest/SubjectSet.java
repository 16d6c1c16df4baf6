package jnatsd.perf.interest;

/**
 * The subscriptions of a many-subjects run and the subjects published into them, deterministic so the expected
 * number of deliveries of every message is known.
 * <pre>
 *   L = total - W literal subscriptions i in [0, L):   bench.A.B.C   with A = i/10000, B = (i/100)%100, C = i%100
 *   W = total * wildcardPercent / 100 wildcards:
 *     j in [0, W/2):   bench.(j/100).(j%100).*     matches the literals with i/100 == j
 *     k in [0, W-W/2): bench.k.>                    matches the literals with i/10000 == k
 * </pre>
 * Publishers send to literal subjects only ({@code bench.A.B.C} for a random i in [0, L)), so a message is delivered
 * to its literal subscriber plus at most one {@code *} and one {@code >} subscription. The wildcard subscriptions are
 * distinct subjects; those whose prefix no literal uses get no traffic but still occupy the table.
 */
public final class SubjectSet
{
    private static final byte[] PREFIX = {'b', 'e', 'n', 'c', 'h', '.'};
    /** Longest subject: "bench." + three numbers of at most 10 digits, dots and a wildcard. */
    public static final int MAX_SUBJECT_BYTES = 48;

    private final int total;
    private final int literals;
    private final int stars;
    private final int tails;

    public SubjectSet(final int total, final int wildcardPercent)
    {
        if (total < 1 || wildcardPercent < 0 || wildcardPercent > 90)
        {
            throw new IllegalArgumentException("total " + total + ", wildcard percent " + wildcardPercent);
        }
        this.total = total;
        final int wildcards = (int)((long)total * wildcardPercent / 100);
        this.literals = total - wildcards;
        this.stars = wildcards / 2;
        this.tails = wildcards - stars;
    }

    public int total()
    {
        return total;
    }

    public int literals()
    {
        return literals;
    }

    public int wildcards()
    {
        return stars + tails;
    }

    /** Writes subscription {@code index}'s subject (literals first, then '*' ones, then '>' ones); returns its end. */
    public int subscriptionSubject(final int index, final byte[] out, final int offset)
    {
        if (index < literals)
        {
            return literalSubject(index, out, offset);
        }
        int p = put(PREFIX, out, offset);
        if (index < literals + stars)
        {
            final int j = index - literals;
            p = putInt(j / 100, out, p);
            out[p++] = '.';
            p = putInt(j % 100, out, p);
            out[p++] = '.';
            out[p++] = '*';
        }
        else
        {
            p = putInt(index - literals - stars, out, p);
            out[p++] = '.';
            out[p++] = '>';
        }
        return p;
    }

    /** Writes the subject published for literal {@code i} (0 <= i < literals); returns its end. */
    public int literalSubject(final int i, final byte[] out, final int offset)
    {
        int p = put(PREFIX, out, offset);
        p = putInt(i / 10_000, out, p);
        out[p++] = '.';
        p = putInt((i / 100) % 100, out, p);
        out[p++] = '.';
        return putInt(i % 100, out, p);
    }

    /** Subscriptions that receive a message published to literal {@code i}'s subject. */
    public int deliveriesOf(final int i)
    {
        return 1 + (i / 100 < stars ? 1 : 0) + (i / 10_000 < tails ? 1 : 0);
    }

    private static int put(final byte[] bytes, final byte[] out, final int offset)
    {
        System.arraycopy(bytes, 0, out, offset, bytes.length);
        return offset + bytes.length;
    }

    static int putInt(final int value, final byte[] out, final int offset)
    {
        if (value == 0)
        {
            out[offset] = '0';
            return offset + 1;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10)
        {
            digits++;
        }
        int p = offset + digits;
        for (int v = value; v > 0; v /= 10)
        {
            out[--p] = (byte)('0' + v % 10);
        }
        return offset + digits;
    }
}
