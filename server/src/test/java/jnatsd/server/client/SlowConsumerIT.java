package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that stops reading is closed by the server, while a subscriber on the same subject that keeps up
 * receives every message.
 * <p>
 * The config has a small {@code max_pending} and a short {@code write_deadline}; either may be what closes the slow
 * connection. nats-server 2.9.10 never reaches max_pending here: the publisher's read loop flushes inline to the
 * stuck socket and blocks in the write (log: {@code Readloop processing time}), so nothing more is queued until the
 * write deadline closes the connection ({@code Slow Consumer Detected: WriteDeadline of 2s exceeded}). A server that
 * queues without blocking the publisher hits max_pending first. The fast subscriber may stall for up to the write
 * deadline, hence the pacing wait of {@link NatsClientTestSupport#TIMEOUT}.
 */
class SlowConsumerIT extends NatsClientTestSupport
{
    private static final int MESSAGES = 4000;
    private static final int PAYLOAD_BYTES = 4096;
    /** Messages published before waiting for the fast subscriber; 128 KB stays well below max_pending. */
    private static final int BATCH = 32;

    @Override
    protected String serverConfig()
    {
        return "max_pending: 256KB\nmax_payload: 64KB\nwrite_deadline: \"2s\"\n";
    }

    @Test
    void shouldCloseSlowConsumerAndKeepServingFastOne() throws Exception
    {
        final String subject = uniqueSubject("slow");
        try (RawClient slow = RawClient.open(server.port(), 4096, 10_000))
        {
            slow.connect("SUB " + subject + " 1\r\n");
            assertEquals(List.of(), slow.pingAndCollect());

            final Connection fast = connect();
            final Semaphore received = new Semaphore(0);
            final AtomicInteger count = new AtomicInteger();
            final Dispatcher d = fast.createDispatcher(m ->
            {
                count.incrementAndGet();
                received.release();
            });
            d.subscribe(subject);
            flush(fast);

            final Connection pub = connect();
            final byte[] payload = new byte[PAYLOAD_BYTES];
            for (int sent = 0; sent < MESSAGES; sent += BATCH)
            {
                for (int i = 0; i < BATCH; i++)
                {
                    pub.publish(subject, payload);
                }
                assertTrue(received.tryAcquire(BATCH, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "fast subscriber stalled after " + count.get() + " of " + (sent + BATCH) + " messages");
            }
            barrier(pub, fast);
            assertEquals(MESSAGES, count.get(), "fast subscriber receives every message exactly once");
            assertEquals(Connection.Status.CONNECTED, fast.getStatus(), "fast subscriber stays connected");

            final long slowBytes = slow.readUntilClosed();
            final long publishedBytes = (long)MESSAGES * PAYLOAD_BYTES;
            assertTrue(slowBytes < publishedBytes / 2,
                "slow consumer should have been cut off early, but read " + slowBytes + " of " + publishedBytes);
        }
    }
}
