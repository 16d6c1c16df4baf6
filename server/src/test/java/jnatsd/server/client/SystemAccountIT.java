package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The system account with config accounts ({@code system_account: SYS}): a user of SYS sends nats-server 2.9's
 * {@code $SYS.REQ} requests with jnats and gets the statsz and monitoring documents in nats-server's envelope;
 * clients coming and going publish CONNECT, DISCONNECT and account CONNS events; STATSZ goes out on its timer; a
 * user of another account cannot reach any of it. Runs against nats-server too ({@code -Dit.server=nats-server}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemAccountIT extends NatsClientTestSupport
{
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Override
    protected String serverConfig()
    {
        return """
            server_name: sys-it
            authorization { users: [ {user: g, password: g} ] }
            accounts {
              SYS { users: [ {user: sys, password: sys} ] }
              A { users: [ {user: a, password: a} ] }
            }
            system_account: SYS
            """;
    }

    private Connection sys() throws Exception
    {
        return connect(options().userInfo("sys", "sys"));
    }

    /** One request, its one answer parsed (nats-server's answers are single JSON documents). */
    static JsonNode request(final Connection c, final String subject, final String body) throws Exception
    {
        final Message m = c.request(subject, body.getBytes(StandardCharsets.UTF_8), WAIT);
        assertNotNull(m, "no answer to " + subject);
        return JSON.readTree(m.getData());
    }

    @Test
    @Order(1)
    void statszShouldGoOutOnItsTimer() throws Exception
    {
        // First at 250 ms, then 500 ms doubling to 30 s: a fresh server sends the next within seconds.
        final Connection c = sys();
        final String id = c.getServerInfo().getServerId();
        final Subscription s = c.subscribe("$SYS.SERVER." + id + ".STATSZ");
        flush(c);
        final Message m = s.nextMessage(Duration.ofSeconds(20));
        assertNotNull(m, "no STATSZ heartbeat within 20 s");
        final JsonNode j = JSON.readTree(m.getData());
        assertEquals(id, j.get("server").get("id").asText());
        assertTrue(j.get("statsz").has("connections") && j.get("statsz").has("start"), j.toString());
    }

    @Test
    void pingShouldAnswerWithTheServersStatsz() throws Exception
    {
        final Connection c = sys();
        final JsonNode j = request(c, "$SYS.REQ.SERVER.PING", "");
        final JsonNode server = j.get("server");
        assertEquals(c.getServerInfo().getServerId(), server.get("id").asText());
        assertEquals("sys-it", server.get("name").asText());
        assertEquals("2.9.10", server.get("ver").asText());
        assertTrue(server.get("seq").asLong() > 0, server.toString());
        final JsonNode statsz = j.get("statsz");
        assertTrue(statsz.get("connections").asInt() >= 1, statsz.toString());
        assertTrue(statsz.get("received").has("msgs") && statsz.get("sent").has("bytes"), statsz.toString());
        assertEquals(1, statsz.get("active_servers").asInt());
        assertEquals(statsz.fieldNames().next(), "start");
        assertEquals(j.toString().contains("\"data\""), false, "statsz is not wrapped in data");
        assertTrue(request(c, "$SYS.REQ.SERVER.PING.STATSZ", "").has("statsz"));
    }

    @Test
    void serverRequestsShouldAnswerWithTheMonitoringDocuments() throws Exception
    {
        final Connection c = sys();
        final String id = c.getServerInfo().getServerId();
        for (final String to : List.of("PING", id))
        {
            final JsonNode varz = request(c, "$SYS.REQ.SERVER." + to + ".VARZ", "").get("data");
            assertEquals(id, varz.get("server_id").asText());
            assertEquals("SYS", varz.get("system_account").asText());
            final JsonNode connz = request(c, "$SYS.REQ.SERVER." + to + ".CONNZ", "").get("data");
            assertTrue(connz.get("num_connections").asInt() >= 1, connz.toString());
            assertEquals("ok", request(c, "$SYS.REQ.SERVER." + to + ".HEALTHZ", "").get("data").get("status")
                .asText());
            final JsonNode accountz = request(c, "$SYS.REQ.SERVER." + to + ".ACCOUNTZ", "").get("data");
            assertEquals("SYS", accountz.get("system_account").asText());
            final List<String> names = new ArrayList<>();
            accountz.get("accounts").forEach(n -> names.add(n.asText()));
            assertTrue(names.containsAll(List.of("$G", "SYS", "A")), names.toString());
            assertEquals(0, request(c, "$SYS.REQ.SERVER." + to + ".ROUTEZ", "").get("data").get("num_routes")
                .asInt());
            assertTrue(request(c, "$SYS.REQ.SERVER." + to + ".SUBSZ", "").get("data").has("num_subscriptions"));
        }
    }

    @Test
    void requestOptionsShouldShapeTheDocument() throws Exception
    {
        final Connection c = sys();
        final Connection a = connect(options().userInfo("a", "a").connectionName("opt-a"));
        a.subscribe("opt.x");
        flush(a);
        final JsonNode connz = request(c, "$SYS.REQ.SERVER.PING.CONNZ",
            "{\"subscriptions\":true,\"acc\":\"A\",\"auth\":true}").get("data");
        assertEquals(1, connz.get("num_connections").asInt(), connz.toString());
        final JsonNode conn = connz.get("connections").get(0);
        assertEquals("opt-a", conn.get("name").asText());
        assertEquals("a", conn.get("authorized_user").asText());
        assertEquals("[\"opt.x\"]", conn.get("subscriptions_list").toString());
        final JsonNode bad = request(c, "$SYS.REQ.SERVER.PING.CONNZ", "{\"limit\":x}");
        assertEquals(400, bad.get("error").get("code").asInt(), bad.toString());
    }

    @Test
    void accountRequestsShouldBeScopedToTheAccount() throws Exception
    {
        final Connection c = sys();
        final Connection a = connect(options().userInfo("a", "a").connectionName("in-a"));
        a.subscribe("acc.only");
        flush(a);
        final JsonNode connz = request(c, "$SYS.REQ.ACCOUNT.A.CONNZ", "").get("data");
        assertEquals(1, connz.get("num_connections").asInt(), connz.toString());
        assertEquals("in-a", connz.get("connections").get(0).get("name").asText());
        final JsonNode subsz = request(c, "$SYS.REQ.ACCOUNT.A.SUBSZ", "").get("data");
        final List<String> subjects = new ArrayList<>();
        subsz.get("subscriptions_list").forEach(s -> subjects.add(s.get("subject").asText()));
        assertTrue(subjects.contains("acc.only"), subjects.toString());
        final JsonNode info = request(c, "$SYS.REQ.ACCOUNT.A.INFO", "").get("data");
        assertEquals("A", info.get("account_name").asText());
        assertEquals(1, info.get("client_connections").asInt());
        final JsonNode unknown = request(c, "$SYS.REQ.ACCOUNT.NOPE.INFO", "");
        assertEquals(500, unknown.get("error").get("code").asInt(), unknown.toString());
        assertTrue(unknown.get("data").isNull(), unknown.toString());
    }

    @Test
    void aFilterThatDoesNotNameThisServerShouldGetNoAnswer() throws Exception
    {
        final Connection c = sys();
        final Subscription inbox = c.subscribe("filter.inbox");
        flush(c);
        c.publish("$SYS.REQ.SERVER.PING.VARZ", "filter.inbox", bytes("{\"server_name\":\"no-such-server\"}"));
        c.publish("$SYS.REQ.SERVER.PING.VARZ", "filter.inbox", bytes("{\"server_name\":\"sys-\"}"));
        final Message m = inbox.nextMessage(WAIT);
        assertNotNull(m, "a matching filter (a part of the name) is answered");
        assertEquals("sys-it", JSON.readTree(m.getData()).get("server").get("name").asText());
        assertNull(inbox.nextMessage(Duration.ofMillis(500)), "the other server name got an answer");
    }

    @Test
    void aUserOfAnotherAccountShouldNotReachTheSystemAccount() throws Exception
    {
        final Connection a = connect(options().userInfo("a", "a"));
        final Subscription inbox = a.subscribe("outsider.inbox");
        flush(a);
        a.publish("$SYS.REQ.SERVER.PING", "outsider.inbox", new byte[0]);
        final Message m = inbox.nextMessage(Duration.ofSeconds(1));
        // Nobody in account A serves the subject: nothing, or the no-responders status, but no statsz.
        assertTrue(m == null || m.isStatusMessage(), () -> new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    void clientsComingAndGoingShouldPublishEvents() throws Exception
    {
        final Connection c = sys();
        final Subscription connects = c.subscribe("$SYS.ACCOUNT.A.CONNECT");
        final Subscription disconnects = c.subscribe("$SYS.ACCOUNT.A.DISCONNECT");
        final Subscription conns = c.subscribe("$SYS.SERVER.ACCOUNT.A.CONNS");
        flush(c);
        final Connection a = connect(options().userInfo("a", "a").connectionName("evt"));
        // Other tests' clients of account A may still be leaving: their events are skipped.
        final JsonNode in = next(connects, j -> "evt".equals(j.get("client").path("name").asText()));
        assertEquals("io.nats.server.advisory.v1.client_connect", in.get("type").asText());
        assertEquals(22, in.get("id").asText().length(), in.toString());
        assertEquals("A", in.get("client").get("acc").asText());
        assertEquals("a", in.get("client").get("user").asText());
        assertEquals("evt", in.get("client").get("name").asText());
        assertEquals("java", in.get("client").get("lang").asText());
        assertEquals(1, next(conns, j -> j.get("conns").asInt() == 1).get("conns").asInt());
        a.publish("evt.x", bytes("hello"));
        flush(a);
        a.close();
        final long id = in.get("client").get("id").asLong();
        final JsonNode out = next(disconnects, j -> j.get("client").get("id").asLong() == id);
        assertEquals("io.nats.server.advisory.v1.client_disconnect", out.get("type").asText());
        assertEquals(in.get("client").get("id").asLong(), out.get("client").get("id").asLong());
        assertEquals("Client Closed", out.get("reason").asText());
        // The client's own counts: what it published.
        assertEquals(1, out.get("sent").get("msgs").asInt(), out.toString());
        assertEquals(5, out.get("sent").get("bytes").asInt(), out.toString());
        assertTrue(out.get("client").has("stop"), out.toString());
        final JsonNode last = next(conns, j -> j.get("conns").asInt() == 0);
        assertEquals("io.nats.server.advisory.v1.account_connections", last.get("type").asText());
        assertEquals(0, last.get("conns").asInt(), last.toString());
    }

    @Test
    void globalAccountClientsGiveOnlyTheAccountsConnsEvent() throws Exception
    {
        // nats-server 2.9.10 ignores the global account's activity for CONNECT/DISCONNECT events, sends its CONNS
        // event when a client joins (addClient) but not when one leaves (removeClient skips the global account).
        final Connection c = sys();
        final Subscription connects = c.subscribe("$SYS.ACCOUNT.$G.CONNECT");
        final Subscription disconnects = c.subscribe("$SYS.ACCOUNT.$G.DISCONNECT");
        final Subscription conns = c.subscribe("$SYS.SERVER.ACCOUNT.$G.CONNS");
        flush(c);
        final Connection g = connect(options().userInfo("g", "g").connectionName("gevt"));
        final JsonNode joined = next(conns, j -> j.get("conns").asInt() >= 1);
        assertEquals("$G", joined.get("acc").asText(), joined.toString());
        // nats-server sends it twice (the client joins the global account at accept and again at CONNECT).
        while (conns.nextMessage(Duration.ofMillis(300)) != null)
        {
            // skipped
        }
        g.close();
        assertNull(connects.nextMessage(Duration.ofMillis(500)), "a CONNECT event for a global account client");
        assertNull(disconnects.nextMessage(Duration.ofMillis(500)), "a DISCONNECT event for a global account client");
        assertNull(conns.nextMessage(Duration.ofMillis(500)), "a CONNS event when a global account client left");
    }

    /** The next event that passes the test, skipping others (at most a few, within the usual wait each). */
    private static JsonNode next(final Subscription s, final Predicate<JsonNode> wanted)
        throws Exception
    {
        for (int i = 0; i < 10; i++)
        {
            final JsonNode j = JSON.readTree(next(s).getData());
            if (wanted.test(j))
            {
                return j;
            }
        }
        throw new AssertionError("no wanted event on " + s.getSubject() + " among 10");
    }

    private static Message next(final Subscription s) throws InterruptedException
    {
        final Message m = s.nextMessage(WAIT);
        assertNotNull(m, "no event on " + s.getSubject());
        return m;
    }
}
