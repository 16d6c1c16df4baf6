package jnatsd.server.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import jnatsd.server.monitor.GoJson;

/**
 * Operator claims as nats-server prints them in a reload refusal ({@code %v} of []*jwt.OperatorClaims, whose
 * String() is json.MarshalIndent): {@code [{...}]}, the fields in the order of the Go structs.
 */
final class OperatorDisplay
{
    private static final List<String> CLAIMS = List.of("aud", "exp", "jti", "iat", "iss", "name", "nbf", "sub");
    private static final List<String> OPERATOR = List.of("signing_keys", "account_server_url",
        "operator_service_urls", "system_account", "assert_server_version", "strict_signing_key_usage", "tags",
        "type", "version");

    private OperatorDisplay()
    {
    }

    static String list(final List<String> jwts)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < jwts.size(); i++)
        {
            sb.append(i == 0 ? "" : " ").append(one(jwts.get(i)));
        }
        return sb.append(']').toString();
    }

    private static String one(final String jwt)
    {
        try
        {
            final String[] chunks = jwt.split("\\.");
            final JsonNode payload = GoJson.mapper().readTree(Base64.getUrlDecoder().decode(chunks[1]));
            final ObjectNode out = ordered(payload, CLAIMS);
            out.set("nats", ordered(payload.path("nats"), OPERATOR));
            return new String(GoJson.indented(out), StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            // Decoded when the config was read; a JWT that no longer parses is shown as it is.
            return jwt;
        }
    }

    private static ObjectNode ordered(final JsonNode from, final List<String> keys)
    {
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (final String k : keys)
        {
            if (from.has(k))
            {
                out.set(k, from.get(k));
            }
        }
        return out;
    }
}
