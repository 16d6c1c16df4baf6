package jnatsd.transport.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import jnatsd.engine.cluster.RouteConnect;
import jnatsd.engine.cluster.RouteInfo;

/** Reads route CONNECT and INFO objects (unknown fields ignored, as Go's json.Unmarshal). */
final class RouteJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RouteJson()
    {
    }

    /** A parsed route CONNECT, or null when it is not a JSON object. */
    static RouteConnect connect(final JsonNode n)
    {
        return new RouteConnect(text(n, "name"), text(n, "cluster"), bool(n, "cluster_dynamic"),
            !n.has("headers") || bool(n, "headers"), text(n, "user"), text(n, "pass"));
    }

    static RouteInfo info(final JsonNode n)
    {
        final List<String> urls = new ArrayList<>();
        final JsonNode u = n.get("connect_urls");
        if (u != null && u.isArray())
        {
            for (final JsonNode x : u)
            {
                urls.add(x.asText());
            }
        }
        return new RouteInfo(text(n, "server_id"), text(n, "server_name"), text(n, "version"), text(n, "host"),
            n.path("port").asInt(0), text(n, "ip"), text(n, "cluster"), bool(n, "cluster_dynamic"),
            bool(n, "headers"), List.copyOf(urls), bool(n, "ldm"), text(n, "go"));
    }

    /** The JSON object, or null when the text is not one. */
    static JsonNode object(final String json)
    {
        try
        {
            final JsonNode n = MAPPER.readTree(json);
            return n != null && n.isObject() ? n : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static String text(final JsonNode n, final String field)
    {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static boolean bool(final JsonNode n, final String field)
    {
        final JsonNode v = n.get(field);
        return v != null && v.asBoolean(false);
    }
}
