package jnatsd.config.conf;

/** Scans the file name after the {@code include} keyword (quoted or bare), as lex.go's lexInclude does. */
final class ConfIncludes
{
    private ConfIncludes()
    {
    }

    static String includeName(final ConfCursor in)
    {
        final int c = in.peek();
        if (c == '\'' || c == '"')
        {
            in.next();
            final StringBuilder sb = new StringBuilder();
            while (in.peek() != c)
            {
                if (in.peek() == ConfCursor.EOF)
                {
                    throw in.error(
                        c == '"' ? "Unexpected EOF in double quoted include" : "Unexpected EOF in quoted include");
                }
                sb.append((char)in.next());
            }
            in.next();
            return sb.toString();
        }
        final String found = switch (c)
        {
            case '[' -> "start of an array";
            case '{' -> "start of a map";
            case '(' -> "start of a block";
            case '\\' -> "escape sequence";
            case '\n', '\r' -> "new line";
            default -> c == '-' || Character.isDigit(c) ? "start of a number" : null;
        };
        if (found != null)
        {
            throw in.error("Expected include value but found " + found);
        }
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int d = in.peek();
            if (d == ConfCursor.EOF || ConfCursor.isNewLine(d) || ConfCursor.isBlank(d) || d == ';' || d == '}')
            {
                return sb.toString();
            }
            in.next();
            if (d == '\'')
            {
                return sb.toString();
            }
            sb.append((char)d);
        }
    }
}
