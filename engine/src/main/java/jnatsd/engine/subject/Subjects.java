package jnatsd.engine.subject;

import org.agrona.DirectBuffer;

/**
 * Subject and queue-name checks with nats-server 2.9.10's rules ({@code IsValidSubject} and
 * {@code IsValidLiteralSubject} in server/sublist.go). Tokens are separated by '.'; '*' and '>' are wildcards only as
 * whole tokens, so {@code foo*} is an ordinary literal token. Never allocates.
 */
public final class Subjects
{
    private Subjects()
    {
    }

    /**
     * The check nats applies to every SUB: not empty, no empty token, '>' only as the last token, and no whitespace
     * (space, tab, CR, LF, form feed) anywhere.
     */
    public static boolean isValidSubject(final DirectBuffer b, final int off, final int len)
    {
        if (len <= 0)
        {
            return false;
        }
        final int end = off + len;
        boolean sawFullWildcard = false;
        int tokenStart = off;
        for (int i = off; i <= end; i++)
        {
            final byte c = i == end ? (byte)'.' : b.getByte(i);
            if (c == '.')
            {
                final int tokenLength = i - tokenStart;
                if (tokenLength == 0 || sawFullWildcard)
                {
                    return false;
                }
                if (tokenLength == 1 && b.getByte(tokenStart) == '>')
                {
                    sawFullWildcard = true;
                }
                tokenStart = i + 1;
            }
            else if (isWhitespace(c))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The pedantic PUB check: every token non-empty and none of them a lone '*' or '>'. Like nats-server 2.9.10's
     * {@code IsValidLiteralSubject} it does not look for whitespace (the protocol parser has already split on it).
     */
    public static boolean isValidLiteralSubject(final DirectBuffer b, final int off, final int len)
    {
        if (len <= 0)
        {
            return false;
        }
        final int end = off + len;
        int tokenStart = off;
        for (int i = off; i <= end; i++)
        {
            if (i == end || b.getByte(i) == '.')
            {
                final int tokenLength = i - tokenStart;
                if (tokenLength == 0)
                {
                    return false;
                }
                if (tokenLength == 1)
                {
                    final byte c = b.getByte(tokenStart);
                    if (c == '*' || c == '>')
                    {
                        return false;
                    }
                }
                tokenStart = i + 1;
            }
        }
        return true;
    }

    /**
     * A queue name: non-empty without whitespace. nats-server 2.9.10 has no separate queue-name rule (the parser's
     * whitespace split is the only constraint), so any other byte, '.', '*' and '>' included, is accepted.
     */
    public static boolean isValidQueueName(final DirectBuffer b, final int off, final int len)
    {
        if (len <= 0)
        {
            return false;
        }
        for (int i = off, end = off + len; i < end; i++)
        {
            if (isWhitespace(b.getByte(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** True when the subject has a '*' or '>' token; assumes a valid subject (nats' subjectIsLiteral, negated). */
    public static boolean hasWildcard(final DirectBuffer b, final int off, final int len)
    {
        final int end = off + len;
        for (int i = off; i < end; i++)
        {
            final byte c = b.getByte(i);
            if ((c == '*' || c == '>') && (i == off || b.getByte(i - 1) == '.') &&
                (i + 1 == end || b.getByte(i + 1) == '.'))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the space- or tab-separated list buffer[offset, offset+length) contains name: the queue groups a
     * routed message names.
     */
    public static boolean containsQueue(
        final DirectBuffer buffer, final int offset, final int length, final byte[] name)
    {
        final int end = offset + length;
        int i = offset;
        while (i < end)
        {
            while (i < end && isBlank(buffer.getByte(i)))
            {
                i++;
            }
            final int start = i;
            while (i < end && !isBlank(buffer.getByte(i)))
            {
                i++;
            }
            if (i - start == name.length && equalAt(buffer, start, name))
            {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(final byte b)
    {
        return b == ' ' || b == '\t';
    }

    private static boolean equalAt(final DirectBuffer buffer, final int start, final byte[] name)
    {
        for (int k = 0; k < name.length; k++)
        {
            if (buffer.getByte(start + k) != name[k])
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(final byte c)
    {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
