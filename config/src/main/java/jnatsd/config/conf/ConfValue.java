package jnatsd.config.conf;

import java.util.List;
import java.util.Map;

/**
 * One parsed config value with the place it came from. A value stored under a key carries the key's position,
 * so errors about a setting point at the line that names it.
 * The value is a String, Long, Double, Boolean, java.time.Instant, List of ConfValue or Map of ConfValue.
 */
public final class ConfValue
{
    private final Object value;
    private final String file;
    private final int line;
    private final int column;
    private boolean usedAsVariable;

    public ConfValue(final Object value, final String file, final int line, final int column)
    {
        this.value = value;
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Object value()
    {
        return value;
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

    /** "file:line:column", the prefix of every error about this value. */
    public String where()
    {
        return file + ":" + line + ":" + column;
    }

    /** True when some {@code $NAME} referred to this key, which makes it a variable rather than a setting. */
    public boolean usedAsVariable()
    {
        return usedAsVariable;
    }

    void markUsed()
    {
        usedAsVariable = true;
    }

    ConfValue at(final String newFile, final int newLine, final int newColumn)
    {
        return new ConfValue(value, newFile, newLine, newColumn);
    }

    /** Go-like type name for error messages ("string", "int64", "map", ...). */
    public String typeName()
    {
        if (value instanceof String)
        {
            return "string";
        }
        if (value instanceof Long)
        {
            return "int64";
        }
        if (value instanceof Double)
        {
            return "float64";
        }
        if (value instanceof Boolean)
        {
            return "bool";
        }
        if (value instanceof List)
        {
            return "array";
        }
        if (value instanceof Map)
        {
            return "map";
        }
        return "datetime";
    }

    @Override
    public String toString()
    {
        return String.valueOf(value);
    }
}
