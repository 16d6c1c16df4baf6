package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The system account of nats-server 2.9.10 and of jnatsd answer the same {@code $SYS.REQ} requests, and publish the
 * same events, with the same JSON keys and types, recursively (values that differ by nature, ids, times, counts,
 * are not compared), as {@link MonitoringInteropIT} compares the HTTP documents. Needs nats-server: -Pinterop.
 */
class SystemAccountInteropIT
{
    private static final String CONFIG = """
        server_name: sys-interop
        accounts {
          SYS { users: [ {user: sys, password: sys} ] }
          A { users: [ {user: a, password: a} ] }
        }
        system_account: SYS
        """;

    /** Requests compared: a name, the subject ("ID" stands for the server's id) and the body. */
    private static final Map<String, String[]> REQUESTS = requests();

    /** Events compared: a name and the subject the capture subscribes to. */
    private static final Map<String, String> EVENTS = Map.of(
        "connect", "$SYS.ACCOUNT.A.CONNECT",
        "disconnect", "$SYS.ACCOUNT.A.DISCONNECT",
        "account conns", "$SYS.SERVER.ACCOUNT.A.CONNS",
        "account conns (old subject)", "$SYS.ACCOUNT.A.SERVER.CONNS",
        "statsz heartbeat", "$SYS.SERVER.*.STATSZ");

    /** Differences on purpose, with the reason (docs/system-account.md). */
    private static final Map<String, String> ALLOWED = Map.of(
        "VARZ data.internal_errors: only in jnatsd", "jnatsd's error policy counter, as on /varz",
        "ID.VARZ data.internal_errors: only in jnatsd", "jnatsd's error policy counter, as on /varz",
        "ACCOUNT.A.INFO data.imports: missing in jnatsd", "the $SYS service imports nats-server gives every account");

    private static Map<String, String[]> requests()
    {
        final Map<String, String[]> r = new LinkedHashMap<>();
        r.put("PING", new String[] {"$SYS.REQ.SERVER.PING", ""});
        r.put("STATSZ", new String[] {"$SYS.REQ.SERVER.PING.STATSZ", ""});
        r.put("VARZ", new String[] {"$SYS.REQ.SERVER.PING.VARZ", ""});
        r.put("ID.VARZ", new String[] {"$SYS.REQ.SERVER.ID.VARZ", ""});
        r.put("CONNZ", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", ""});
        r.put("CONNZ subs", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{\"subscriptions\":true,\"auth\":true}"});
        r.put("CONNZ detail", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{\"subscriptions_detail\":true}"});
        r.put("CONNZ bad", new String[] {"$SYS.REQ.SERVER.PING.CONNZ", "{\"limit\":x}"});
        r.put("SUBSZ", new String[] {"$SYS.REQ.SERVER.PING.SUBSZ", ""});
        r.put("SUBSZ subs", new String[] {"$SYS.REQ.SERVER.PING.SUBSZ", "{\"subscriptions\":true,\"test\":\"i.a\"}"});
        r.put("ROUTEZ", new String[] {"$SYS.REQ.SERVER.PING.ROUTEZ", ""});
        r.put("HEALTHZ", new String[] {"$SYS.REQ.SERVER.PING.HEALTHZ", ""});
        r.put("ACCOUNTZ", new String[] {"$SYS.REQ.SERVER.PING.ACCOUNTZ", ""});
        r.put("LEAFZ", new String[] {"$SYS.REQ.SERVER.PING.LEAFZ", ""});
        r.put("GATEWAYZ", new String[] {"$SYS.REQ.SERVER.PING.GATEWAYZ", ""});
        r.put("ID.STATSZ", new String[] {"$SYS.REQ.SERVER.ID.STATSZ", ""});
        r.put("ACCOUNT.A.LEAFZ", new String[] {"$SYS.REQ.ACCOUNT.A.LEAFZ", ""});
        r.put("ACCOUNT.A.CONNZ", new String[] {"$SYS.REQ.ACCOUNT.A.CONNZ", ""});
        r.put("ACCOUNT.A.SUBSZ", new String[] {"$SYS.REQ.ACCOUNT.A.SUBSZ", ""});
        r.put("ACCOUNT.A.INFO", new String[] {"$SYS.REQ.ACCOUNT.A.INFO", ""});
        r.put("ACCOUNT.NOPE.INFO", new String[] {"$SYS.REQ.ACCOUNT.NOPE.INFO", ""});
        r.put("ACCOUNT.NOPE.CONNZ", new String[] {"$SYS.REQ.ACCOUNT.NOPE.CONNZ", ""});
        return r;
    }

    @Test
    void requestsAndEventsShouldHaveNatsKeysAndTypes() throws Exception
    {
        final Map<String, JsonNode> nats = capture(ServerProcess.Kind.NATS_SERVER);
        final Map<String, JsonNode> ours = capture(ServerProcess.Kind.JNATSD);
        final List<String> problems = new ArrayList<>();
        for (final String name : nats.keySet())
        {
            MonitoringInteropIT.compare(name, "", nats.get(name), ours.get(name), problems);
        }
        problems.removeIf(ALLOWED::containsKey);
        assertEquals(List.of(), problems, "differences from nats-server (allowed: " + ALLOWED.keySet() + ")");
        assertEquals(REQUESTS.size() + EVENTS.size(), nats.size(), nats.keySet().toString());
    }

    private static Map<String, JsonNode> capture(final ServerProcess.Kind kind) throws Exception
    {
        final Map<String, JsonNode> docs = new TreeMap<>();
        try (ServerProcess s = ServerProcess.start(kind, CONFIG))
        {
            final Options.Builder o = new Options.Builder().server(s.url()).connectionTimeout(Duration.ofSeconds(5))
                .noReconnect();
            try (Connection sys = Nats.connect(o.userInfo("sys", "sys").build());
                Connection a = Nats.connect(new Options.Builder().server(s.url()).userInfo("a", "a")
                    .connectionName("interop").connectionTimeout(Duration.ofSeconds(5)).build()))
            {
                a.subscribe("i.>");
                a.subscribe("i.q", "workers");
                a.publish("i.a", new byte[] {1, 2, 3});
                a.flush(Duration.ofSeconds(5));
                final Map<String, Subscription> events = new LinkedHashMap<>();
                EVENTS.forEach((name, subject) -> events.put(name, sys.subscribe(subject)));
                sys.flush(Duration.ofSeconds(5));
                final String id = sys.getServerInfo().getServerId();
                for (final Map.Entry<String, String[]> r : REQUESTS.entrySet())
                {
                    final String subject = r.getValue()[0].replace(".ID.", "." + id + ".");
                    final Message m = sys.request(subject, r.getValue()[1].getBytes(StandardCharsets.UTF_8),
                        Duration.ofSeconds(5));
                    assertNotNull(m, kind + ": no answer to " + r.getKey());
                    docs.put(r.getKey(), MonitorTestSupport.JSON.readTree(m.getData()));
                }
                try (Connection b = Nats.connect(new Options.Builder().server(s.url()).userInfo("a", "a")
                    .connectionName("coming-and-going").connectionTimeout(Duration.ofSeconds(5)).build()))
                {
                    b.publish("i.b", new byte[] {4});
                    b.flush(Duration.ofSeconds(5));
                }
                for (final Map.Entry<String, Subscription> e : events.entrySet())
                {
                    // The heartbeat is at most a few seconds away on a server this young.
                    final Message m = e.getValue().nextMessage(Duration.ofSeconds(20));
                    assertNotNull(m, kind + ": no " + e.getKey() + " event");
                    docs.put(e.getKey(), MonitorTestSupport.JSON.readTree(m.getData()));
                }
            }
        }
        assertTrue(docs.get("PING").has("statsz"), docs.get("PING").toString());
        return docs;
    }
}
