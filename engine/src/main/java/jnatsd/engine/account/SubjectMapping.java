package jnatsd.engine.account;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A stream import's subject mapping between the exporter's subjects ({@code from}) and the importer's ({@code to}),
 * by position of wildcards: the n-th wildcard of one side stands for the n-th of the other, as nats-server's
 * transforms built from an import do ({@code "a.>"} to {@code "p.a.>"} for a prefix). Immutable.
 */
public final class SubjectMapping
{
    private final String[] from;
    private final String[] to;
    private final boolean identity;
    private final boolean literalFrom;

    public SubjectMapping(final String from, final String to)
    {
        final String target = to.isEmpty() ? from : to;
        this.from = from.split("\\.", -1);
        this.to = target.split("\\.", -1);
        this.identity = from.equals(target);
        this.literalFrom = !hasWildcard(this.from);
    }

    /** The importer's subject of an exporter's literal subject (one that matches from). */
    public String toImporter(final String subject)
    {
        if (identity)
        {
            return subject;
        }
        if (literalFrom)
        {
            return String.join(".", to);
        }
        return substitute(capture(subject.split("\\.", -1), from), to);
    }

    /**
     * The exporter's subject to subscribe to for an importer's subscription, or null when they do not meet: the
     * import's from when the subscription equals or covers to, else the subscription mapped back (it lies in to).
     */
    public String shadowOf(final String subscription)
    {
        final String[] s = subscription.split("\\.", -1);
        final String fromText = String.join(".", from);
        if (isSubset(to, s))
        {
            return fromText;
        }
        final String[] within = isSubset(s, to) ? s : narrowed(s);
        if (within == null)
        {
            return null;
        }
        if (identity)
        {
            return String.join(".", within);
        }
        return literalFrom ? fromText : substitute(capture(within, to), from);
    }

    /**
     * Where a subscription and to overlap without either covering the other ("a.*.c" and "a.b.>"), the part of it
     * inside to (its wildcards narrowed by to's tokens, as nats-server's overlap case); null when they are disjoint.
     */
    private String[] narrowed(final String[] s)
    {
        final List<String> out = new ArrayList<>(Arrays.asList(s));
        for (int i = 0; i < out.size() && i < to.length; i++)
        {
            if (out.get(i).equals("*") && !to[i].equals(">"))
            {
                out.set(i, to[i]);
            }
        }
        final int last = out.size() - 1;
        if (out.get(last).equals(">") && to.length >= out.size())
        {
            out.set(last, to[last]);
            out.addAll(Arrays.asList(to).subList(out.size(), to.length));
        }
        final String[] n = out.toArray(new String[0]);
        return isSubset(n, to) ? n : null;
    }

    /** The tokens of subject (which lies in pattern) that pattern's wildcards stand for, in order. */
    private static List<String> capture(final String[] subject, final String[] pattern)
    {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < pattern.length && i < subject.length; i++)
        {
            if (pattern[i].equals("*"))
            {
                out.add(subject[i]);
            }
            else if (pattern[i].equals(">"))
            {
                out.add(String.join(".", Arrays.copyOfRange(subject, i, subject.length)));
                break;
            }
        }
        return out;
    }

    private static String substitute(final List<String> captured, final String[] pattern)
    {
        final StringBuilder sb = new StringBuilder();
        int next = 0;
        for (int i = 0; i < pattern.length; i++)
        {
            if (i > 0)
            {
                sb.append('.');
            }
            final String t = pattern[i];
            final boolean wild = t.equals("*") || t.equals(">");
            sb.append(wild && next < captured.size() ? captured.get(next++) : t);
        }
        return sb.toString();
    }

    /** Whether every subject a matches is matched by b. */
    static boolean isSubset(final String[] a, final String[] b)
    {
        for (int i = 0; i < b.length; i++)
        {
            if (b[i].equals(">"))
            {
                return i < a.length;
            }
            if (i >= a.length || a[i].equals(">"))
            {
                return false;
            }
            if (!b[i].equals("*") && (a[i].equals("*") || !a[i].equals(b[i])))
            {
                return false;
            }
        }
        return a.length == b.length;
    }

    private static boolean hasWildcard(final String[] tokens)
    {
        for (final String t : tokens)
        {
            if (t.equals("*") || t.equals(">"))
            {
                return true;
            }
        }
        return false;
    }
}
