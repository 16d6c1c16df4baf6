package jnatsd.server.monitor;

/**
 * Subject checks for monitoring queries, on strings (the engine's own versions work on wire buffers): is a
 * publish subject valid, and does a subscription subject (with * and >) match it.
 */
final class SubjectMatch
{
    private SubjectMatch()
    {
    }

    /** nats' IsValidLiteralSubject: non-empty tokens, no wildcard tokens, no whitespace. */
    static boolean isValidLiteral(final String subject)
    {
        if (subject.isEmpty())
        {
            return false;
        }
        final String[] tokens = subject.split("\\.", -1);
        for (final String t : tokens)
        {
            if (t.isEmpty() || "*".equals(t) || ">".equals(t))
            {
                return false;
            }
            for (int i = 0; i < t.length(); i++)
            {
                if (Character.isWhitespace(t.charAt(i)))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /** nats' matchLiteral: does subscription {@code pattern} receive messages published to {@code literal}. */
    static boolean matches(final String literal, final String pattern)
    {
        final String[] lit = literal.split("\\.", -1);
        final String[] pat = pattern.split("\\.", -1);
        for (int i = 0; i < pat.length; i++)
        {
            if (">".equals(pat[i]))
            {
                return i < lit.length;
            }
            if (i >= lit.length || (!"*".equals(pat[i]) && !pat[i].equals(lit[i])))
            {
                return false;
            }
        }
        return pat.length == lit.length;
    }
}
