package jnatsd.server.monitor;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import jnatsd.engine.status.GoDuration;

/**
 * Text forms that nats-server's monitoring JSON takes from Go: {@code time.Time} (RFC 3339 with nanoseconds,
 * trailing zeros dropped), {@code time.Duration.String()} (rtt), nats' own uptime form ("1d2h3m4s") and the
 * shortest decimal of a float64. Tools parse these, so the shapes must match exactly.
 */
public final class GoFormat
{
    private static final DateTimeFormatter SECONDS =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoFormat()
    {
    }

    /** Go's RFC3339Nano in UTC: "2026-11-27T18:31:38.7088028Z" (no fraction when it is zero). */
    public static String time(final Instant t)
    {
        final StringBuilder sb = new StringBuilder(30).append(SECONDS.format(t));
        final int nanos = t.getNano();
        if (nanos != 0)
        {
            final String digits = String.format("%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0')
            {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.append('Z').toString();
    }

    /** An instant from epoch nanoseconds. */
    public static Instant instantOfEpochNanos(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L));
    }

    /** nats-server's myUptime: whole seconds only, "0s", "5m3s", "2h0m1s", "3d4h0m0s", "1y2d3h4m5s". */
    public static String uptime(final long durationNs)
    {
        final long secs = Math.max(0, durationNs / 1_000_000_000L);
        final long mins = secs / 60;
        final long hours = mins / 60;
        final long days = hours / 24;
        final long years = days / 365;
        if (years > 0)
        {
            return years + "y" + (days % 365) + "d" + (hours % 24) + "h" + (mins % 60) + "m" + (secs % 60) + "s";
        }
        if (days > 0)
        {
            return days + "d" + (hours % 24) + "h" + (mins % 60) + "m" + (secs % 60) + "s";
        }
        if (hours > 0)
        {
            return hours + "h" + (mins % 60) + "m" + (secs % 60) + "s";
        }
        if (mins > 0)
        {
            return mins + "m" + (secs % 60) + "s";
        }
        return secs + "s";
    }

    /**
     * The rtt field: nats truncates to whole microseconds between 1 µs and 1 ms, then prints Go's
     * Duration.String ("432µs", "1.234567ms", "0s").
     */
    public static String rtt(final long rttNs)
    {
        long d = rttNs;
        if (d > 1_000 && d < 1_000_000)
        {
            d -= d % 1_000;
        }
        return duration(d);
    }

    /** Go's time.Duration.String(). */
    public static String duration(final long ns)
    {
        return GoDuration.format(ns);
    }

    /** A float64 as Go's encoding/json writes it: "0", "2", "0.32", "0.7142857142857143". */
    public static String float64(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e21)
        {
            return Long.toString((long)v);
        }
        final double abs = Math.abs(v);
        if (abs < 1e-6 || abs >= 1e21)
        {
            // Go switches to exponent form here too ("1e-07"); Java's form differs only in case and padding.
            return Double.toString(v).replace("E", "e");
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
