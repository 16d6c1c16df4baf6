package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One subscriber that never reads among a hundred that do, all on one subject: the slow one is cut as nats-server
 * cuts it (no -ERR, the connection just ends; the slow-consumer log line), the hundred others receive every byte.
 * The rates are docs/reliability.md's ({@code perf/scripts/slowconsumer}); here the publisher paces itself on the
 * fast subscribers, so none of them can fall behind on a loaded machine and only the stuck one passes max_pending.
 */
class SlowConsumerCrowdIT extends NatsClientTestSupport
{
    private static final int FAST = 100;
    private static final int MESSAGES = 1600;
    private static final int PAYLOAD_BYTES = 4096;
    private static final int BATCH = 16;
    private static final String SUBJECT = "crowd.fan";
    private static final int FRAME_BYTES =
        ("MSG " + SUBJECT + " 1 " + PAYLOAD_BYTES + "\r\n").length() + PAYLOAD_BYTES + 2;
    private static final long WAIT_MS = 60_000;

    private final List<Socket> sockets = new ArrayList<>();

    @Override
    protected String serverConfig()
    {
        return "max_pending: 256KB\nmax_payload: 64KB\n";
    }

    @AfterEach
    void closeSockets() throws IOException
    {
        for (final Socket s : sockets)
        {
            s.close();
        }
    }

    @Test
    void shouldCutTheStuckSubscriberAsNatsServerAndKeepDeliveringToAHundredOthers() throws Exception
    {
        final AtomicLongArray received = new AtomicLongArray(FAST);
        final AtomicLongArray pongs = new AtomicLongArray(FAST);
        for (int i = 0; i < FAST; i++)
        {
            final Socket s = subscribe();
            final int index = i;
            final Thread t = new Thread(() -> countBytes(s, received, pongs, index), "fast-" + i);
            t.setDaemon(true);
            t.start();
        }
        try (RawClient slow = RawClient.open(server.port(), 4096, (int)WAIT_MS))
        {
            slow.connect("SUB " + SUBJECT + " 1\r\n");
            assertEquals(List.of(), slow.pingAndCollect());

            final Connection pub = connect();
            final byte[] payload = new byte[PAYLOAD_BYTES];
            for (int sent = 0; sent < MESSAGES; sent += BATCH)
            {
                for (int i = 0; i < BATCH; i++)
                {
                    pub.publish(SUBJECT, payload);
                }
                awaitAll(received, (long)(sent + BATCH) * FRAME_BYTES);
            }
            flush(pub);

            final List<String> lines = slow.untilClosed();
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("-ERR")),
                "nats-server sends a slow consumer no -ERR");
            final long published = (long)MESSAGES * FRAME_BYTES;
            final long slowBytes = lines.stream().mapToLong(l -> l.length() + 2).sum();
            assertTrue(slowBytes < published / 2,
                "the stuck subscriber was cut early: " + slowBytes + " of " + published);
        }
        final String line = server.kind() == ServerProcess.Kind.JNATSD
            ? "Slow Consumer Detected: MaxPending of 262144 Exceeded"
            // nats-server blocks in the write to the stuck socket until its write deadline (SlowConsumerIT).
            : "Slow Consumer Detected: ";
        assertTrue(server.awaitLog(line, WAIT_MS), "log line " + line + " in " + server.log());
        for (int i = 0; i < FAST; i++)
        {
            assertEquals((long)MESSAGES * FRAME_BYTES, received.get(i), "bytes on fast subscriber " + i);
        }
        for (int i = 0; i < FAST; i += 10)
        {
            // Exactly these bytes and still connected: a PING now gets its PONG alone.
            sockets.get(i).getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        awaitAll(pongs, 1, 10);
        for (int i = 0; i < FAST; i++)
        {
            assertEquals((long)MESSAGES * FRAME_BYTES, received.get(i), "nothing more on fast subscriber " + i);
        }
    }

    private Socket subscribe() throws IOException
    {
        final Socket s = new Socket();
        sockets.add(s);
        s.setSoTimeout((int)WAIT_MS);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), (int)WAIT_MS);
        final InputStream in = s.getInputStream();
        final StringBuilder info = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n')
        {
            info.append((char)b);
        }
        assertTrue(info.toString().startsWith("INFO "), info.toString());
        s.getOutputStream().write(("CONNECT {\"verbose\":false}\r\nSUB " + SUBJECT + " 1\r\nPING\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        final byte[] pong = new byte[6];
        int got = 0;
        while (got < pong.length)
        {
            final int n = in.read(pong, got, pong.length - got);
            assertTrue(n > 0, "closed before PONG");
            got += n;
        }
        assertEquals("PONG\r\n", new String(pong, StandardCharsets.US_ASCII));
        return s;
    }

    /**
     * Counts the MSG bytes a fast subscriber reads (every frame has the same length, so bytes count messages) and
     * its PONGs; answers the server's PINGs. Payloads are zeros and the MSG line has no 'P' or 'O': each 'P' starts
     * a PING or PONG line, each 'O' is a PONG.
     */
    private static void countBytes(final Socket s, final AtomicLongArray received, final AtomicLongArray pongs,
        final int index)
    {
        final byte[] buf = new byte[64 * 1024];
        try
        {
            final InputStream in = s.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0)
            {
                int p = 0;
                int o = 0;
                for (int i = 0; i < n; i++)
                {
                    p += buf[i] == 'P' ? 1 : 0;
                    o += buf[i] == 'O' ? 1 : 0;
                }
                received.addAndGet(index, n - 6L * p);
                pongs.addAndGet(index, o);
                for (int i = 0; i < p - o; i++)
                {
                    s.getOutputStream().write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        catch (final IOException ex)
        {
            // closed at the end of the test
        }
    }

    private static void awaitAll(final AtomicLongArray received, final long bytes) throws InterruptedException
    {
        awaitAll(received, bytes, 1);
    }

    /** Waits until every step-th fast subscriber has read exactly that many bytes (or PONGs). */
    private static void awaitAll(final AtomicLongArray received, final long bytes, final int step)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000L;
        for (int i = 0; i < received.length(); i += step)
        {
            while (received.get(i) < bytes)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    fail("fast subscriber " + i + " stalled at " + received.get(i) + " of " + (bytes)
                        + " bytes");
                }
                Thread.sleep(1);
            }
            assertEquals(bytes, received.get(i), "fast subscriber " + i + " got more than was sent");
        }
    }
}
