package jnatsd.server.hotpath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import jnatsd.config.ListenOptions;
import jnatsd.config.ServerOptions;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ServerLog;
import org.junit.jupiter.api.Test;

/**
 * Proves the hot path (read → parse → ring → match → outbound write) allocates nothing in steady state: one raw
 * publisher, one raw subscriber, and the bytes allocated by the server's own threads measured with ThreadMXBean
 * before and after. {@code -Dhotpath.messages=10000000} runs the documented 10-million-message figure.
 */
class HotPathAllocationTest
{
    private static final int WARM_UP = 300_000;
    private static final long MESSAGES = Long.getLong("hotpath.messages", 1_000_000L);

    @Test
    void shouldNotAllocateOnTheHotPathInSteadyState() throws Exception
    {
        final ServerOptions d = ServerOptions.defaults();
        final ServerOptions options = new ServerOptions(new ListenOptions("127.0.0.1", 0, ""), d.serverName(),
            d.limits(), d.logging(), d.monitor(), d.auth(), d.tls(), d.cluster(), d.engine(), d.operations(), null);
        try (JnatsdServer server = JnatsdServer.start(options, new ServerLog(d.logging()));
            Socket sub = new Socket("127.0.0.1", server.clientPort());
            Socket pub = new Socket("127.0.0.1", server.clientPort()))
        {
            final AtomicLong received = new AtomicLong();
            final OutputStream so = sub.getOutputStream();
            so.write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB hot.path 1\r\nPING\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            so.flush();
            final Thread reader = new Thread(() -> countMessages(sub, received), "test-subscriber");
            reader.setDaemon(true);
            reader.start();
            final OutputStream po = pub.getOutputStream();
            po.write("CONNECT {\"verbose\":false,\"pedantic\":false}\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(200);

            publish(po, WARM_UP);
            awaitCount(received, WARM_UP);

            final long before = serverThreadsAllocatedBytes();
            publish(po, MESSAGES);
            awaitCount(received, WARM_UP + MESSAGES);
            final long allocated = serverThreadsAllocatedBytes() - before;

            assertEquals(WARM_UP + MESSAGES, received.get());
            System.out.printf("hot path: %,d messages, %,d bytes allocated by server threads (%.4f bytes/msg)%n",
                MESSAGES, allocated, (double)allocated / MESSAGES);
            // A few KB of noise (JIT-deoptimisation, timers) is tolerated; a per-message allocation would be MBs.
            assertTrue(allocated < 256 * 1024, "server threads allocated " + allocated + " bytes");
        }
    }

    private static void publish(final OutputStream out, final long count) throws IOException
    {
        final byte[] one = "PUB hot.path 16\r\n0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
        final int perBatch = 1000;
        final byte[] batch = new byte[one.length * perBatch];
        for (int i = 0; i < perBatch; i++)
        {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        long sent = 0;
        while (sent < count)
        {
            final int n = (int)Math.min(perBatch, count - sent);
            out.write(batch, 0, n * one.length);
            sent += n;
        }
        out.flush();
    }

    private static void awaitCount(final AtomicLong received, final long expected) throws InterruptedException
    {
        final long deadline = System.currentTimeMillis() + 120_000;
        while (received.get() < expected && System.currentTimeMillis() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(expected, received.get(), "messages delivered");
    }

    /** Counts "MSG " lines; the payload is fixed size, so counting is a byte scan. */
    private static void countMessages(final Socket socket, final AtomicLong received)
    {
        final byte[] needle = "\nMSG ".getBytes(StandardCharsets.US_ASCII);
        final byte[] buf = new byte[64 * 1024];
        int matched = 1;
        try
        {
            final InputStream in = socket.getInputStream();
            int n;
            long count = 0;
            while ((n = in.read(buf)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    final byte b = buf[i];
                    if (b == needle[matched])
                    {
                        matched++;
                        if (matched == needle.length)
                        {
                            count++;
                            matched = 0;
                        }
                    }
                    else
                    {
                        matched = b == needle[0] ? 1 : 0;
                    }
                }
                received.set(count);
            }
        }
        catch (final IOException ignore)
        {
            // socket closed at the end of the test
        }
    }

    private static long serverThreadsAllocatedBytes()
    {
        final ThreadMXBean mx = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().startsWith("jnatsd-"))
            {
                total += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return total;
    }
}
