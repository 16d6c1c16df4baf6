package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the system account must do across routes: a {@code $SYS.REQ.SERVER.PING} sent on one node is answered by
 * every node, a request to one server id by that server only, and a client's CONNECT event on one node reaches a
 * system user on another.
 */
final class SystemOverRoutes
{
    /** Every node of these tests has it. */
    static final String ACCOUNTS = """
        accounts {
          SYS { users: [ {user: sys, password: sys} ] }
          A { users: [ {user: a, password: a} ] }
        }
        system_account: SYS
        """;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private SystemOverRoutes()
    {
    }

    /** A PING on {@code from}'s node is answered by every node named; {@code to}'s id reaches {@code to} only. */
    static void check(final ClusterTestSupport t, final ClusterNode from, final ClusterNode to, final String... all)
        throws Exception
    {
        final Connection sys = t.connect(from, "sys", "sys");
        final Set<String> expected = new TreeSet<>(Set.of(all));
        // Interest crosses the routes shortly after they connect: ask again until every node has answered once.
        final Set<String> names = new TreeSet<>();
        final long end = System.currentTimeMillis() + WAIT.toMillis();
        while (!names.equals(expected) && System.currentTimeMillis() < end)
        {
            names.clear();
            names.addAll(pingNames(sys, "$SYS.REQ.SERVER.PING", Duration.ofMillis(700)));
        }
        assertEquals(expected, names, "the servers answering a PING sent to " + from.name);

        final Connection other = t.connect(to, "sys", "sys");
        final String id = other.getServerInfo().getServerId();
        final Message m = sys.request("$SYS.REQ.SERVER." + id + ".VARZ", new byte[0], Duration.ofSeconds(5));
        assertNotNull(m, "no VARZ from " + to.name + " through " + from.name);
        final JsonNode varz = JSON.readTree(m.getData());
        assertEquals(id, varz.get("data").get("server_id").asText());
        assertEquals(to.name, varz.get("server").get("name").asText());
        assertEquals("SYS", varz.get("data").get("system_account").asText());

        // A client connecting to the other node: its CONNECT event reaches this node's system user.
        final Subscription events = sys.subscribe("$SYS.ACCOUNT.A.CONNECT");
        sys.flush(Duration.ofSeconds(5));
        JsonNode connect = null;
        final long until = System.currentTimeMillis() + WAIT.toMillis();
        while (connect == null && System.currentTimeMillis() < until)
        {
            final Connection a = t.connect(to, "a", "a");
            final Message e = events.nextMessage(Duration.ofSeconds(1));
            a.close();
            connect = e == null ? null : JSON.readTree(e.getData());
        }
        assertNotNull(connect, "no CONNECT event from " + to.name + " reached " + from.name);
        assertEquals(to.name, connect.get("server").get("name").asText());
        assertEquals("A", connect.get("client").get("acc").asText());
        events.unsubscribe();
    }

    /** The server names that answer one request within {@code window}. */
    private static Set<String> pingNames(final Connection c, final String subject, final Duration window)
        throws Exception
    {
        final String inbox = c.createInbox();
        final Subscription s = c.subscribe(inbox);
        c.flush(Duration.ofSeconds(5));
        c.publish(subject, inbox, new byte[0]);
        final Set<String> names = new TreeSet<>();
        final long end = System.currentTimeMillis() + window.toMillis();
        while (System.currentTimeMillis() < end)
        {
            final Message m = s.nextMessage(Duration.ofMillis(Math.max(1, end - System.currentTimeMillis())));
            if (m != null && !m.isStatusMessage())
            {
                final JsonNode j = JSON.readTree(m.getData());
                assertNotNull(j.get("statsz"), j.toString());
                names.add(j.get("server").get("name").asText());
            }
        }
        s.unsubscribe();
        return names;
    }
}
