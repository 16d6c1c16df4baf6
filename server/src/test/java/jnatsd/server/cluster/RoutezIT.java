package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/** /routez of a two-node cluster: the route, who dialed it, and the interest the peer announced. */
class RoutezIT
{
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldListRoutesWithPeerIdAndInterest() throws Exception
    {
        final int routeA = FreePort.next();
        final int routeB = FreePort.next();
        final int httpA = FreePort.next();
        final int httpB = FreePort.next();
        try (ServerProcess a = ServerProcess.jnatsd("server_name: A\nhttp: 127.0.0.1:" + httpA
                + "\ncluster { name: C1, listen: 127.0.0.1:" + routeA + " }\n");
            ServerProcess b = ServerProcess.jnatsd("server_name: B\nhttp: 127.0.0.1:" + httpB
                + "\ncluster { name: C1, listen: 127.0.0.1:" + routeB + ", routes: [ nats-route://127.0.0.1:"
                + routeA + " ] }\n");
            Connection onA = Nats.connect(a.url()))
        {
            onA.subscribe("orders.*");
            onA.subscribe("jobs", "workers");
            onA.flush(Duration.ofSeconds(5));
            final String idA = get(httpA, "/varz").get("server_id").asText();
            final String idB = get(httpB, "/varz").get("server_id").asText();

            JsonNode routesOnB = null;
            final long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline)
            {
                routesOnB = get(httpB, "/routez?subs=1");
                if (routesOnB.get("num_routes").asInt() == 1
                    && routesOnB.get("routes").get(0).path("subscriptions_list").toString().contains("jobs"))
                {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals(1, routesOnB.get("num_routes").asInt(), routesOnB.toString());
            final JsonNode routeOnB = routesOnB.get("routes").get(0);
            assertEquals(idA, routeOnB.get("remote_id").asText());
            assertTrue(routeOnB.get("did_solicit").asBoolean(), "B dialed A");
            assertTrue(routeOnB.get("is_configured").asBoolean(), "A is in B's routes");
            // The clients' two, besides the interest of A's system account client ($SYS.REQ...).
            final List<String> clientInterest = new ArrayList<>();
            routeOnB.get("subscriptions_list").forEach(n ->
            {
                if (!n.asText().startsWith("$SYS."))
                {
                    clientInterest.add(n.asText());
                }
            });
            assertEquals(2, clientInterest.size(), routeOnB.toString());
            assertEquals(routeOnB.get("subscriptions_list").size(), routeOnB.get("subscriptions").asInt());
            assertTrue(clientInterest.contains("orders.*"), routeOnB.toString());

            final JsonNode routeOnA = get(httpA, "/routez").get("routes").get(0);
            assertEquals(idB, routeOnA.get("remote_id").asText());
            assertEquals(false, routeOnA.get("did_solicit").asBoolean(), "A accepted the route");
        }
    }

    private static JsonNode get(final int port, final String path) throws Exception
    {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }
}
