package jnatsd.server.monitor;

import static jnatsd.server.monitor.MonitorTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Monitoring of a server with accounts: /connz names each client's account (with auth, not for $G) and filters by
 * one, /accountz lists the accounts and details one with its imports and exports, /subsz filters by account. With
 * {@code -Dit.server=nats-server} the same checks run against nats-server 2.9.10 (which also lists $SYS).
 */
class AccountsMonitoringIT
{
    static final String CONFIG = """
        accounts {
          A {
            users: [ {user: a, password: pa} ]
            exports: [ {stream: "news.>"}, {service: "svc.echo", accounts: [B]} ]
          }
          B {
            users: [ {user: b, password: pb} ]
            imports: [
              {stream: {account: A, subject: "news.>"}, prefix: from_a}
              {service: {account: A, subject: "svc.echo"}, to: "echo"}
            ]
          }
        }
        authorization { users: [ {user: g, password: pg} ] }
        """;

    /** Endpoints compared with nats-server by {@link #documentsShouldHaveNatsKeysAndTypes}. */
    static final List<String> ENDPOINTS = List.of("/connz?auth=true", "/connz?acc=A&auth=true", "/accountz",
        "/accountz?acc=A", "/accountz?acc=B", "/subsz?acc=A&subs=1", "/accstatz");

    static ServerProcess.Kind kind()
    {
        return "nats-server".equals(System.getProperty("it.server")) ? ServerProcess.Kind.NATS_SERVER
            : ServerProcess.Kind.JNATSD;
    }

    /** Starts a server with {@link #CONFIG}, connects a, b and g with a subscription each, reads the endpoints. */
    static Map<String, JsonNode> capture(final ServerProcess.Kind kind) throws Exception
    {
        final int http = FreePort.next();
        final Map<String, JsonNode> docs = new TreeMap<>();
        try (ServerProcess s = ServerProcess.start(kind, CONFIG, "-m", Integer.toString(http)))
        {
            final List<Connection> conns = new ArrayList<>();
            try
            {
                for (final String u : List.of("a", "b", "g"))
                {
                    final Connection c = Nats.connect(new Options.Builder().server(s.url()).userInfo(u, "p" + u)
                        .connectionName("mon-" + u).connectionTimeout(Duration.ofSeconds(5)).build());
                    conns.add(c);
                    c.subscribe("mon." + u);
                    c.flush(Duration.ofSeconds(5));
                }
                MonitorTestSupport.sleep(200);
                for (final String endpoint : ENDPOINTS)
                {
                    docs.put(endpoint, json(http, endpoint));
                }
            }
            finally
            {
                for (final Connection c : conns)
                {
                    c.close();
                }
            }
        }
        return docs;
    }

    /** "type account subject" of an account's imports, without the $SYS ones nats-server gives every account. */
    private static List<String> configuredImports(final JsonNode detail)
    {
        final List<String> out = new ArrayList<>();
        if (detail.has("imports"))
        {
            for (final JsonNode i : detail.get("imports"))
            {
                if (!"$SYS".equals(i.get("account").asText()))
                {
                    out.add(i.get("type").asText() + " " + i.get("account").asText() + " " + i.get("subject").asText());
                }
            }
        }
        return out;
    }

    @Test
    void endpointsShouldShowTheAccounts() throws Exception
    {
        final Map<String, JsonNode> d = capture(kind());
        final Map<String, String> accountOf = new TreeMap<>();
        for (final JsonNode c : d.get("/connz?auth=true").get("connections"))
        {
            accountOf.put(c.get("authorized_user").asText(), c.has("account") ? c.get("account").asText() : "");
        }
        assertEquals(Map.of("a", "A", "b", "B", "g", ""), accountOf);
        final JsonNode onlyA = d.get("/connz?acc=A&auth=true");
        assertEquals(1, onlyA.get("num_connections").asInt());
        assertEquals("a", onlyA.get("connections").get(0).get("authorized_user").asText());

        final List<String> names = new ArrayList<>();
        d.get("/accountz").get("accounts").forEach(n -> names.add(n.asText()));
        assertTrue(names.containsAll(List.of("$G", "A", "B")), names.toString());

        final JsonNode a = d.get("/accountz?acc=A").get("account_detail");
        assertEquals("A", a.get("account_name").asText());
        assertEquals(1, a.get("client_connections").asInt());
        assertEquals(2, a.get("exports").size());
        assertEquals(List.of(), configuredImports(a));
        final JsonNode b = d.get("/accountz?acc=B").get("account_detail");
        assertEquals(List.of("stream A news.>", "service A echo"), configuredImports(b));

        final Map<String, Integer> conns = new TreeMap<>();
        d.get("/accstatz").get("account_statz").forEach(n -> conns.put(n.get("acc").asText(), n.get("conns").asInt()));
        assertEquals(Map.of("$G", 1, "A", 1, "B", 1), conns);

        final JsonNode subs = d.get("/subsz?acc=A&subs=1").get("subscriptions_list");
        final List<String> subjects = new ArrayList<>();
        subs.forEach(n -> subjects.add(n.get("account").asText() + " " + n.get("subject").asText()));
        assertTrue(subjects.contains("A mon.a"), subjects.toString());
        assertFalse(subjects.stream().anyMatch(x -> x.contains("mon.b") || x.contains("mon.g")), subjects.toString());
    }
}
