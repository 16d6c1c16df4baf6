package jnatsd.config.conf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parser for the NATS config format (the grammar of nats-server's conf/lex.go and conf/parse.go), JSON included.
 * Builds nested maps of {@link ConfValue}. Variables ({@code $NAME}) resolve in the current map, then the
 * enclosing maps, then the environment; {@code include} reads a file relative to the including file.
 * Not thread-safe; one instance per file.
 */
public final class ConfParser
{
    private static final int MAX_INCLUDE_DEPTH = 16;
    private static final String BCRYPT_PREFIX = "2a$";

    private final ConfCursor in;
    private final Path dir;
    private final Map<String, String> env;
    private final int depth;
    private final List<Map<String, ConfValue>> scopes = new ArrayList<>();

    private ConfParser(final String text, final String file, final Path dir, final Map<String, String> env,
        final int depth)
    {
        this.in = new ConfCursor(text, file);
        this.dir = dir;
        this.env = env;
        this.depth = depth;
    }

    /** Parses a file; includes are relative to its directory, variables fall back to {@code env}. */
    public static Map<String, ConfValue> parseFile(final Path file, final Map<String, String> env)
    {
        return parseFile(file, env, 0);
    }

    /** Parses text; {@code fileName} names it in errors and {@code dir} anchors includes. */
    public static Map<String, ConfValue> parseString(
        final String text, final String fileName, final Path dir, final Map<String, String> env)
    {
        return new ConfParser(text, fileName, dir, env, 0).parseTop();
    }

    private static Map<String, ConfValue> parseFile(final Path file, final Map<String, String> env, final int depth)
    {
        final String text;
        try
        {
            // Bytes that are not UTF-8 become U+FFFD, as Go's lexer reads them: nats-server accepts such a file.
            text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfException(file.toString(), 0, 0, "error opening config file: no such file or directory");
        }
        catch (final IOException ex)
        {
            throw new ConfException(file.toString(), 0, 0, "error opening config file: " + ex.getMessage());
        }
        final Path parent = file.toAbsolutePath().getParent();
        return new ConfParser(text, file.toString(), parent, env, depth).parseTop();
    }

    private Map<String, ConfValue> parseTop()
    {
        final Map<String, ConfValue> top = new LinkedHashMap<>();
        scopes.add(top);
        while (true)
        {
            final int c = in.peek();
            if (c == ConfCursor.EOF)
            {
                return top;
            }
            if (ConfCursor.isSpace(c) || c == '{')
            {
                // A top-level '{' is skipped so that a JSON document is a valid config.
                in.next();
                continue;
            }
            if (in.skipComment())
            {
                continue;
            }
            if (c == '/')
            {
                throw in.error("Unexpected EOF.");
            }
            entry(top, false);
            topValueEnd();
        }
    }

    private void topValueEnd()
    {
        in.skipBlanks();
        if (in.skipComment())
        {
            return;
        }
        final int c = in.peek();
        if (c == ConfCursor.EOF || ConfCursor.isNewLine(c) || c == ';' || c == ',' || c == '}')
        {
            in.next();
            return;
        }
        throw in.error("Expected a top-level value to end with a new line, comment or EOF, but got '"
            + ConfCursor.show(c) + "' instead.");
    }

    /** One "key sep value" (or an include) into {@code map}. */
    private void entry(final Map<String, ConfValue> map, final boolean inMap)
    {
        final int keyLine = in.line();
        final int keyColumn = in.column();
        final int first = in.peek();
        if (ConfCursor.isKeySeparator(first))
        {
            throw in.error("Unexpected key separator '" + (char)first + "'.");
        }
        final String key;
        if (first == '"' || first == '\'')
        {
            key = quotedKey(inMap);
        }
        else
        {
            key = unquotedKey(inMap);
            if (ConfCursor.isSpace(in.peek()) && key.toLowerCase(Locale.ROOT).equals("include"))
            {
                include(map, keyLine, keyColumn);
                return;
            }
        }
        in.skipSpaces();
        if (in.peek() == ConfCursor.EOF && !inMap)
        {
            return; // as lex.go: a trailing key without a value is dropped
        }
        if (ConfCursor.isKeySeparator(in.peek()))
        {
            in.next();
            if (inMap)
            {
                in.skipSpaces();
                if (in.peek() == ',')
                {
                    throw in.error("Unexpected map value terminator ','.");
                }
            }
        }
        final ConfValue value;
        try
        {
            value = value();
        }
        catch (final ConfException ex)
        {
            throw ex.inKey(key);
        }
        map.put(key, value.at(in.file(), keyLine, keyColumn));
    }

    private String quotedKey(final boolean inMap)
    {
        final int quote = in.next();
        final StringBuilder sb = new StringBuilder();
        while (in.peek() != quote)
        {
            if (in.peek() == ConfCursor.EOF)
            {
                throw in.error(inMap ? "Unexpected EOF processing quoted map key." : "Unexpected EOF.");
            }
            sb.append((char)in.next());
        }
        in.next();
        return sb.toString();
    }

    private String unquotedKey(final boolean inMap)
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int c = in.peek();
            if (c == ConfCursor.EOF && inMap)
            {
                throw in.error("Unexpected EOF processing map key.");
            }
            if (c == ConfCursor.EOF || ConfCursor.isSpace(c) || ConfCursor.isKeySeparator(c))
            {
                return sb.toString();
            }
            sb.append((char)in.next());
        }
    }

    private ConfValue value()
    {
        in.skipBlanks();
        final int line = in.line();
        final int column = in.column();
        final int c = in.peek();
        final Object raw;
        if (c == '[')
        {
            in.next();
            raw = array();
        }
        else if (c == '{')
        {
            in.next();
            raw = map();
        }
        else if (c == '\'')
        {
            in.next();
            raw = ConfScalars.singleQuoted(in);
        }
        else if (c == '"')
        {
            in.next();
            raw = ConfScalars.doubleQuoted(in);
        }
        else if (c == '(')
        {
            in.next();
            raw = ConfScalars.block(in);
        }
        else if (c == '-' || Character.isDigit(c))
        {
            raw = ConfScalars.number(in);
        }
        else if (c == '.')
        {
            throw in.error("Floats must start with a digit");
        }
        else if (ConfCursor.isNewLine(c))
        {
            throw in.error("Expected value but found new line");
        }
        else if (c == ConfCursor.EOF)
        {
            throw in.error("Expected value but found EOF");
        }
        else
        {
            raw = ConfScalars.unquoted(in, "");
        }
        if (raw instanceof ConfScalars.Variable variable)
        {
            return resolve(variable.name(), line, column);
        }
        return new ConfValue(raw, in.file(), line, column);
    }

    private List<ConfValue> array()
    {
        final List<ConfValue> list = new ArrayList<>();
        while (true)
        {
            in.skipSpaces();
            if (in.skipComment())
            {
                continue;
            }
            final int c = in.peek();
            if (c == ',')
            {
                throw in.error("Unexpected array value terminator ','.");
            }
            if (c == ']')
            {
                in.next();
                return list;
            }
            if (c == ConfCursor.EOF)
            {
                throw in.error("Unexpected EOF processing array.");
            }
            list.add(value());
            in.skipBlanks();
            if (in.skipComment())
            {
                continue;
            }
            final int end = in.next();
            if (end == ']')
            {
                return list;
            }
            if (end != ',' && !ConfCursor.isNewLine(end))
            {
                throw in.error("Expected an array value terminator ',' or an array terminator ']', but got '"
                    + ConfCursor.show(end) + "' instead.");
            }
        }
    }

    private Map<String, ConfValue> map()
    {
        final Map<String, ConfValue> map = new LinkedHashMap<>();
        scopes.add(map);
        while (true)
        {
            in.skipSpaces();
            if (in.skipComment())
            {
                continue;
            }
            final int c = in.peek();
            if (c == '}')
            {
                in.next();
                scopes.remove(scopes.size() - 1);
                return map;
            }
            if (c == ']')
            {
                throw in.error("Unexpected array end ']' processing map.");
            }
            if (c == ConfCursor.EOF)
            {
                throw in.error("Unexpected EOF processing map.");
            }
            entry(map, true);
            in.skipBlanks();
            if (in.skipComment())
            {
                continue;
            }
            final int end = in.peek();
            if (end == '}')
            {
                continue;
            }
            in.next();
            if (end != ',' && end != ';' && !ConfCursor.isNewLine(end))
            {
                throw in.error("Expected a map value terminator ',' or a map terminator '}', but got '"
                    + ConfCursor.show(end) + "' instead.");
            }
        }
    }

    private ConfValue resolve(final String name, final int line, final int column)
    {
        if (name.startsWith(BCRYPT_PREFIX))
        {
            // A bcrypt hash such as $2a$11$... is a password, not a variable.
            return new ConfValue("$" + name, in.file(), line, column);
        }
        for (int i = scopes.size() - 1; i >= 0; i--)
        {
            final ConfValue found = scopes.get(i).get(name);
            if (found != null)
            {
                found.markUsed();
                return found.at(in.file(), line, column);
            }
        }
        final String fromEnv = env.get(name);
        if (fromEnv != null)
        {
            try
            {
                final ConfValue parsed = parseString("pk=" + fromEnv, "env " + name, dir, env).get("pk");
                if (parsed != null)
                {
                    return parsed.at(in.file(), line, column);
                }
            }
            catch (final ConfException ex)
            {
                throw new ConfException(in.file(), line, column, "variable reference for '" + name + "' on line "
                    + line + " could not be parsed: " + ex.reason());
            }
        }
        throw new ConfException(in.file(), line, column,
            "variable reference for '" + name + "' on line " + line + " can not be found");
    }

    private void include(final Map<String, ConfValue> map, final int line, final int column)
    {
        in.skipBlanks();
        final String name = ConfIncludes.includeName(in);
        if (depth >= MAX_INCLUDE_DEPTH)
        {
            throw new ConfException(in.file(), line, column, "include depth over " + MAX_INCLUDE_DEPTH
                + " (an include cycle?) at '" + name + "'");
        }
        final Path target;
        try
        {
            target = dir == null ? Path.of(name) : dir.resolve(name);
        }
        catch (final InvalidPathException ex)
        {
            // A NUL in the name: Go's open fails with EINVAL.
            throw new ConfException(in.file(), line, column,
                "error parsing include file '" + name + "', open " + name + ": invalid argument");
        }
        final Map<String, ConfValue> included;
        try
        {
            included = parseFile(target, env, depth + 1);
        }
        catch (final ConfException ex)
        {
            throw new ConfException(in.file(), line, column,
                "error parsing include file '" + name + "', " + ex.getMessage());
        }
        map.putAll(included);
    }
}
