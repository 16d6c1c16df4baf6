package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP with a changed {@code cluster.routes} (nats-server 2.9 routesOption): added routes are dialed, removed
 * ones are closed ("Route Removed") and not redialed, pending dials to a removed route stop, and the cluster port
 * stays refused. Real jnatsd processes, checked through jnats clients, /routez and the log lines.
 */
class RoutesReloadIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_MS = 15_000;

    /** One node: its ports are fixed before start so configurations can name each other. */
    static final class Node
    {
        final ServerProcess.Kind kind;
        final String name;
        final int routePort;
        final int httpPort;
        ServerProcess process;

        Node(final String name) throws Exception
        {
            this(ServerProcess.Kind.JNATSD, name);
        }

        Node(final ServerProcess.Kind kind, final String name) throws Exception
        {
            this.kind = kind;
            this.name = name;
            this.routePort = FreePort.next();
            this.httpPort = FreePort.next();
        }

        /** More lines of the cluster block (name, authorization...). */
        String clusterExtra = "  name: C1\n";

        String config(final int... routes)
        {
            final String[] urls = new String[routes.length];
            for (int i = 0; i < routes.length; i++)
            {
                urls[i] = routeUrl(routes[i]);
            }
            return configUrls(urls);
        }

        String configUrls(final String... routes)
        {
            final StringBuilder sb = new StringBuilder();
            sb.append("server_name: ").append(name).append("\nhttp: 127.0.0.1:").append(httpPort)
                .append("\ncluster {\n").append(clusterExtra).append("  listen: 127.0.0.1:").append(routePort)
                .append('\n');
            if (routes.length > 0)
            {
                sb.append("  routes: [\n");
                for (final String u : routes)
                {
                    sb.append("    ").append(u).append('\n');
                }
                sb.append("  ]\n");
            }
            return sb.append("}\n").toString();
        }

        Node start(final int... routes) throws Exception
        {
            process = ServerProcess.start(kind, config(routes),
                List.of("-Djnatsd.warmup.messages=2000"), "-D");
            return this;
        }

        /** Rewrites the configuration file and sends SIGHUP; waits for the reload's last line. */
        void reload(final String config, final String expectedLine) throws Exception
        {
            final int before = count(process.log(), expectedLine);
            Files.writeString(process.dir().resolve("server.conf"), config);
            process.signal("HUP");
            awaitTrue(name + " logs " + expectedLine, () -> count(process.log(), expectedLine) > before);
        }

        void reloadRoutes(final int... routes) throws Exception
        {
            reload(config(routes), "[INF] Reloaded server configuration");
        }

        String serverId() throws Exception
        {
            return get(httpPort, "/varz").get("server_id").asText();
        }

        JsonNode routez() throws Exception
        {
            return get(httpPort, "/routez");
        }

        /** The remote server ids of the registered routes. */
        List<String> peers() throws Exception
        {
            final List<String> out = new ArrayList<>();
            for (final JsonNode r : routez().get("routes"))
            {
                out.add(r.get("remote_id").asText());
            }
            return out;
        }
    }

    @Test
    void shouldDialAddedRoutesAndCloseRemovedOnesWithoutRedialing() throws Exception
    {
        addThenRemove(new Node("A"), new Node("B"), new Node("C"));
    }

    /**
     * A routes to B; B and C list nobody, so C is reachable only once A's reload names it (no gossip leads there
     * before). A gains C, then loses it; neither redials and the cluster still forms through B.
     */
    static void addThenRemove(final Node a, final Node b, final Node c) throws Exception
    {
        try
        {
            b.start();
            c.start();
            a.start(b.routePort);
            final String idA = a.serverId();
            final String idB = b.serverId();
            final String idC = c.serverId();
            awaitTrue("A routes to B", () -> peersOf(a).equals(List.of(idB)));
            Thread.sleep(500);
            assertEquals(List.of(), peersOf(c), "C is alone before the reload");

            a.reloadRoutes(b.routePort, c.routePort);
            final String aLog = a.process.log();
            assertTrue(aLog.contains("[INF] Reloaded: cluster routes"), aLog);
            assertFalse(aLog.contains("Reloaded: cluster routes ="), "logged as nats-server does: " + aLog);
            assertTrue(aLog.indexOf("[INF] Reloaded: cluster routes") < aLog.lastIndexOf(
                "[INF] Reloaded server configuration"), aLog);
            awaitTrue("A dials C", () -> peersOf(a).containsAll(List.of(idB, idC)));
            assertTrue(a.process.awaitLog("Trying to connect to route on 127.0.0.1:" + c.routePort + " (127.0.0.1:"
                + c.routePort + ")", 5_000), a.process.log());
            final JsonNode routeToC = routeTo(a, idC);
            assertTrue(routeToC.get("did_solicit").asBoolean(), routeToC.toString());
            assertTrue(routeToC.get("is_configured").asBoolean(), routeToC.toString());
            // A gossiped C to B, which dialed it: a full mesh.
            awaitTrue("B learns C by gossip", () -> peersOf(b).containsAll(List.of(idA, idC)));
            try (Connection onA = Nats.connect(clientUrl(a)); Connection onC = Nats.connect(clientUrl(c)))
            {
                awaitFlow(onA, onC, "reload.added");
            }

            a.reloadRoutes(b.routePort);
            final String removedLine = "[INF] Removed route " + routeUrl(c.routePort);
            final String aLog2 = a.process.log();
            assertTrue(aLog2.contains(removedLine), aLog2);
            assertTrue(aLog2.contains(" - Router connection closed: Route Removed"), aLog2);
            assertTrue(aLog2.indexOf("Router connection closed: Route Removed") < aLog2.indexOf(removedLine), aLog2);
            assertTrue(aLog2.indexOf(removedLine) < aLog2.lastIndexOf("[INF] Reloaded: cluster routes"), aLog2);
            awaitTrue("A drops C", () -> peersOf(a).equals(List.of(idB)));
            awaitTrue("C drops A", () -> peersOf(c).equals(List.of(idB)));
            // Neither side dials the route again (A's reconnect delay is 1 s): still gone well after it.
            Thread.sleep(3_000);
            assertEquals(List.of(idB), a.peers(), "A after the removal");
            assertEquals(List.of(idB), c.peers(), "C after the removal");
            assertEquals(1, count(a.process.log(), "Trying to connect to route on 127.0.0.1:" + c.routePort + " "),
                "A dialed C once: " + a.process.log());
            // The cluster still forms through B, which routes to both.
            assertEquals(2, b.peers().size(), b.routez().toString());
            try (Connection onA = Nats.connect(clientUrl(a)); Connection onB = Nats.connect(clientUrl(b));
                Connection onC = Nats.connect(clientUrl(c)))
            {
                awaitFlow(onA, onB, "reload.viaB.a");
                awaitFlow(onC, onB, "reload.viaB.c");
            }
        }
        finally
        {
            stop(a, b, c);
        }
    }

    @Test
    void shouldStopDialingARemovedRouteAndRefuseAClusterPortChange() throws Exception
    {
        final Node a = new Node("A");
        final Node b = new Node("B");
        final int dead = FreePort.next();
        try
        {
            b.start();
            a.start(b.routePort, dead);
            final String idB = b.serverId();
            awaitTrue("A routes to B", () -> peersOf(a).equals(List.of(idB)));
            final String attempt = "Trying to connect to route on 127.0.0.1:" + dead + " ";
            awaitTrue("A retries the dead route", () -> count(a.process.log(), attempt) >= 2);

            a.reloadRoutes(b.routePort);
            assertTrue(a.process.log().contains("[INF] Reloaded: cluster routes"), a.process.log());
            assertFalse(a.process.log().contains("Removed route"), "nothing was connected there: " + a.process.log());
            // An attempt may already be under way; after that, none (one per second before the reload).
            Thread.sleep(1_500);
            final int afterReload = count(a.process.log(), attempt);
            Thread.sleep(3_000);
            assertEquals(afterReload, count(a.process.log(), attempt), "no more dials to the removed route: "
                + a.process.log());
            assertEquals(List.of(idB), a.peers(), "the kept route stays");

            // Re-adding it dials it again.
            a.reloadRoutes(b.routePort, dead);
            awaitTrue("A dials the re-added route", () -> count(a.process.log(), attempt) > afterReload);

            final int otherPort = FreePort.next();
            a.reload(a.config(b.routePort, dead).replace("listen: 127.0.0.1:" + a.routePort,
                "listen: 127.0.0.1:" + otherPort), "[ERR] Failed to reload server configuration: ");
            assertTrue(a.process.log().contains("[ERR] Failed to reload server configuration: config reload not "
                + "supported for cluster port: old=" + a.routePort + ", new=" + otherPort), a.process.log());
            assertEquals(List.of(idB), a.peers(), "a refused reload changes nothing");
        }
        finally
        {
            stop(a, b);
        }
    }

    /**
     * nats-server clusterOption: cluster authorization and name reload. Accepted routes whose CONNECT no longer
     * carries the right credentials are closed; the peer then needs the credentials in its route URL (itself a
     * routes reload). A new name is taken without touching the routes in place.
     */
    @Test
    void shouldReloadClusterAuthorizationAndName() throws Exception
    {
        authorizationAndName(new Node("A"), new Node("B"));
    }

    /** A accepts B's route, then requires credentials and changes its cluster name. */
    static void authorizationAndName(final Node a, final Node b) throws Exception
    {
        try
        {
            a.start();
            b.start(a.routePort);
            final String idB = b.serverId();
            awaitTrue("B routes to A", () -> peersOf(a).equals(List.of(idB)));

            a.clusterExtra = "  name: C1\n  authorization { user: ruser, password: rpass }\n";
            a.reload(a.config(), "[INF] Reloaded server configuration");
            assertTrue(a.process.log().contains("[INF] Reloaded: cluster\n"), a.process.log());
            assertFalse(a.process.log().contains("rpass"), "no secret in the log: " + a.process.log());
            awaitTrue("A closes B's route", () -> a.process.log().contains(
                " - Router connection closed: Authentication Failure"));
            final String authLog = a.process.log();
            assertTrue(authLog.contains("[ERR] 127.0.0.1:"), authLog);
            assertTrue(authLog.contains(" - authentication error"), authLog);
            assertTrue(authLog.lastIndexOf("[INF] Reloaded: cluster\n") < authLog.indexOf(" - authentication error"),
                authLog);
            // B keeps dialing with its old URL and is refused each time.
            assertTrue(b.process.awaitLog(" - Route Error 'Authorization Violation'", 10_000), b.process.log());
            Thread.sleep(1_500);
            assertEquals(List.of(), a.peers(), "no route without the credentials");

            b.reload(b.configUrls("nats-route://ruser:rpass@127.0.0.1:" + a.routePort),
                "[INF] Reloaded: cluster routes");
            awaitTrue("B routes to A with the credentials", () -> peersOf(a).equals(List.of(idB)));
            try (Connection onA = Nats.connect(clientUrl(a)); Connection onB = Nats.connect(clientUrl(b)))
            {
                awaitFlow(onA, onB, "reload.auth");
            }

            a.clusterExtra = "  name: C9\n  authorization { user: ruser, password: rpass }\n";
            a.reload(a.config(), "[INF] Reloaded server configuration");
            final String aLog = a.process.log();
            assertTrue(aLog.contains("[INF] Cluster name updated to C9"), aLog);
            assertTrue(aLog.indexOf("Cluster name updated to C9") < aLog.lastIndexOf("[INF] Reloaded: cluster\n"),
                aLog);
            try (Connection onA = Nats.connect(clientUrl(a)))
            {
                assertEquals("C9", onA.getServerInfo().getCluster(), "client INFO");
            }
            Thread.sleep(1_000);
            assertEquals(List.of(idB), a.peers(), "the route in place stays");
        }
        finally
        {
            stop(a, b);
        }
    }

    private static List<String> peersOf(final Node n)
    {
        try
        {
            return n.peers();
        }
        catch (final Exception ex)
        {
            return List.of("unreachable: " + ex);
        }
    }

    private static JsonNode routeTo(final Node n, final String remoteId) throws Exception
    {
        for (final JsonNode r : n.routez().get("routes"))
        {
            if (remoteId.equals(r.get("remote_id").asText()))
            {
                return r;
            }
        }
        fail("no route to " + remoteId + " in " + n.routez());
        return null;
    }

    private static String routeUrl(final int port)
    {
        return "nats-route://127.0.0.1:" + port;
    }

    private static String clientUrl(final Node n)
    {
        return n.process.url();
    }

    /** Subscribes on one server and publishes on another until the first message arrives. */
    private static void awaitFlow(final Connection subConn, final Connection pubConn, final String subject)
        throws Exception
    {
        final Subscription sub = subConn.subscribe(subject);
        subConn.flush(TIMEOUT);
        final long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end)
        {
            pubConn.publish(subject, "probe".getBytes(StandardCharsets.UTF_8));
            final Message m = sub.nextMessage(Duration.ofMillis(100));
            if (m != null)
            {
                assertEquals("probe", new String(m.getData(), StandardCharsets.UTF_8));
                sub.unsubscribe();
                return;
            }
        }
        fail("no message on " + subject + " from " + pubConn.getConnectedUrl() + " to " + subConn.getConnectedUrl());
    }

    private static void awaitTrue(final String what, final BooleanSupplier check) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end)
        {
            if (check.getAsBoolean())
            {
                return;
            }
            Thread.sleep(50);
        }
        assertTrue(check.getAsBoolean(), what);
    }

    private static int count(final String text, final String part)
    {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length()))
        {
            n++;
        }
        return n;
    }

    private static JsonNode get(final int port, final String path) throws Exception
    {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static void stop(final Node... nodes)
    {
        for (final Node n : nodes)
        {
            if (n.process != null)
            {
                n.process.close();
            }
        }
    }
}
