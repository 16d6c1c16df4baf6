package jnatsd.engine.status;

/** Go's formatting where nats-server's texts use it, so ours read the same. */
public final class GoStrings
{
    private GoStrings()
    {
    }

    /** Go's %q: quotes and backslashes escaped, control bytes as \xNN (as in permission and cluster errors). */
    public static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x7f)
            {
                sb.append(String.format("\\x%02x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
