package jnatsd.config;

/** Go's time.ParseDuration ("300ms", "1m30s", "-1.5h"; units ns, us, µs, ms, s, m, h), in nanoseconds. */
public final class Durations
{
    private Durations()
    {
    }

    /** @throws IllegalArgumentException with Go's message, e.g. {@code time: invalid duration "abc"}. */
    public static long parseNs(final String text)
    {
        final String quoted = "\"" + text + "\"";
        int pos = 0;
        boolean negative = false;
        if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+'))
        {
            negative = text.charAt(0) == '-';
            pos++;
        }
        if (text.substring(pos).equals("0"))
        {
            return 0;
        }
        if (pos == text.length())
        {
            throw new IllegalArgumentException("time: invalid duration " + quoted);
        }
        double totalNs = 0;
        while (pos < text.length())
        {
            final int numberStart = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'))
            {
                pos++;
            }
            final String number = text.substring(numberStart, pos);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.'))
            {
                throw new IllegalArgumentException("time: invalid duration " + quoted);
            }
            final int unitStart = pos;
            while (pos < text.length() && !Character.isDigit(text.charAt(pos)) && text.charAt(pos) != '.')
            {
                pos++;
            }
            final String unit = text.substring(unitStart, pos);
            if (unit.isEmpty())
            {
                throw new IllegalArgumentException("time: missing unit in duration " + quoted);
            }
            totalNs += Double.parseDouble(number) * unitNs(unit, quoted);
        }
        if (totalNs > Long.MAX_VALUE)
        {
            throw new IllegalArgumentException("time: invalid duration " + quoted);
        }
        final long ns = Math.round(totalNs);
        return negative ? -ns : ns;
    }

    private static double unitNs(final String unit, final String quoted)
    {
        return switch (unit)
        {
            case "ns" -> 1;
            case "us", "µs", "μs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new IllegalArgumentException("time: unknown unit \"" + unit + "\" in duration " + quoted);
        };
    }

    /** Formats as Go's Duration.String() does for whole units ("30s", "2m0s", "1h0m0s"), enough for messages. */
    public static String format(final long ns)
    {
        if (ns % 1_000_000_000L != 0 || ns < 0)
        {
            return (ns / 1e9) + "s";
        }
        final long seconds = ns / 1_000_000_000L;
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return (seconds / 60) + "m" + (seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + (seconds % 3600 / 60) + "m" + (seconds % 60) + "s";
    }
}
