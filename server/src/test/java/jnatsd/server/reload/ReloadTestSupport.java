package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.server.it.ServerProcess;

/**
 * Helpers of the reload tests: start a real server (jnatsd or nats-server), rewrite its configuration file and send
 * SIGHUP, and a raw-socket client that shows exactly what the server sends.
 */
final class ReloadTestSupport
{
    static final int READ_TIMEOUT_MS = 5_000;
    private static final long RELOAD_TIMEOUT_MS = 15_000;
    private static final Pattern LEVEL = Pattern.compile("\\[(INF|ERR|WRN|DBG|TRC|FTL)]");

    private ReloadTestSupport()
    {
    }

    /** jnatsd without its start-up warm-up (these tests measure no speed). */
    static ServerProcess start(final ServerProcess.Kind kind, final String config) throws IOException
    {
        return ServerProcess.start(kind, config, List.of("-Djnatsd.warmup.messages=0"), "-D");
    }

    /** Writes the new configuration, sends SIGHUP and waits for the reload to be logged as applied. */
    static void reload(final ServerProcess s, final String config) throws Exception
    {
        final String added = reloadOutcome(s, config);
        assertTrue(added.contains("Reloaded server configuration") && !added.contains("Failed to reload"),
            "reload refused:\n" + s.log());
    }

    /** Rewrites the config file, sends SIGHUP and waits for the reload's outcome; returns the log lines it added. */
    static String reloadOutcome(final ServerProcess s, final String config) throws Exception
    {
        final int before = s.log().length();
        Files.writeString(s.dir().resolve("server.conf"), config);
        final Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(s.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        final long end = System.currentTimeMillis() + RELOAD_TIMEOUT_MS;
        while (System.currentTimeMillis() < end)
        {
            final String added = s.log().substring(before);
            if (added.contains("Reloaded server configuration") || added.contains("Failed to reload server"))
            {
                return added;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no reload outcome logged: " + s.log().substring(before));
    }

    static int count(final String text, final String part)
    {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1))
        {
            n++;
        }
        return n;
    }

    /** The log lines that contain a text, without the "[pid] date time" prefix. */
    static List<String> logLines(final ServerProcess s, final String part)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : s.log().split("\n"))
        {
            final Matcher level = LEVEL.matcher(line);
            if (line.contains(part))
            {
                out.add(level.find() ? line.substring(level.start()) : line);
            }
        }
        return out;
    }

    /** A NATS client on a blocking socket; one test thread. */
    static final class Raw implements AutoCloseable
    {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Raw(final Socket socket) throws IOException
        {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        /** Connects, reads INFO, sends CONNECT with the given credential fields (e.g. "user":"a","pass":"b"). */
        static Raw connect(final ServerProcess s, final String credentials) throws IOException
        {
            final Socket socket = new Socket();
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.connect(new InetSocketAddress("127.0.0.1", s.port()), READ_TIMEOUT_MS);
            final Raw r = new Raw(socket);
            final String info = r.line();
            assertTrue(info != null && info.startsWith("INFO "), "INFO expected, got " + info);
            r.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1"
                + (credentials.isEmpty() ? "" : "," + credentials) + "}\r\n");
            return r;
        }

        /** As {@link #connect}, then proves the login worked (PING answered by PONG). */
        static Raw login(final ServerProcess s, final String credentials) throws IOException
        {
            final Raw r = connect(s, credentials);
            assertEquals(List.of(), r.ping(), "login with " + credentials.replaceAll("\"pass\":\"[^\"]*\"", "pass"));
            return r;
        }

        void send(final String protocol) throws IOException
        {
            out.write(protocol.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Sends PING; returns every line before the PONG (MSG lines with their payload appended after a space). */
        List<String> ping() throws IOException
        {
            send("PING\r\n");
            final List<String> lines = new ArrayList<>();
            while (true)
            {
                final String l = line();
                assertTrue(l != null, "connection closed before PONG; got " + lines);
                if ("PONG".equals(l))
                {
                    return lines;
                }
                if (!"PING".equals(l) && !l.startsWith("INFO "))
                {
                    lines.add(l.startsWith("MSG ") ? l + " " + line() : l);
                }
            }
        }

        /** Every line until the server closes the connection (server PINGs left out); fails if it stays open. */
        List<String> untilClosed() throws IOException
        {
            final List<String> lines = new ArrayList<>();
            try
            {
                String l;
                while ((l = line()) != null)
                {
                    if (!"PING".equals(l))
                    {
                        lines.add(l);
                    }
                }
            }
            catch (final SocketTimeoutException ex)
            {
                throw new AssertionError("connection still open; got " + lines, ex);
            }
            catch (final SocketException ex)
            {
                assertTrue(String.valueOf(ex.getMessage()).contains("reset"), "unexpected socket error: " + ex);
            }
            return lines;
        }

        /** One line without CRLF, or null at EOF. */
        String line() throws IOException
        {
            final ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            int prev = -1;
            while (true)
            {
                final int c = in.read();
                if (c < 0)
                {
                    return null;
                }
                if (prev == '\r' && c == '\n')
                {
                    final byte[] bytes = b.toByteArray();
                    return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
                }
                b.write(c);
                prev = c;
            }
        }

        @Override
        public void close()
        {
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // cleanup only
            }
        }
    }
}
