package jnatsd.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Graceful stop under load: a subscriber that has stopped reading holds megabytes queued at the server (in its
 * outbound buffers and the socket's); the server is signalled (SIGTERM, or SIGUSR2 for lame duck mode), and the
 * subscriber then reads to the end of the stream. Everything published and flushed before the signal must arrive
 * before the server closes the connection. Subclasses choose the server.
 */
abstract class GracefulStopScenario
{
    private static final int MESSAGES = 20_000;
    private static final int PAYLOAD = 500;
    private static final String LAME_DUCK = "lame_duck_grace_period: \"1s\"\nlame_duck_duration: \"30s\"\n";

    abstract ServerProcess.Kind kind();

    @Test
    void sigtermFlushesWhatIsBuffered() throws Exception
    {
        stopAndCount("TERM");
    }

    @Test
    void lameDuckFlushesWhatIsBuffered() throws Exception
    {
        stopAndCount("USR2");
    }

    private void stopAndCount(final String signal) throws Exception
    {
        try (ServerProcess server = ServerProcess.start(kind(), LAME_DUCK);
            Socket sub = new Socket())
        {
            // A small receive buffer, so most of the backlog waits in the server, not in this socket.
            sub.setReceiveBufferSize(32 * 1024);
            sub.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            sub.setSoTimeout(15_000);
            final InputStream in = new BufferedInputStream(sub.getInputStream(), 64 * 1024);
            final OutputStream out = sub.getOutputStream();
            readLine(in);
            out.write(("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nSUB g.s 1\r\nPING\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("PONG", readLine(in));
            try (Connection pub = Nats.connect(new Options.Builder().server(server.url()).noReconnect().build()))
            {
                final byte[] payload = new byte[PAYLOAD];
                for (int i = 0; i < MESSAGES; i++)
                {
                    pub.publish("g.s", payload);
                }
                // The server has applied every PUB once the PONG is back: each MSG is queued for the subscriber.
                pub.flush(Duration.ofSeconds(30));
                server.signal(signal);
                final long t0 = System.nanoTime();
                // Not reading for a while: the server is stopping (or closing lame-duck clients) with data queued.
                Thread.sleep(Long.getLong("faults.readDelayMs", 1500));
                final int got = readMessages(in);
                final long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.println("[faults] " + getClass().getSimpleName() + " " + kind() + " SIG" + signal
                    + ": published before the signal " + MESSAGES + ", received after " + got + " (" + ms
                    + " ms to the close)");
                assertEquals(MESSAGES, got, "messages queued before SIG" + signal + " that reached the subscriber");
            }
            assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), "server exits");
        }
    }

    /** Reads MSG frames until the server closes the stream; protocol lines (INFO, PING, -ERR) are skipped. */
    private static int readMessages(final InputStream in) throws IOException
    {
        int count = 0;
        try
        {
            while (true)
            {
                final String line = readLine(in);
                if (line == null)
                {
                    return count;
                }
                if (line.startsWith("MSG "))
                {
                    final int size = Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
                    in.skipNBytes(size + 2L);
                    count++;
                }
            }
        }
        catch (final SocketTimeoutException | EOFException ex)
        {
            return count;
        }
        catch (final IOException ex)
        {
            // A reset after the last byte read: what was read counts.
            return count;
        }
    }

    /** One CRLF-terminated line, or null at the end of the stream. */
    private static String readLine(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0)
        {
            if (b == '\n')
            {
                final int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char)b);
        }
        return sb.length() == 0 ? null : sb.toString();
    }
}
