package jnatsd.engine.subject;

import org.agrona.DirectBuffer;

/**
 * Hashing and equality over byte ranges of {@link DirectBuffer}s, so that subjects arriving in a read buffer can be
 * compared with bytes stored off-heap without building {@code String}s.
 */
final class Bytes
{
    private Bytes()
    {
    }

    /**
     * A well-mixed 32-bit hash of {@code b[off, off + len)}. Reads eight bytes at a time; the result depends only on
     * the bytes (native byte order is the same for every buffer in the process), never on the buffer kind.
     */
    static int hash(final DirectBuffer b, final int off, final int len)
    {
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = 0;
        for (; i + 8 <= len; i += 8)
        {
            h = (h ^ b.getLong(off + i)) * 0xFF51AFD7ED558CCDL;
            h ^= h >>> 31;
        }
        for (; i < len; i++)
        {
            h = (h ^ (b.getByte(off + i) & 0xFF)) * 0x100000001B3L;
        }
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return (int)h;
    }

    /** True when {@code a[aOff, aOff + len)} and {@code b[bOff, bOff + len)} hold the same bytes. */
    static boolean equal(final DirectBuffer a, final int aOff, final DirectBuffer b, final int bOff, final int len)
    {
        int i = 0;
        for (; i + 8 <= len; i += 8)
        {
            if (a.getLong(aOff + i) != b.getLong(bOff + i))
            {
                return false;
            }
        }
        for (; i < len; i++)
        {
            if (a.getByte(aOff + i) != b.getByte(bOff + i))
            {
                return false;
            }
        }
        return true;
    }
}
