package jnatsd.server.warmup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The start-up warm-up only makes the server faster: past its time limit it is abandoned (its connections closed,
 * the server's threads logged) and the server starts and serves clients all the same.
 */
class WarmUpLimitIT
{
    @Test
    void aWarmUpPastItsLimitIsAbandonedAndTheServerStillServes() throws Exception
    {
        try (ServerProcess server = ServerProcess.start(ServerProcess.Kind.JNATSD, "",
            List.of("-Djnatsd.warmup.limitMs=50")))
        {
            assertTrue(server.awaitLog("Warm-up incomplete: java.io.IOException: still running after 50 ms, abandoned;",
                10_000), server.log());
            assertTrue(server.log().contains("warm-up-clients"), "the stuck thread's stack is logged: " + server.log());
            final Options options = new Options.Builder().server(server.url()).connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(0).build();
            try (Connection c = Nats.connect(options))
            {
                final Subscription sub = c.subscribe("after.warm.up");
                c.flush(Duration.ofSeconds(5));
                c.publish("after.warm.up", "served".getBytes(StandardCharsets.US_ASCII));
                final Message m = sub.nextMessage(Duration.ofSeconds(5));
                assertEquals("served", new String(m.getData(), StandardCharsets.US_ASCII));
            }
        }
    }
}
