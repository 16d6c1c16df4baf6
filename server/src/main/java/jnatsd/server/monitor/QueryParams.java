package jnatsd.server.monitor;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import jnatsd.engine.status.GoStrings;

/**
 * The query string of a monitoring request, decoded as Go's url.Values (first value of a name wins) and read
 * with nats-server's decoders, whose error texts (Go's strconv messages) become the HTTP 400 body.
 */
public final class QueryParams
{
    private final Map<String, String> values;

    private QueryParams(final Map<String, String> values)
    {
        this.values = values;
    }

    public static QueryParams parse(final String rawQuery)
    {
        final Map<String, String> values = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty())
        {
            for (final String pair : rawQuery.split("&"))
            {
                if (pair.isEmpty())
                {
                    continue;
                }
                final int eq = pair.indexOf('=');
                final String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                final String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(key, value);
            }
        }
        return new QueryParams(values);
    }

    private static String decode(final String s)
    {
        try
        {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException ex)
        {
            // Go drops a pair it cannot unescape; keeping the raw text is close enough and never fails a request.
            return s;
        }
    }

    /** The value, or "" when absent. */
    public String get(final String name)
    {
        return values.getOrDefault(name, "");
    }

    /** nats' decodeBool: absent is false; otherwise Go's strconv.ParseBool. */
    public boolean bool(final String name) throws BadRequestException
    {
        final String s = get(name);
        return switch (s)
        {
            case "" -> false;
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new BadRequestException("Error decoding boolean for '" + name
                + "': strconv.ParseBool: parsing " + quote(s) + ": invalid syntax");
        };
    }

    /** nats' decodeInt: absent is 0; Go's strconv.Atoi (64-bit), clamped to the int range. */
    public int integer(final String name) throws BadRequestException
    {
        final String s = get(name);
        if (s.isEmpty())
        {
            return 0;
        }
        if (!s.matches("[+-]?[0-9]+"))
        {
            throw new BadRequestException("Error decoding int for '" + name + "': strconv.Atoi: parsing "
                + quote(s) + ": invalid syntax");
        }
        try
        {
            final long v = Long.parseLong(s);
            return (int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRequestException("Error decoding int for '" + name + "': strconv.Atoi: parsing "
                + quote(s) + ": value out of range");
        }
    }

    /** nats' decodeUint64: absent is 0; Go's strconv.ParseUint. */
    public long uint64(final String name) throws BadRequestException
    {
        final String s = get(name);
        if (s.isEmpty())
        {
            return 0;
        }
        if (!s.matches("[0-9]+"))
        {
            throw new BadRequestException("Error decoding uint64 for '" + name + "': strconv.ParseUint: parsing "
                + quote(s) + ": invalid syntax");
        }
        try
        {
            return Long.parseUnsignedLong(s);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRequestException("Error decoding uint64 for '" + name + "': strconv.ParseUint: parsing "
                + quote(s) + ": value out of range");
        }
    }

    /** The /connz state: open (default), closed, any or all. */
    public ConnState state() throws BadRequestException
    {
        final String s = get("state");
        return switch (s.toLowerCase(Locale.ROOT))
        {
            case "", "open" -> ConnState.OPEN;
            case "closed" -> ConnState.CLOSED;
            case "any", "all" -> ConnState.ALL;
            default -> throw new BadRequestException("Error decoding state for " + s);
        };
    }

    /** Go's %q for the texts users type. */
    static String quote(final String s)
    {
        return GoStrings.quote(s);
    }

    /** Which connections /connz lists. */
    public enum ConnState
    {
        OPEN, CLOSED, ALL
    }
}
