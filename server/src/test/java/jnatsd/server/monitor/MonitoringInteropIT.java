package jnatsd.server.monitor;

import static jnatsd.server.monitor.MonitorTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The monitoring documents of nats-server 2.9.10 and of jnatsd under the same small load (two jnats clients with
 * subscriptions, one raw client that closed) have the same keys with the same JSON types, recursively. Values
 * differ (ids, times, counts); map-valued fields (http_req_stats) are compared by value type only.
 * Needs nats-server on PATH: runs with -Pinterop.
 */
class MonitoringInteropIT
{
    /** Endpoints compared, with the query that exercises their optional parts. */
    private static final List<String> ENDPOINTS = List.of(
        "/varz", "/connz", "/connz?subs=1", "/connz?subs=detail", "/connz?state=closed&subs=1",
        "/connz?state=all&auth=true&sort=cid", "/connz?cid=1000000", "/routez", "/routez?subs=1", "/subsz",
        "/subsz?subs=1&test=interop.a", "/accountz", "/accountz?acc=$G", "/healthz", "/gatewayz", "/leafz",
        "/accstatz");

    /**
     * Keys nats-server has that jnatsd leaves out on purpose: the service imports of the system account that
     * nats-server gives every account (docs/system-account.md).
     */
    static final Map<String, String> OMITTED = Map.of(
        "/accountz?acc=$G account_detail.imports", "the $SYS service imports of the global account");

    /** Keys jnatsd adds on purpose (clients and tools ignore unknown fields). */
    static final Map<String, String> ADDED = Map.of(
        "/varz internal_errors", "connections closed because handling their input threw (the error policy)");

    /** Fields whose value is a map with data-dependent keys. */
    private static final Set<String> MAPS = Set.of("http_req_stats");

    @Test
    void documentsShouldHaveNatsKeysAndTypes() throws Exception
    {
        final Map<String, JsonNode> nats = capture(ServerProcess.Kind.NATS_SERVER);
        final Map<String, JsonNode> ours = capture(ServerProcess.Kind.JNATSD);
        final List<String> problems = new ArrayList<>();
        for (final String endpoint : ENDPOINTS)
        {
            compare(endpoint, "", nats.get(endpoint), ours.get(endpoint), problems);
        }
        assertEquals(List.of(), problems, "differences from nats-server (allowed omissions: " + OMITTED + ")");
    }

    private static Map<String, JsonNode> capture(final ServerProcess.Kind kind) throws Exception
    {
        final int http = FreePort.next();
        final Map<String, JsonNode> docs = new TreeMap<>();
        try (ServerProcess s = ServerProcess.start(kind, "", "-m", Integer.toString(http)))
        {
            final Options o = new Options.Builder().server(s.url()).connectionName("interop")
                .connectionTimeout(Duration.ofSeconds(5)).build();
            try (Connection a = Nats.connect(o); Connection b = Nats.connect(o))
            {
                a.subscribe("interop.>");
                a.subscribe("interop.q", "workers");
                b.subscribe("interop.a");
                a.flush(Duration.ofSeconds(5));
                b.flush(Duration.ofSeconds(5));
                for (int i = 0; i < 10; i++)
                {
                    b.publish("interop.a", new byte[] {1, 2, 3});
                }
                b.flush(Duration.ofSeconds(5));
                try (RawClient gone = RawClient.named(s.port(), "gone"))
                {
                    gone.send("SUB interop.gone 1\r\n").sync();
                }
                MonitorTestSupport.sleep(300);
                for (final String endpoint : ENDPOINTS)
                {
                    final HttpResponse<String> r = get(http, endpoint);
                    assertEquals(200, r.statusCode(), kind + " " + endpoint + ": " + r.body());
                    docs.put(endpoint, MonitorTestSupport.JSON.readTree(r.body()));
                }
            }
        }
        return docs;
    }

    /** Appends every key or type difference under {@code path}. */
    static void compare(final String endpoint, final String path, final JsonNode nats, final JsonNode ours,
        final List<String> problems)
    {
        final String where = endpoint + " " + (path.isEmpty() ? "(document)" : path);
        if (type(nats) != type(ours))
        {
            problems.add(where + ": nats-server has " + type(nats) + ", jnatsd has " + type(ours));
            return;
        }
        if (nats.isObject())
        {
            final String last = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
            if (MAPS.contains(last))
            {
                return;
            }
            for (final Iterator<String> it = nats.fieldNames(); it.hasNext();)
            {
                final String key = it.next();
                final String child = path.isEmpty() ? key : path + "." + key;
                if (!ours.has(key))
                {
                    if (!OMITTED.containsKey(endpoint + " " + child))
                    {
                        problems.add(endpoint + " " + child + ": missing in jnatsd");
                    }
                    continue;
                }
                compare(endpoint, child, nats.get(key), ours.get(key), problems);
            }
            for (final Iterator<String> it = ours.fieldNames(); it.hasNext();)
            {
                final String key = it.next();
                if (!nats.has(key) && !ADDED.containsKey(endpoint + " " + (path.isEmpty() ? key : path + "." + key)))
                {
                    problems.add(endpoint + " " + (path.isEmpty() ? key : path + "." + key) + ": only in jnatsd");
                }
            }
        }
        else if (nats.isArray() && nats.size() > 0 && ours.size() > 0)
        {
            compare(endpoint, path + "[]", merged(nats), merged(ours), problems);
        }
    }

    /** The union of an array's elements (objects: all keys seen; otherwise the first element). */
    private static JsonNode merged(final JsonNode array)
    {
        if (!array.get(0).isObject())
        {
            return array.get(0);
        }
        final ObjectNode union = MonitorTestSupport.JSON.createObjectNode();
        for (final JsonNode e : array)
        {
            e.fields().forEachRemaining(f -> union.putIfAbsent(f.getKey(), f.getValue()));
        }
        return union;
    }

    private static JsonNodeType type(final JsonNode n)
    {
        return n == null ? JsonNodeType.MISSING : n.getNodeType();
    }

    @Test
    void everyOmissionShouldHaveAReason()
    {
        OMITTED.forEach((k, why) -> assertTrue(!why.isBlank(), k));
    }
}
