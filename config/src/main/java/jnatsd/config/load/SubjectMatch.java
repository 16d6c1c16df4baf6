package jnatsd.config.load;

/** Subject relations for exports and imports (nats-server's isSubsetMatch). */
final class SubjectMatch
{
    private SubjectMatch()
    {
    }

    /** Whether every subject {@code subject} matches is also matched by {@code test} (subject ⊆ test). */
    static boolean isSubset(final String subject, final String test)
    {
        final String[] a = subject.split("\\.", -1);
        final String[] b = test.split("\\.", -1);
        for (int i = 0; i < b.length; i++)
        {
            if (i >= a.length)
            {
                return false;
            }
            final String t = b[i];
            if (t.equals(">"))
            {
                return true;
            }
            final String s = a[i];
            if (t.equals("*"))
            {
                if (s.equals(">"))
                {
                    return false;
                }
                continue;
            }
            if (!t.equals(s))
            {
                return false;
            }
        }
        return a.length == b.length;
    }

    /** Whether some literal subject matches both (nats-server's SubjectsCollide). */
    static boolean collide(final String a, final String b)
    {
        final String[] x = a.split("\\.", -1);
        final String[] y = b.split("\\.", -1);
        for (int i = 0; i < x.length && i < y.length; i++)
        {
            if (x[i].equals(">") || y[i].equals(">"))
            {
                return true;
            }
            if (!x[i].equals("*") && !y[i].equals("*") && !x[i].equals(y[i]))
            {
                return false;
            }
        }
        return x.length == y.length;
    }
}
