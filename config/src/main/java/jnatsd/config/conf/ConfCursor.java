package jnatsd.config.conf;

/** Reads the config text one char at a time and tracks line and column (both 1-based) for error messages. */
final class ConfCursor
{
    static final int EOF = -1;

    private final String text;
    private final String file;
    private int pos;
    private int line = 1;
    private int lineStart;

    ConfCursor(final String text, final String file)
    {
        this.text = text;
        this.file = file;
    }

    String file()
    {
        return file;
    }

    int peek()
    {
        return pos < text.length() ? text.charAt(pos) : EOF;
    }

    int peekAt(final int ahead)
    {
        final int index = pos + ahead;
        return index < text.length() ? text.charAt(index) : EOF;
    }

    int next()
    {
        if (pos >= text.length())
        {
            return EOF;
        }
        final char c = text.charAt(pos++);
        if (c == '\n')
        {
            line++;
            lineStart = pos;
        }
        return c;
    }

    int line()
    {
        return line;
    }

    int column()
    {
        return pos - lineStart + 1;
    }

    ConfException error(final String reason)
    {
        return new ConfException(file, line, column(), reason);
    }

    /** Skips spaces and tabs only: a new line ends a value. */
    void skipBlanks()
    {
        while (isBlank(peek()))
        {
            next();
        }
    }

    /** Skips every kind of white space, new lines included. */
    void skipSpaces()
    {
        while (isSpace(peek()))
        {
            next();
        }
    }

    /** At "#" or "//": consumes the comment up to (not including) the end of line and returns true. */
    boolean skipComment()
    {
        final int c = peek();
        if (c != '#' && !(c == '/' && peekAt(1) == '/'))
        {
            return false;
        }
        while (peek() != EOF && !isNewLine(peek()))
        {
            next();
        }
        return true;
    }

    static boolean isBlank(final int c)
    {
        return c == ' ' || c == '\t';
    }

    static boolean isNewLine(final int c)
    {
        return c == '\n' || c == '\r';
    }

    static boolean isSpace(final int c)
    {
        return c != EOF && Character.isWhitespace(c);
    }

    static boolean isKeySeparator(final int c)
    {
        return c == ':' || c == '=';
    }

    static String show(final int c)
    {
        if (c == EOF)
        {
            return "EOF";
        }
        return c == '\n' ? "\\n" : String.valueOf((char)c);
    }
}
