package jnatsd.config.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** IPv4/IPv6 CIDR blocks of a user JWT's {@code src} limit (Go's net.ParseCIDR and IPNet.Contains). */
public final class Cidr
{
    private Cidr()
    {
    }

    public static boolean valid(final String cidr)
    {
        return parse(cidr) != null;
    }

    /** Whether {@code ip} (a literal address) is inside {@code cidr}; false when either does not parse. */
    public static boolean contains(final String cidr, final String ip)
    {
        final Object[] block = parse(cidr);
        final byte[] addr = literal(ip);
        if (block == null || addr == null)
        {
            return false;
        }
        byte[] net = (byte[])block[0];
        byte[] a = addr;
        if (net.length != a.length)
        {
            // An IPv4 address matches an IPv4 block also when written as IPv4-mapped IPv6, as in Go.
            if (net.length == 4 && a.length == 16 && isMapped(a))
            {
                a = Arrays.copyOfRange(a, 12, 16);
            }
            else
            {
                return false;
            }
        }
        final int bits = (Integer)block[1];
        for (int i = 0; i < bits; i++)
        {
            final int mask = 0x80 >>> (i % 8);
            if ((net[i / 8] & mask) != (a[i / 8] & mask))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isMapped(final byte[] a)
    {
        for (int i = 0; i < 10; i++)
        {
            if (a[i] != 0)
            {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }

    private static Object[] parse(final String cidr)
    {
        final int slash = cidr.indexOf('/');
        if (slash < 0)
        {
            return null;
        }
        final byte[] net = literal(cidr.substring(0, slash));
        if (net == null)
        {
            return null;
        }
        final int bits;
        try
        {
            bits = Integer.parseInt(cidr.substring(slash + 1));
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
        if (bits < 0 || bits > net.length * 8)
        {
            return null;
        }
        return new Object[] {net, bits};
    }

    /** A numeric address only (never a DNS look-up). */
    private static byte[] literal(final String s)
    {
        if (s.isEmpty() || !(s.indexOf(':') >= 0 || s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")))
        {
            return null;
        }
        try
        {
            return InetAddress.getByName(s).getAddress();
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }
}
