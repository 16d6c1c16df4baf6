package jnatsd.server.memory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import jnatsd.config.ListenOptions;
import jnatsd.config.ServerOptions;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ServerLog;
import org.junit.jupiter.api.Test;

/**
 * The buffer pools start small and give back what a burst grew: after the start-up warm-up (which pushes ~200k
 * messages through the engine) and with one idle client, the server's direct memory settles at a few hundred KB,
 * not the tens of MB the warm-up needed (docs/operations.md, "Memory").
 */
class IdleDirectMemoryTest
{
    /** 4 spare outbound chunks (256 KB), a few read buffers (8 KB each) and the JDK's own: well under this. */
    private static final long IDLE_BOUND_BYTES = 2L * 1024 * 1024;

    @Test
    void shouldSettleToASmallDirectFootprintAfterTheWarmUp() throws Exception
    {
        final long before = directBytes();
        final ServerOptions d = ServerOptions.defaults();
        final ServerOptions options = new ServerOptions(new ListenOptions("127.0.0.1", 0, ""), d.serverName(),
            d.limits(), d.logging(), d.monitor(), d.auth(), d.tls(), d.cluster(), d.engine(), d.operations(), null);
        try (JnatsdServer server = JnatsdServer.start(options, new ServerLog(d.logging()));
            Socket c = new Socket("127.0.0.1", server.clientPort()))
        {
            c.setSoTimeout(10_000);
            final OutputStream out = c.getOutputStream();
            out.write("CONNECT {\"verbose\":false}\r\nSUB idle 1\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readUntilPong(c.getInputStream());
            // The pool is trimmed every 2 s of the engine's timer; allow a loaded machine several periods.
            final long deadline = System.nanoTime() + 20_000_000_000L;
            long used = directBytes() - before;
            while (used > IDLE_BOUND_BYTES && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(200);
                used = directBytes() - before;
            }
            assertTrue(used <= IDLE_BOUND_BYTES, "direct memory still held when idle: " + used + " bytes");
        }
    }

    private static long directBytes()
    {
        for (final BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(b.getName()))
            {
                return b.getTotalCapacity();
            }
        }
        throw new IllegalStateException("no direct buffer pool bean");
    }

    private static void readUntilPong(final InputStream in) throws Exception
    {
        final StringBuilder sb = new StringBuilder();
        while (sb.indexOf("PONG\r\n") < 0)
        {
            final int b = in.read();
            assertTrue(b >= 0, "closed before PONG: " + sb);
            sb.append((char)b);
        }
    }
}
