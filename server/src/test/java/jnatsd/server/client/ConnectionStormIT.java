package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A storm of client connections, each sending CONNECT + SUB + PING at once without waiting for INFO (as a fleet of
 * clients restarting together does), while a fresh client connects again and again: the fresh one is served during
 * the storm, every storm client gets its PONG, then one message to each arrives exactly. No timing targets here;
 * the figures are docs/reliability.md's ({@code perf/scripts/storm}).
 */
class ConnectionStormIT extends NatsClientTestSupport
{
    private static final int CONNECTIONS = 3000;
    private static final int READ_TIMEOUT_MS = 60_000;

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException
    {
        for (final Socket s : sockets)
        {
            s.close();
        }
        sockets.clear();
    }

    @Test
    void clientPortQueuesAsManyConnectsAsTheKernelAllows() throws Exception
    {
        // Go's listen (nats-server) asks for net.core.somaxconn; a shorter queue drops SYNs in a storm, and each
        // costs its client a 1 s retransmit. ss shows a listening socket's queue length as its Send-Q.
        final String somaxconn = Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim();
        final Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + server.port()).start();
        final String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, ss.waitFor());
        final String[] fields = out.split("\\s+");
        assertEquals(Integer.toString(Math.min(Integer.parseInt(somaxconn), 65535)), fields[2], out);
    }

    @Test
    void shouldServeAFreshClientDuringAStormAndDeliverToEveryStormClient() throws Exception
    {
        if (server.kind() == ServerProcess.Kind.JNATSD)
        {
            assertTrue(server.log().contains("Max open files: "), "the banner names the fd limit: " + server.log());
        }
        probe();

        final ConcurrentLinkedQueue<long[]> probes = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Throwable> probeErrors = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stormOver = new AtomicBoolean();
        final Thread prober = new Thread(() ->
        {
            while (!stormOver.get())
            {
                final long start = System.nanoTime();
                try
                {
                    probe();
                }
                catch (final IOException | RuntimeException | AssertionError ex)
                {
                    probeErrors.add(ex);
                    return;
                }
                probes.add(new long[] {start, System.nanoTime()});
            }
        }, "storm-prober");

        final long stormStart = System.nanoTime();
        prober.start();
        final List<InputStream> inputs = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final Socket s = new Socket();
            sockets.add(s);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.connect(new InetSocketAddress("127.0.0.1", server.port()), READ_TIMEOUT_MS);
            s.getOutputStream().write(("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB storm." + i + " " + i
                + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
            inputs.add(new BufferedInputStream(s.getInputStream(), 1024));
        }
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final InputStream in = inputs.get(i);
            assertTrue(line(in).startsWith("INFO "), "INFO first on storm connection " + i);
            assertEquals("PONG", reply(sockets.get(i), in), "storm connection " + i + " is answered");
        }
        final long stormEnd = System.nanoTime();
        stormOver.set(true);
        prober.join(READ_TIMEOUT_MS);

        assertEquals(List.of(), List.copyOf(probeErrors), "fresh clients during the storm");
        final long servedDuring = probes.stream().filter(p -> p[0] >= stormStart && p[1] <= stormEnd).count();
        assertTrue(servedDuring >= 1, "a fresh client is served while the storm is on (" + probes.size()
            + " probes, storm " + (stormEnd - stormStart) / 1_000_000 + " ms)");

        final Connection pub = connect();
        for (int i = 0; i < CONNECTIONS; i++)
        {
            pub.publish("storm." + i, bytes("m" + i));
        }
        flush(pub);
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final InputStream in = inputs.get(i);
            assertEquals("MSG storm." + i + " " + i + " " + ("m" + i).length(), reply(sockets.get(i), in),
                "storm connection " + i);
            assertEquals("m" + i, line(in), "payload on storm connection " + i);
        }
        for (int i = 0; i < CONNECTIONS; i += 100)
        {
            // Exactly one: a PING now is answered by its PONG alone.
            sockets.get(i).getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("PONG", reply(sockets.get(i), inputs.get(i)), "nothing more on storm connection " + i);
        }
    }

    /** A fresh client: INFO, CONNECT + PING answered by PONG alone. */
    private void probe() throws IOException
    {
        try (RawClient c = RawClient.open(server.port(), 0, READ_TIMEOUT_MS))
        {
            c.sendConnect("");
            assertEquals(List.of(), c.ping(), "a fresh client's PING is answered by PONG");
        }
    }

    /** The next line other than the server's PINGs (answered: a client that lets them pass is stale). */
    private static String reply(final Socket s, final InputStream in) throws IOException
    {
        while (true)
        {
            final String l = line(in);
            if (!"PING".equals(l))
            {
                return l;
            }
            s.getOutputStream().write("PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed after: " + sb);
            }
            if (b == '\n')
            {
                final int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char)b);
        }
    }
}
