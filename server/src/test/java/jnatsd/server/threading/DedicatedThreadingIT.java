package jnatsd.server.threading;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same server behaviour in every threading mode and idle strategy: the ring is the boundary in all of them, so
 * ordering (flush as a barrier), delivery and request/reply must not depend on how agents map onto threads.
 */
class DedicatedThreadingIT
{
    @ParameterizedTest
    @ValueSource(strings = {
        "threading: shared",
        "threading: dedicated, transport_threads: 1, engine_idle: blocking",
        "threading: dedicated, transport_threads: 3, engine_idle: backoff",
        "threading: dedicated, transport_threads: 2, engine_idle: yielding"})
    void shouldServeClientsInEveryThreadingMode(final String tuning) throws Exception
    {
        try (ServerProcess server = ServerProcess.jnatsd("jnatsd { " + tuning + " }\n"))
        {
            final String mode = tuning.contains("dedicated") ? "dedicated" : "shared";
            assertTrue(server.log().contains("Threading: " + mode), server.log());
            final Options options = new Options.Builder().server(server.url()).connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0).build();
            final List<Connection> clients = new ArrayList<>();
            try (Connection pub = Nats.connect(options); Connection resp = Nats.connect(options))
            {
                // Many connections spread over the transport agents; each one's flush must be a barrier.
                final AtomicInteger received = new AtomicInteger();
                for (int i = 0; i < 20; i++)
                {
                    final Connection c = Nats.connect(options);
                    clients.add(c);
                    final Dispatcher d = c.createDispatcher(m -> received.incrementAndGet());
                    d.subscribe("fan.>");
                    c.flush(Duration.ofSeconds(5));
                }
                for (int i = 0; i < 500; i++)
                {
                    pub.publish("fan.x", ("m" + i).getBytes(StandardCharsets.US_ASCII));
                }
                pub.flush(Duration.ofSeconds(5));
                final long deadline = System.currentTimeMillis() + 10_000;
                while (received.get() < 20 * 500 && System.currentTimeMillis() < deadline)
                {
                    Thread.sleep(10);
                }
                assertEquals(20 * 500, received.get(), "fan-out deliveries in " + tuning);

                final Dispatcher echo = resp.createDispatcher(m -> resp.publish(m.getReplyTo(), m.getData()));
                echo.subscribe("echo");
                resp.flush(Duration.ofSeconds(5));
                for (int i = 0; i < 50; i++)
                {
                    final Message reply = pub.request("echo", ("r" + i).getBytes(StandardCharsets.US_ASCII),
                        Duration.ofSeconds(5));
                    assertNotNull(reply, "reply " + i + " in " + tuning);
                    assertEquals("r" + i, new String(reply.getData(), StandardCharsets.US_ASCII));
                }

                final Subscription sync = clients.get(0).subscribe("order");
                clients.get(0).flush(Duration.ofSeconds(5));
                for (int i = 0; i < 100; i++)
                {
                    pub.publish("order", Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
                }
                for (int i = 0; i < 100; i++)
                {
                    final Message m = sync.nextMessage(Duration.ofSeconds(5));
                    assertNotNull(m);
                    assertEquals(Integer.toString(i), new String(m.getData(), StandardCharsets.US_ASCII));
                }
            }
            finally
            {
                for (final Connection c : clients)
                {
                    c.close();
                }
            }
        }
    }
}
