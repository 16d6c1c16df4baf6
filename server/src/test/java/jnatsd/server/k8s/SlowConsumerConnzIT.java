package jnatsd.server.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * /connz?state=closed keeps the name and the reason of a client closed as a slow consumer, so an operator can
 * tell which application fell behind (nats-server keeps both; users of it ask for exactly this).
 */
class SlowConsumerConnzIT
{
    @Test
    void shouldKeepTheSlowConsumersNameAndReason() throws Exception
    {
        final int http = FreePort.next();
        final String config = "max_pending: 256KB\nmax_payload: 64KB\nwrite_deadline: \"2s\"\n";
        try (ServerProcess s = ServerProcess.jnatsd(config, "-m", Integer.toString(http));
            RawClient slow = RawClient.open(s.port(), 4096, 10_000))
        {
            slow.sendConnect("\"name\":\"slowpoke\",\"lang\":\"raw\",\"version\":\"1.0\"");
            slow.send("SUB chart.slow 1\r\nPING\r\n");
            assertEquals("PONG", slow.line());
            try (Connection pub = Nats.connect(s.url()))
            {
                final byte[] payload = new byte[4096];
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                JsonNode closed = null;
                while (closed == null && System.nanoTime() - deadline < 0)
                {
                    for (int i = 0; i < 256; i++)
                    {
                        pub.publish("chart.slow", payload);
                    }
                    pub.flush(Duration.ofSeconds(10));
                    closed = findClosed(http, "slowpoke");
                }
                assertTrue(closed != null, "slowpoke in /connz?state=closed");
                assertTrue(closed.get("reason").asText().startsWith("Slow Consumer ("), closed.toString());
                assertEquals("raw", closed.get("lang").asText());
            }
        }
    }

    private static JsonNode findClosed(final int http, final String name) throws Exception
    {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + http + "/connz?state=closed")).build(), HttpResponse.BodyHandlers.ofString());
        for (final JsonNode c : ChartNode.JSON.readTree(r.body()).path("connections"))
        {
            if (name.equals(c.path("name").asText()))
            {
                return c;
            }
        }
        return null;
    }
}
