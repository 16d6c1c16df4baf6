package jnatsd.config.conf;

/** A config error with its place: the message reads "file:line:column: what went wrong". */
public final class ConfException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public ConfException(final String file, final int line, final int column, final String reason)
    {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public static ConfException at(final ConfValue value, final String reason)
    {
        return new ConfException(value.file(), value.line(), value.column(), reason);
    }

    /** Adds the key being read when the error happened, once (the innermost key wins). */
    ConfException inKey(final String key)
    {
        if (reason.contains(" (key \""))
        {
            return this;
        }
        final ConfException keyed = new ConfException(file, line, column, reason + " (key \"" + key + "\")");
        keyed.setStackTrace(getStackTrace());
        return keyed;
    }

    public String file()
    {
        return file;
    }

    public int line()
    {
        return line;
    }

    public int column()
    {
        return column;
    }

    /** The message without the place. */
    public String reason()
    {
        return reason;
    }
}
