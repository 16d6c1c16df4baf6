package jnatsd.config.conf;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Scans scalar values as conf/lex.go does: quoted and unquoted strings, booleans, variables, integers with size
 * suffixes, floats, unquoted IP addresses ("127.0.0.1:4222") and Zulu datetimes. Returns a String, Boolean,
 * Long, Double, Instant or a {@link Variable} for the parser to resolve.
 */
final class ConfScalars
{
    /** An unquoted {@code $NAME}: resolved by the parser, which knows the scopes. */
    record Variable(String name)
    {
    }

    private ConfScalars()
    {
    }

    static String singleQuoted(final ConfCursor in)
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int c = in.next();
            if (c == '\'')
            {
                return sb.toString();
            }
            if (c == ConfCursor.EOF)
            {
                throw in.error("Unexpected EOF.");
            }
            sb.append((char)c);
        }
    }

    static String doubleQuoted(final ConfCursor in)
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int c = in.next();
            if (c == '"')
            {
                return sb.toString();
            }
            if (c == ConfCursor.EOF)
            {
                throw in.error("Unexpected EOF.");
            }
            if (c == '\\')
            {
                escape(in, sb);
            }
            else
            {
                sb.append((char)c);
            }
        }
    }

    private static void escape(final ConfCursor in, final StringBuilder sb)
    {
        final int c = in.next();
        switch (c)
        {
            case 't' -> sb.append('\t');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case 'x' -> sb.append(hexByte(in));
            default -> throw in.error("Invalid escape character '" + ConfCursor.show(c) + "'. Only the following "
                + "escape characters are allowed: \\xXX, \\t, \\n, \\r, \\\", \\\\.");
        }
    }

    private static char hexByte(final ConfCursor in)
    {
        final int hi = in.next();
        final int lo = in.next();
        if (ConfCursor.isNewLine(hi) || ConfCursor.isNewLine(lo))
        {
            throw in.error("Expected two hexadecimal digits after '\\x', but hit end of line");
        }
        final int value = Character.digit(hi, 16) * 16 + Character.digit(lo, 16);
        if (Character.digit(hi, 16) < 0 || Character.digit(lo, 16) < 0)
        {
            throw in.error("Expected two hexadecimal digits after '\\x', but got '"
                + ConfCursor.show(hi) + ConfCursor.show(lo) + "'");
        }
        return (char)value;
    }

    /** An unquoted word: a string, a boolean or a variable. {@code prefix} is what a number scan already read. */
    static Object unquoted(final ConfCursor in, final String prefix)
    {
        final StringBuilder sb = new StringBuilder(prefix);
        boolean escaped = false;
        while (true)
        {
            final int c = in.peek();
            if (c == '\\')
            {
                in.next();
                escape(in, sb);
                escaped = true;
                continue;
            }
            if (c == ConfCursor.EOF || ConfCursor.isNewLine(c) || ConfCursor.isBlank(c)
                || c == ';' || c == ',' || c == ']' || c == '}')
            {
                break;
            }
            in.next();
            if (c == '\'')
            {
                break;
            }
            sb.append((char)c);
        }
        final String word = sb.toString();
        if (escaped)
        {
            return word;
        }
        final Boolean bool = bool(word);
        if (bool != null)
        {
            return bool;
        }
        return word.startsWith("$") ? new Variable(word.substring(1)) : word;
    }

    static Boolean bool(final String word)
    {
        return switch (word.toLowerCase(Locale.ROOT))
        {
            case "true", "yes", "on" -> Boolean.TRUE;
            case "false", "no", "off" -> Boolean.FALSE;
            default -> null;
        };
    }

    /** At a digit or '-': a number, a datetime, an IP address or (when letters follow digits) a string. */
    static Object number(final ConfCursor in)
    {
        final StringBuilder sb = new StringBuilder();
        final boolean negative = in.peek() == '-';
        if (negative)
        {
            sb.append((char)in.next());
            if (!Character.isDigit(in.peek()))
            {
                throw in.error(in.peek() == '.' ? "Floats must start with a digit, not '.'."
                    : "Expected a digit but got '" + ConfCursor.show(in.peek()) + "'.");
            }
        }
        while (Character.isDigit(in.peek()))
        {
            sb.append((char)in.next());
        }
        final int c = in.peek();
        if (c == '-' && !negative)
        {
            return datetime(in, sb);
        }
        if (c == '.')
        {
            sb.append((char)in.next());
            return fraction(in, sb);
        }
        if (isSizeSuffix(c))
        {
            sb.append((char)in.next());
            while ("bBiI".indexOf(in.peek()) >= 0 && in.peek() != ConfCursor.EOF)
            {
                sb.append((char)in.next());
            }
            if (endsNumber(in.peek()) || Character.isDigit(in.peek()))
            {
                return integer(in, sb.toString());
            }
            return unquoted(in, sb.toString());
        }
        if (negative || endsNumber(c))
        {
            return integer(in, sb.toString());
        }
        // lex.go consumes the character that broke the number and carries on as a string ("2s", "1]").
        sb.append((char)in.next());
        return unquoted(in, sb.toString());
    }

    private static boolean isSizeSuffix(final int c)
    {
        return c != ConfCursor.EOF && "kKmMgGtTpPeE".indexOf(c) >= 0;
    }

    private static boolean endsNumber(final int c)
    {
        return c == ConfCursor.EOF || ConfCursor.isNewLine(c) || ConfCursor.isBlank(c)
            || c == '}' || c == ';' || c == ',';
    }

    private static Object fraction(final ConfCursor in, final StringBuilder sb)
    {
        if (!Character.isDigit(in.peek()))
        {
            throw in.error("Floats must have a digit after the '.', but got '" + ConfCursor.show(in.peek())
                + "' instead.");
        }
        while (Character.isDigit(in.peek()))
        {
            sb.append((char)in.next());
        }
        if (in.peek() != '.')
        {
            try
            {
                return Double.parseDouble(sb.toString());
            }
            catch (final NumberFormatException ex)
            {
                throw in.error("expected float, but got '" + sb + "'");
            }
        }
        // A second dot makes it an address such as 127.0.0.1:4222.
        while (Character.isDigit(in.peek()) || in.peek() == '.' || in.peek() == ':' || in.peek() == '-')
        {
            sb.append((char)in.next());
        }
        return sb.toString();
    }

    private static Object datetime(final ConfCursor in, final StringBuilder sb)
    {
        if (sb.length() != 4)
        {
            throw in.error("All ISO8601 dates must be in full Zulu form.");
        }
        final String format = "-00-00T00:00:00Z";
        for (int i = 0; i < format.length(); i++)
        {
            final char f = format.charAt(i);
            final int c = in.next();
            if (f == '0' ? !Character.isDigit(c) : f != c)
            {
                throw in.error("Expected " + (f == '0' ? "digit" : "'" + f + "'") + " in ISO8601 datetime, "
                    + "but found '" + ConfCursor.show(c) + "' instead.");
            }
            sb.append((char)c);
        }
        try
        {
            return Instant.parse(sb.toString());
        }
        catch (final DateTimeParseException ex)
        {
            throw in.error("expected Zulu formatted DateTime, but got '" + sb + "'");
        }
    }

    /** Integer with an optional size suffix: k/m/g/t/p/e are powers of 1000, kb/ki/kib... powers of 1024. */
    static Long integer(final ConfCursor in, final String text)
    {
        int digits = 0;
        while (digits < text.length() && (Character.isDigit(text.charAt(digits)) || text.charAt(digits) == '-'))
        {
            digits++;
        }
        final long number;
        try
        {
            number = Long.parseLong(text.substring(0, digits));
        }
        catch (final NumberFormatException ex)
        {
            throw in.error("integer '" + text + "' is out of the range");
        }
        final String suffix = text.substring(digits).toLowerCase(Locale.ROOT);
        if (suffix.isEmpty())
        {
            return number;
        }
        final int power = "kmgtpe".indexOf(suffix.charAt(0)) + 1;
        final String rest = suffix.substring(1);
        final long base;
        if (rest.isEmpty())
        {
            base = 1000;
        }
        else if (rest.equals("b") || rest.equals("i") || rest.equals("ib"))
        {
            base = 1024;
        }
        else
        {
            throw in.error("expected integer, but got '" + text + "'");
        }
        long value = number;
        try
        {
            for (int i = 0; i < power; i++)
            {
                value = Math.multiplyExact(value, base);
            }
        }
        catch (final ArithmeticException ex)
        {
            throw in.error("integer '" + text + "' is out of the range");
        }
        return value;
    }

    /** A "( ... )" block: raw text up to a ')' that stands alone on its line. */
    static String block(final ConfCursor in)
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int c = in.next();
            if (c == ConfCursor.EOF)
            {
                throw in.error("Unexpected EOF processing block.");
            }
            final int len = sb.length();
            if (c == ')' && len > 0 && sb.charAt(len - 1) == '\n'
                && (in.peek() == '\n' || in.peek() == ConfCursor.EOF))
            {
                sb.setLength(len - 1);
                return sb.toString();
            }
            sb.append((char)c);
        }
    }
}
