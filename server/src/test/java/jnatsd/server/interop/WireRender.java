package jnatsd.server.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns received bytes into comparable transcript lines: INFO lines are normalised (keys sorted, values that must
 * differ between servers replaced by {@code "*"}), bytes are escaped, long runs of one byte are compressed.
 */
final class WireRender
{
    /** INFO keys whose values legitimately differ between two servers; only their presence is compared. */
    static final Set<String> VOLATILE_INFO_KEYS = Set.of(
        "server_id", "server_name", "version", "go", "git_commit", "host", "port", "client_id", "client_ip",
        "nonce", "connect_urls", "ws_connect_urls", "ip");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RUN_MIN = 24;

    private WireRender()
    {
    }

    /**
     * Renders bytes as lines (split after each {@code \n}), each prefixed; INFO lines are normalised.
     */
    static List<String> render(final String prefix, final byte[] data)
    {
        final List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++)
        {
            if (data[i] == '\n')
            {
                lines.add(prefix + renderLine(data, start, i + 1));
                start = i + 1;
            }
        }
        if (start < data.length)
        {
            lines.add(prefix + renderLine(data, start, data.length));
        }
        return lines;
    }

    private static String renderLine(final byte[] data, final int from, final int to)
    {
        final String ascii = new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("INFO ") && ascii.endsWith("\r\n"))
        {
            final String normalised = normaliseInfo(ascii);
            if (normalised != null)
            {
                return normalised;
            }
        }
        return escape(data, from, to);
    }

    /** Normalises {@code INFO <json> \r\n}; returns null when the JSON does not parse as an object. */
    static String normaliseInfo(final String line)
    {
        final String body = line.substring(5, line.length() - 2);
        final String json = body.strip();
        final String lead = body.substring(0, body.indexOf(json));
        final String trail = body.substring(body.indexOf(json) + json.length());
        try
        {
            final JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode obj))
            {
                return null;
            }
            final TreeMap<String, JsonNode> sorted = new TreeMap<>();
            obj.fields().forEachRemaining(e -> sorted.put(e.getKey(),
                VOLATILE_INFO_KEYS.contains(e.getKey()) ? TextNode.valueOf("*") : e.getValue()));
            final ObjectNode out = JSON.createObjectNode();
            sorted.forEach(out::set);
            final byte[] b = ("INFO " + lead + JSON.writeValueAsString(out) + trail + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
            return escape(b, 0, b.length) + "  [normalised]";
        }
        catch (final Exception ex)
        {
            return null;
        }
    }

    /** Escapes bytes: printable ASCII as is, {@code \r \n \t \\} and {@code \xHH}; runs of one byte compressed. */
    static String escape(final byte[] data, final int from, final int to)
    {
        final StringBuilder sb = new StringBuilder();
        int i = from;
        while (i < to)
        {
            int run = 1;
            while (i + run < to && data[i + run] == data[i])
            {
                run++;
            }
            if (run >= RUN_MIN)
            {
                sb.append("{").append(escapeByte(data[i])).append('*').append(run).append('}');
                i += run;
                continue;
            }
            sb.append(escapeByte(data[i]));
            i++;
        }
        return sb.toString();
    }

    private static String escapeByte(final byte b)
    {
        final int v = b & 0xff;
        return switch (v)
        {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\\' -> "\\\\";
            default -> v >= 0x20 && v < 0x7f ? String.valueOf((char)v) : String.format("\\x%02x", v);
        };
    }
}
