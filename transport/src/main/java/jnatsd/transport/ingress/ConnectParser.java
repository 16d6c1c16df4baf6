package jnatsd.transport.ingress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Reads the CONNECT JSON object. Like nats-server's json.Unmarshal into ClientOpts: unknown fields are ignored,
 * a field of the wrong type is an error, defaults are verbose/pedantic/echo true.
 */
public final class ConnectParser
{
    /** A CONNECT's secret fields, as JSON spells them (values may hold escaped quotes). */
    private static final Pattern SECRETS =
        Pattern.compile("(\"(?:pass|auth_token|sig|jwt)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    /**
     * The CONNECT JSON as it may be logged: password, token, signature and JWT shown as "[REDACTED]". nats-server
     * 2.9.10 redacts only "pass" in its trace; jnatsd never logs a secret.
     */
    public static String redacted(final String json)
    {
        return SECRETS.matcher(json).replaceAll("$1\"[REDACTED]\"");
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
        final JsonNode n;
        try
        {
            n = MAPPER.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new BadConnectException(
                ex instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : ex.getMessage());
        }
        if (n == null || !n.isObject())
        {
            throw new BadConnectException("json: cannot unmarshal " + (n == null ? "nothing" : n.getNodeType())
                + " into Go value of type server.ClientOpts");
        }
        return new ConnectOptions(
            bool(n, "verbose", true), bool(n, "pedantic", true), bool(n, "echo", true), bool(n, "headers", false),
            bool(n, "no_responders", false), integer(n, "protocol", 0), string(n, "name"), string(n, "lang"),
            string(n, "version"), string(n, "user"), string(n, "pass"), string(n, "auth_token"), n.has("lang"),
            string(n, "nkey"), string(n, "sig"), string(n, "jwt"));
    }

    private static boolean bool(final JsonNode n, final String field, final boolean dflt) throws BadConnectException
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

    private static int integer(final JsonNode n, final String field, final int dflt) throws BadConnectException
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

    private static String string(final JsonNode n, final String field) throws BadConnectException
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
