package jnatsd.engine.status;

/** Durations as Go's time.Duration String() prints them in nats-server's log lines ("1s", "1.5s", "2m0s"). */
public final class GoDuration
{
    private GoDuration()
    {
    }

    public static String format(final long ns)
    {
        if (ns == 0)
        {
            return "0s";
        }
        final long u = Math.abs(ns);
        final String sign = ns < 0 ? "-" : "";
        if (u < 1_000L)
        {
            return sign + u + "ns";
        }
        if (u < 1_000_000L)
        {
            return sign + fraction(u, 1_000L) + "µs";
        }
        if (u < 1_000_000_000L)
        {
            return sign + fraction(u, 1_000_000L) + "ms";
        }
        final long hours = u / 3_600_000_000_000L;
        final long minutes = (u / 60_000_000_000L) % 60;
        final StringBuilder sb = new StringBuilder(24).append(sign);
        if (hours > 0)
        {
            sb.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0)
        {
            sb.append(minutes).append('m');
        }
        return sb.append(fraction(u % 60_000_000_000L, 1_000_000_000L)).append('s').toString();
    }

    /** value/unit as a decimal without trailing zeros: fraction(1500, 1000) = "1.5". */
    private static String fraction(final long value, final long unit)
    {
        final long whole = value / unit;
        long rest = value % unit;
        if (rest == 0)
        {
            return Long.toString(whole);
        }
        int digits = Long.toString(unit).length() - 1;
        while (rest % 10 == 0)
        {
            rest /= 10;
            digits--;
        }
        final String r = Long.toString(rest);
        return whole + "." + "0".repeat(digits - r.length()) + r;
    }
}
