package jnatsd.config.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go "flag" package rules (nats-server uses them): one or two dashes, "-p 4333" or "-p=4333"; a boolean flag
 * takes no separate value ("-T=false", never "-T false"); "-DV" is a flag of its own; "--" or the first
 * non-flag argument ends the flags.
 */
final class FlagParser
{
    /** Flags in the order given (canonical name to raw value; booleans hold "true"/"false"), then the rest. */
    record Parsed(Map<String, String> flags, List<String> rest)
    {
    }

    private FlagParser()
    {
    }

    /** @throws IllegalArgumentException with Go's message for an unknown flag or a missing value. */
    static Parsed parse(final String[] args)
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        int i = 0;
        while (i < args.length)
        {
            final String arg = args[i];
            if (arg.length() < 2 || arg.charAt(0) != '-')
            {
                break;
            }
            i++;
            if (arg.equals("--"))
            {
                break;
            }
            String name = arg.substring(arg.startsWith("--") ? 2 : 1);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=')
            {
                throw new IllegalArgumentException("bad flag syntax: " + arg);
            }
            String value = null;
            final int eq = name.indexOf('=');
            if (eq > 0)
            {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            final String canonical = FlagSpec.CANONICAL.get(name);
            if (canonical == null)
            {
                throw new IllegalArgumentException("flag provided but not defined: -" + name);
            }
            if (FlagSpec.BOOLEAN.contains(canonical))
            {
                value = value == null ? "true" : boolValue(name, value);
            }
            else if (value == null)
            {
                if (i >= args.length)
                {
                    throw new IllegalArgumentException("flag needs an argument: -" + name);
                }
                value = args[i++];
            }
            if (FlagSpec.NUMERIC.contains(canonical) && !value.matches("-?[0-9]{1,18}"))
            {
                throw new IllegalArgumentException("invalid value \"" + value + "\" for flag -" + name
                    + ": parse error");
            }
            flags.put(canonical, value);
        }
        final List<String> rest = new ArrayList<>();
        for (; i < args.length; i++)
        {
            rest.add(args[i]);
        }
        return new Parsed(flags, rest);
    }

    /** Go's strconv.ParseBool spellings. */
    private static String boolValue(final String name, final String value)
    {
        return switch (value)
        {
            case "1", "t", "T", "true", "TRUE", "True" -> "true";
            case "0", "f", "F", "false", "FALSE", "False" -> "false";
            default -> throw new IllegalArgumentException(
                "invalid boolean value \"" + value + "\" for -" + name + ": parse error");
        };
    }
}
