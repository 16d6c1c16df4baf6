package jnatsd.server.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One wire scenario parsed from a {@code *.script} file.
 *
 * <pre>
 * # comment lines start with '#'
 * max_payload: 1KB            &lt;- everything above '---' is the server config, passed verbatim
 * ---
 * connect                     &lt;- steps; "cN:" selects the client (default c1)
 * send "CONNECT {}\r\n"
 * c2: connect
 * barrier
 * </pre>
 *
 * A file without a {@code ---} line has no config. The step reference is {@code wire-scripts/wire-compat.md}
 * (test resources).
 */
public final class WireScript
{
    /** The operations a step can perform. */
    public enum Op
    {
        CONNECT, SEND, SEND_SPLIT, BARRIER, READ, READ_WINDOW, SLEEP, EXPECT_CLOSED, EXPECT, EXPECT_NOT, CLOSE, MASK
    }

    /** One line of the step section. */
    public record Step(int line, String client, Op op, byte[] data, long millis, int chunk, String replacement)
    {
    }

    private static final long DEFAULT_EXPECT_CLOSED_MS = 3_000;
    private static final long DEFAULT_READ_MAX_MS = 2_000;

    private final String name;
    private final String config;
    private final List<Step> steps;

    private WireScript(final String name, final String config, final List<Step> steps)
    {
        this.name = name;
        this.config = config;
        this.steps = steps;
    }

    public String name()
    {
        return name;
    }

    /** The server configuration text (may be empty). */
    public String config()
    {
        return config;
    }

    public List<Step> steps()
    {
        return steps;
    }

    /** Reads and parses a script file; throws {@link IllegalArgumentException} naming the line on bad syntax. */
    public static WireScript load(final Path file) throws IOException
    {
        final String fileName = file.getFileName().toString();
        return parse(fileName.replaceFirst("\\.script$", ""), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Parses script text. */
    public static WireScript parse(final String name, final String text)
    {
        final String[] lines = text.split("\n", -1);
        int stepStart = 0;
        final StringBuilder config = new StringBuilder();
        for (int i = 0; i < lines.length; i++)
        {
            if (lines[i].strip().equals("---"))
            {
                for (int j = 0; j < i; j++)
                {
                    config.append(lines[j]).append('\n');
                }
                stepStart = i + 1;
                break;
            }
        }
        final List<Step> steps = new ArrayList<>();
        for (int i = stepStart; i < lines.length; i++)
        {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            try
            {
                steps.add(parseStep(i + 1, line));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": " + ex.getMessage() + ": " + line, ex);
            }
        }
        if (steps.isEmpty())
        {
            throw new IllegalArgumentException(name + ": no steps");
        }
        return new WireScript(name, config.toString(), List.copyOf(steps));
    }

    private static Step parseStep(final int lineNo, final String rawLine)
    {
        String line = rawLine;
        String client = "c1";
        final int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).matches("c[0-9]+"))
        {
            client = line.substring(0, colon);
            line = line.substring(colon + 1).strip();
        }
        final int sp = line.indexOf(' ');
        final String verb = sp < 0 ? line : line.substring(0, sp);
        final String rest = sp < 0 ? "" : line.substring(sp + 1).strip();
        switch (verb)
        {
            case "connect":
                return new Step(lineNo, client, Op.CONNECT, null, 0, 0, null);
            case "send":
            case "send-bytes":
            {
                final byte[] data = verb.equals("send") ? decodeTokens(rest) : hex(rest);
                return new Step(lineNo, client, Op.SEND, data, 0, 0, null);
            }
            case "send-split":
            {
                final int sp2 = rest.indexOf(' ');
                final int chunk = Integer.parseInt(rest.substring(0, sp2));
                final byte[] data = decodeTokens(rest.substring(sp2 + 1));
                return new Step(lineNo, client, Op.SEND_SPLIT, data, 0, chunk, null);
            }
            case "barrier":
                return new Step(lineNo, client, Op.BARRIER, null, DEFAULT_READ_MAX_MS, 0, null);
            case "read":
                return rest.isEmpty()
                    ? new Step(lineNo, client, Op.READ, null, DEFAULT_READ_MAX_MS, 0, null)
                    : new Step(lineNo, client, Op.READ_WINDOW, null, duration(rest), 0, null);
            case "sleep":
                return new Step(lineNo, client, Op.SLEEP, null, duration(rest), 0, null);
            case "expect-closed":
                return new Step(lineNo, client, Op.EXPECT_CLOSED, null,
                    rest.isEmpty() ? DEFAULT_EXPECT_CLOSED_MS : duration(rest), 0, null);
            case "expect":
                return new Step(lineNo, client, Op.EXPECT, decodeTokens(rest), 0, 0, null);
            case "expect-not":
                return new Step(lineNo, client, Op.EXPECT_NOT, decodeTokens(rest), 0, 0, null);
            case "mask":
            {
                // mask "regex" "replacement": applied to every received-data transcript line of this run
                final List<String> two = quotedStrings(rest);
                if (two.size() != 2)
                {
                    throw new IllegalArgumentException("mask needs \"regex\" \"replacement\"");
                }
                final byte[] regex = two.get(0).getBytes(StandardCharsets.UTF_8);
                return new Step(lineNo, client, Op.MASK, regex, 0, 0, two.get(1));
            }
            case "close":
                return new Step(lineNo, client, Op.CLOSE, null, 0, 0, null);
            default:
                throw new IllegalArgumentException("unknown step '" + verb + "'");
        }
    }

    /** Parses {@code 100ms}, {@code 2s}. */
    static long duration(final String text)
    {
        final String t = text.strip();
        if (t.endsWith("ms"))
        {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        if (t.endsWith("s"))
        {
            return Long.parseLong(t.substring(0, t.length() - 1)) * 1000;
        }
        throw new IllegalArgumentException("bad duration '" + text + "'");
    }

    /**
     * Decodes a sequence of tokens: {@code "text"} with C escapes ({@code \r \n \t \0 \\ \" \xHH}),
     * {@code N*"text"} (text repeated N times) and {@code hex:0d0a}.
     */
    static byte[] decodeTokens(final String text)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        final int n = text.length();
        while (i < n)
        {
            final char c = text.charAt(i);
            if (Character.isWhitespace(c))
            {
                i++;
                continue;
            }
            int repeat = 1;
            if (Character.isDigit(c))
            {
                final int star = text.indexOf('*', i);
                if (star < 0)
                {
                    throw new IllegalArgumentException("expected N*\"...\" at column " + i);
                }
                repeat = Integer.parseInt(text.substring(i, star));
                i = star + 1;
            }
            else if (text.startsWith("hex:", i))
            {
                int end = i + 4;
                while (end < n && !Character.isWhitespace(text.charAt(end)))
                {
                    end++;
                }
                out.writeBytes(hex(text.substring(i + 4, end)));
                i = end;
                continue;
            }
            if (i >= n || text.charAt(i) != '"')
            {
                throw new IllegalArgumentException("expected '\"' at column " + i);
            }
            final ByteArrayOutputStream str = new ByteArrayOutputStream();
            i = readQuoted(text, i + 1, str);
            final byte[] bytes = str.toByteArray();
            for (int r = 0; r < repeat; r++)
            {
                out.writeBytes(bytes);
            }
        }
        return out.toByteArray();
    }

    private static int readQuoted(final String text, final int start, final ByteArrayOutputStream out)
    {
        int i = start;
        while (i < text.length())
        {
            final char c = text.charAt(i);
            if (c == '"')
            {
                return i + 1;
            }
            if (c != '\\')
            {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                i++;
                continue;
            }
            final char e = text.charAt(i + 1);
            i += 2;
            switch (e)
            {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\' -> out.write('\\');
                case '"' -> out.write('"');
                case 'x' ->
                {
                    out.write(Integer.parseInt(text.substring(i, i + 2), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
        throw new IllegalArgumentException("unterminated string");
    }

    private static List<String> quotedStrings(final String text)
    {
        final List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length())
        {
            if (Character.isWhitespace(text.charAt(i)))
            {
                i++;
                continue;
            }
            if (text.charAt(i) != '"')
            {
                throw new IllegalArgumentException("expected '\"' at column " + i);
            }
            final StringBuilder sb = new StringBuilder();
            i++;
            while (i < text.length() && text.charAt(i) != '"')
            {
                if (text.charAt(i) == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"')
                {
                    i++;
                }
                sb.append(text.charAt(i));
                i++;
            }
            out.add(sb.toString());
            i++;
        }
        return out;
    }

    static byte[] hex(final String text)
    {
        final String h = text.replaceAll("\\s+", "");
        if (h.length() % 2 != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        final byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++)
        {
            b[i] = (byte)Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
