package jnatsd.perf.client;

/** Hand-written ASCII decimal encoding and parsing for protocol lines; no allocation. */
final class AsciiNumbers
{
    private static final int MAX_DIGITS = 9;

    private AsciiNumbers()
    {
    }

    /** Writes {@code value} (at least 0) at {@code offset}; returns the offset after the last digit. */
    static int putPositiveInt(final byte[] buffer, final int offset, final int value)
    {
        if (value == 0)
        {
            buffer[offset] = '0';
            return offset + 1;
        }
        int digits = 0;
        for (int v = value; v > 0; v /= 10)
        {
            digits++;
        }
        int i = offset + digits - 1;
        for (int v = value; v > 0; v /= 10)
        {
            buffer[i--] = (byte)('0' + v % 10);
        }
        return offset + digits;
    }

    /** Parses at most 9 digits; returns -1 for anything else, as nats-server's parseSize does. */
    static int parsePositiveInt(final byte[] buffer, final int offset, final int length)
    {
        if (length == 0 || length > MAX_DIGITS)
        {
            return -1;
        }
        int value = 0;
        for (int i = offset; i < offset + length; i++)
        {
            final int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
