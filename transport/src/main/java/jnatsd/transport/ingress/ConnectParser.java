package jnatsd.transport.ingress;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the CONNECT JSON object. Like nats-server's json.Unmarshal into ClientOpts: unknown fields are ignored,
 * a field of the wrong type is an error, defaults are verbose/pedantic/echo true, field names match without regard
 * to case (Go's rule, so "VERBOSE" is verbose; the last of several wins) and nothing but blanks may follow the
 * object.
 */
public final class ConnectParser
{
    /** A CONNECT's secret fields, as JSON spells them (values may hold escaped quotes). */
    private static final Pattern SECRETS =
        Pattern.compile("(\"(?:pass|auth_token|sig|jwt)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final List<String> SECRET_FIELDS = List.of("pass", "auth_token", "sig", "jwt");
    private static final List<String> FIELDS = List.of("verbose", "pedantic", "echo", "headers", "no_responders",
        "protocol", "name", "lang", "version", "user", "pass", "auth_token", "nkey", "sig", "jwt");

    /**
     * The CONNECT JSON as it may be logged: password, token, signature and JWT shown as "[REDACTED]". nats-server
     * 2.9.10 redacts only "pass" in its trace; jnatsd never logs a secret.
     */
    public static String redacted(final String json)
    {
        // The JSON tokens find the secrets however their names are spelled (case, escapes); text that is not JSON
        // (the rest after a syntax error) falls back to a pattern.
        final StringBuilder out = new StringBuilder(json.length());
        int copied = 0;
        try (JsonParser p = MAPPER.createParser(json))
        {
            int depth = 0;
            boolean secret = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken())
            {
                if (t.isStructStart())
                {
                    depth++;
                }
                else if (t.isStructEnd() && --depth == 0)
                {
                    final int end = (int)p.currentLocation().getCharOffset();
                    out.append(json, copied, end);
                    copied = end;
                    break;
                }
                if (t == JsonToken.FIELD_NAME)
                {
                    final String field = depth == 1 ? fieldOf(p.currentName()) : null;
                    secret = field != null && SECRET_FIELDS.contains(field);
                }
                else if (t == JsonToken.VALUE_STRING && secret && depth == 1)
                {
                    final int start = (int)p.currentTokenLocation().getCharOffset();
                    p.getText();
                    out.append(json, copied, start).append("\"[REDACTED]\"");
                    copied = (int)p.currentLocation().getCharOffset();
                }
            }
        }
        catch (final IOException ex)
        {
            // Not JSON from here on: the pattern below.
        }
        return out.append(SECRETS.matcher(json.substring(copied)).replaceAll("$1\"[REDACTED]\"")).toString();
    }

    /** The ClientOpts field a JSON name sets (Go's case folding, with its K and long s), or null. */
    static String fieldOf(final String name)
    {
        for (final String field : FIELDS)
        {
            if (equalFold(name, field))
            {
                return field;
            }
        }
        return null;
    }

    private static boolean equalFold(final String name, final String lowerAscii)
    {
        if (name.length() != lowerAscii.length())
        {
            return false;
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            final char f = lowerAscii.charAt(i);
            final boolean same = c == f || (c < 128 && Character.toLowerCase(c) == f)
                || (f == 'k' && c == '\u212a') || (f == 's' && c == '\u017f');
            if (!same)
            {
                return false;
            }
        }
        return true;
    }

    /** Parsed CONNECT options. */
    public record ConnectOptions(
        boolean verbose, boolean pedantic, boolean echo, boolean headers, boolean noResponders, int protocol,
        String name, String lang, String version, String user, String pass, String authToken, boolean hasLang,
        String nkey, String sig, String jwt)
    {
    }

    /** A CONNECT that nats-server would refuse to unmarshal; the message is what it logs. */
    public static final class BadConnectException extends Exception
    {
        private static final long serialVersionUID = 1L;

        public BadConnectException(final String message)
        {
            super(message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConnectParser()
    {
    }

    public static ConnectOptions parse(final String json) throws BadConnectException
    {
        final Map<String, JsonNode> n = fields(json);
        return new ConnectOptions(
            bool(n, "verbose", true), bool(n, "pedantic", true), bool(n, "echo", true), bool(n, "headers", false),
            bool(n, "no_responders", false), integer(n, "protocol", 0), string(n, "name"), string(n, "lang"),
            string(n, "version"), string(n, "user"), string(n, "pass"), string(n, "auth_token"), n.containsKey("lang"),
            string(n, "nkey"), string(n, "sig"), string(n, "jwt"));
    }

    /** The known fields of the object by their ClientOpts name, in Go's order of assignment (the last one wins). */
    private static Map<String, JsonNode> fields(final String json) throws BadConnectException
    {
        final Map<String, JsonNode> fields = new HashMap<>();
        try (JsonParser p = MAPPER.createParser(json))
        {
            final JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT)
            {
                final JsonNode n = first == null ? null : MAPPER.readTree(p);
                throw new BadConnectException("json: cannot unmarshal " + (n == null ? "nothing" : n.getNodeType())
                    + " into Go value of type server.ClientOpts");
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken())
            {
                final String field = fieldOf(p.currentName());
                p.nextToken();
                final JsonNode value = MAPPER.readTree(p);
                if (field != null)
                {
                    fields.put(field, value);
                }
            }
            afterValue(json, (int)p.currentLocation().getCharOffset());
        }
        catch (final IOException ex)
        {
            throw new BadConnectException(
                ex instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : ex.getMessage());
        }
        return fields;
    }

    /** Go's json.Unmarshal refuses anything but blanks after the value. */
    private static void afterValue(final String json, final int end) throws BadConnectException
    {
        for (int i = end; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            {
                throw new BadConnectException("invalid character '" + c + "' after top-level value");
            }
        }
    }

    private static boolean bool(final Map<String, JsonNode> n, final String field, final boolean dflt)
        throws BadConnectException
    {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull())
        {
            return dflt;
        }
        if (v.getNodeType() != JsonNodeType.BOOLEAN)
        {
            throw typeError(v, field, "bool");
        }
        return v.booleanValue();
    }

    private static int integer(final Map<String, JsonNode> n, final String field, final int dflt)
        throws BadConnectException
    {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull())
        {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt())
        {
            throw typeError(v, field, "int");
        }
        return v.intValue();
    }

    private static String string(final Map<String, JsonNode> n, final String field) throws BadConnectException
    {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull())
        {
            return "";
        }
        if (!v.isTextual())
        {
            throw typeError(v, field, "string");
        }
        return v.textValue();
    }

    private static BadConnectException typeError(final JsonNode v, final String field, final String type)
    {
        return new BadConnectException("json: cannot unmarshal " + v.getNodeType().name().toLowerCase()
            + " into Go struct field ClientOpts." + field + " of type " + type);
    }
}
