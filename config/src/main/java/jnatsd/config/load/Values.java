package jnatsd.config.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnatsd.config.Durations;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/**
 * Typed reads of config values. A wrong type throws {@link ConfException} at the key's place,
 * which the section readers turn into one error per key.
 */
final class Values
{
    private Values()
    {
    }

    static ConfException wrongType(final String key, final ConfValue v, final String expected)
    {
        return ConfException.at(v, "invalid type for \"" + key + "\": expected " + expected + ", got " + v.typeName());
    }

    static long asLong(final String key, final ConfValue v)
    {
        if (v.value() instanceof Long number)
        {
            return number;
        }
        throw wrongType(key, v, "integer");
    }

    static int asInt(final String key, final ConfValue v)
    {
        final long value = asLong(key, v);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE)
        {
            throw ConfException.at(v, key + " value is too big");
        }
        return (int)value;
    }

    static String asString(final String key, final ConfValue v)
    {
        if (v.value() instanceof String text)
        {
            return text;
        }
        throw wrongType(key, v, "string");
    }

    static boolean asBool(final String key, final ConfValue v)
    {
        if (v.value() instanceof Boolean flag)
        {
            return flag;
        }
        throw wrongType(key, v, "boolean");
    }

    @SuppressWarnings("unchecked")
    static Map<String, ConfValue> asMap(final String key, final ConfValue v)
    {
        if (v.value() instanceof Map<?, ?> map)
        {
            return (Map<String, ConfValue>)map;
        }
        throw wrongType(key, v, "map");
    }

    @SuppressWarnings("unchecked")
    static List<ConfValue> asList(final String key, final ConfValue v)
    {
        if (v.value() instanceof List<?> list)
        {
            return (List<ConfValue>)list;
        }
        throw wrongType(key, v, "array");
    }

    /** A string, or an array of strings. */
    static List<String> asStrings(final String key, final ConfValue v)
    {
        final List<String> out = new ArrayList<>();
        if (v.value() instanceof String text)
        {
            out.add(text);
            return out;
        }
        for (final ConfValue item : asList(key, v))
        {
            out.add(asString(key, item));
        }
        return out;
    }

    /**
     * A duration as nats-server's parseDuration: a Go duration string, or a bare integer of seconds which is
     * accepted with a warning ("should be converted to a duration").
     */
    static long asDurationNs(final String key, final ConfValue v, final Problems problems)
    {
        if (v.value() instanceof Long seconds)
        {
            problems.warning(v, "invalid use of field \"" + key + "\": " + key + " should be converted to a duration");
            return seconds * 1_000_000_000L;
        }
        return parseDurationNs(key, v);
    }

    /** A duration that must be a string (lame_duck_duration, lame_duck_grace_period). */
    static long parseDurationNs(final String key, final ConfValue v)
    {
        try
        {
            return Durations.parseNs(asString(key, v));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfException.at(v, "error parsing " + key + ": " + ex.getMessage());
        }
    }

    /** Seconds as a number (int or float) or a duration string: auth and TLS timeouts. */
    static long asSecondsNs(final String key, final ConfValue v)
    {
        if (v.value() instanceof Long seconds)
        {
            return seconds * 1_000_000_000L;
        }
        if (v.value() instanceof Double seconds)
        {
            return Math.round(seconds * 1e9);
        }
        return parseDurationNs(key, v);
    }

    /** "host:port" or a bare port, as nats-server's parseListen. */
    static HostPort asHostPort(final String key, final ConfValue v)
    {
        if (v.value() instanceof Long port)
        {
            return new HostPort("", port.intValue());
        }
        final String text = asString(key, v);
        final int colon = text.lastIndexOf(':');
        if (colon < 0)
        {
            throw ConfException.at(v, "could not parse address string \"" + text + "\"");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        else if (host.indexOf(':') >= 0)
        {
            throw ConfException.at(v, "could not parse address string \"" + text + "\"");
        }
        final String portText = text.substring(colon + 1);
        try
        {
            return new HostPort(host, Integer.parseInt(portText));
        }
        catch (final NumberFormatException ex)
        {
            throw ConfException.at(v, "could not parse port \"" + portText + "\"");
        }
    }

    /** A parsed listen value; host is empty when only a port was given. */
    record HostPort(String host, int port)
    {
    }
}
