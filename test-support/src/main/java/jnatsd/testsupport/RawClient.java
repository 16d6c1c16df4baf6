package jnatsd.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal NATS client on a plain blocking socket, for what jnats hides or makes expensive: exactly what the server
 * sends, a subscriber that stops reading, many connections without reader threads. Opening reads INFO and sends
 * nothing; the CONNECT is the test's (or one of the factories'). Owned by one test thread.
 */
public final class RawClient implements AutoCloseable
{
    /** One MSG as received. */
    public record RawMsg(String subject, String sid, String payload)
    {
    }

    public static final int DEFAULT_TIMEOUT_MS = 10_000;
    private static final int LOGIN_TIMEOUT_MS = 5_000;
    private static final String CONNECT_PREFIX = "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1";
    private static final String CONNECT_ECHO =
        "CONNECT {\"verbose\":false,\"pedantic\":false,\"echo\":true,\"protocol\":1,\"headers\":false}\r\n";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String info;

    private RawClient(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 4096);
        this.out = socket.getOutputStream();
        this.info = line();
        if (info == null || !info.startsWith("INFO "))
        {
            throw new IOException("expected INFO from the server, got: " + info);
        }
    }

    /** Connects with the default read timeout and reads INFO; sends nothing yet. */
    public static RawClient open(final int port) throws IOException
    {
        return open(port, 0, DEFAULT_TIMEOUT_MS);
    }

    /**
     * Connects and reads INFO; sends nothing yet.
     *
     * @param receiveBufferBytes SO_RCVBUF to request before connecting, 0 for the system default (small: a reader
     *                           that falls behind)
     */
    public static RawClient open(final int port, final int receiveBufferBytes, final int readTimeoutMs)
        throws IOException
    {
        final Socket s = new Socket();
        try
        {
            if (receiveBufferBytes > 0)
            {
                s.setReceiveBufferSize(receiveBufferBytes);
            }
            s.setSoTimeout(readTimeoutMs);
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), readTimeoutMs);
            return new RawClient(s);
        }
        catch (final IOException ex)
        {
            s.close();
            throw ex;
        }
    }

    /** Opens, sends CONNECT + PING and asserts the PONG, so the server has the client registered. */
    public static RawClient connected(final int port) throws IOException
    {
        return connected(port, 0);
    }

    public static RawClient connected(final int port, final int receiveBufferBytes) throws IOException
    {
        final RawClient r = open(port, receiveBufferBytes, DEFAULT_TIMEOUT_MS);
        r.sendConnect("");
        // ping() skips an INFO update (a route just came or went: new connect_urls) that may come before the PONG.
        assertEquals(List.of(), r.ping(), "CONNECT + PING answered by PONG alone");
        return r;
    }

    /** Opens and sends CONNECT with the given credential fields (e.g. "user":"a","pass":"b"); no PING. */
    public static RawClient connect(final ServerProcess s, final String credentials) throws IOException
    {
        final RawClient r = open(s.port(), 0, LOGIN_TIMEOUT_MS);
        r.sendConnect(credentials);
        return r;
    }

    /** As {@link #connect(ServerProcess, String)}, then proves the login worked (PING answered by PONG alone). */
    public static RawClient login(final ServerProcess s, final String credentials) throws IOException
    {
        final RawClient r = connect(s, credentials);
        assertEquals(List.of(), r.ping(), "login with " + credentials.replaceAll("\"pass\":\"[^\"]*\"", "pass"));
        return r;
    }

    /** Opens and sends CONNECT with a client name and lang "raw" (as the monitoring endpoints show them). */
    public static RawClient named(final int port, final String name) throws IOException
    {
        final RawClient r = open(port);
        r.sendConnect("\"name\":\"" + name + "\",\"lang\":\"raw\",\"version\":\"1.0\"");
        return r;
    }

    /** The INFO line the server greeted with. */
    public String info()
    {
        return info;
    }

    /** client_id from this client's INFO. */
    public long cid()
    {
        final int at = info.indexOf("\"client_id\":") + "\"client_id\":".length();
        int end = at;
        while (Character.isDigit(info.charAt(end)))
        {
            end++;
        }
        return Long.parseLong(info.substring(at, end));
    }

    /** This side's port, as the server's log names the client. */
    public int localPort()
    {
        return socket.getLocalPort();
    }

    /** Sends CONNECT (non-verbose, echo on, headers off) followed by the given protocol text, e.g. SUB lines. */
    public void connect(final String then) throws IOException
    {
        send(CONNECT_ECHO + then);
    }

    /** Sends CONNECT (protocol 1, non-verbose) with more JSON fields, none if empty. */
    public void sendConnect(final String fields) throws IOException
    {
        send(CONNECT_PREFIX + (fields.isEmpty() ? "" : "," + fields) + "}\r\n");
    }

    /**
     * CONNECT and PING in one write: a server that refuses the CONNECT and closes has read the PING too, so the
     * close is a FIN and the refusal can be read (a PING arriving after the close would make it a reset, which
     * may discard the -ERR before the client reads it).
     */
    public void sendConnectAndPing(final String fields) throws IOException
    {
        send(CONNECT_PREFIX + (fields.isEmpty() ? "" : "," + fields) + "}\r\nPING\r\n");
    }

    public RawClient send(final String protocol) throws IOException
    {
        out.write(protocol.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** The next line without its CRLF, or null at EOF. */
    public String line() throws IOException
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0)
        {
            if (c == '\n')
            {
                final String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    /** Sends PING; returns every line before the PONG (MSG lines with their payload appended after a space). */
    public List<String> ping() throws IOException
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

    /** PING answered with PONG (other lines skipped); false if the connection ends or times out first. */
    public boolean alive()
    {
        try
        {
            send("PING\r\n");
            String l;
            while ((l = line()) != null)
            {
                if ("PONG".equals(l))
                {
                    return true;
                }
            }
            return false;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** PING and wait for its PONG: everything sent before is applied. */
    public void sync() throws IOException
    {
        if (!alive())
        {
            throw new IOException("connection closed before PONG");
        }
    }

    /** Sends PING and returns every MSG that arrives before the PONG; answers server PINGs, fails on -ERR. */
    public List<RawMsg> pingAndCollect() throws IOException
    {
        send("PING\r\n");
        return collectUntilPong();
    }

    /** Returns every MSG that arrives before the next PONG; answers server PINGs, fails on -ERR or EOF. */
    public List<RawMsg> collectUntilPong() throws IOException
    {
        final List<RawMsg> msgs = new ArrayList<>();
        while (true)
        {
            final String line = line();
            if (line == null)
            {
                fail("server closed the connection before PONG; got " + msgs.size() + " messages");
            }
            if (line.equals("PONG"))
            {
                return msgs;
            }
            final RawMsg m = handle(line);
            if (m != null)
            {
                msgs.add(m);
            }
        }
    }

    /** The next MSG; answers server PINGs, fails on -ERR, EOF or the read timeout. */
    public RawMsg nextMsg() throws IOException
    {
        while (true)
        {
            final String line = line();
            if (line == null)
            {
                fail("server closed the connection while a MSG was expected");
            }
            final RawMsg m = handle(line);
            if (m != null)
            {
                return m;
            }
        }
    }

    /** Every line until the server closes the connection (server PINGs left out); fails if it stays open. */
    public List<String> untilClosed() throws IOException
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

    /**
     * Reads and discards everything until the server closes the connection. Returns the number of bytes read; fails
     * if the connection is still open after the read timeout. A reset counts as closed.
     */
    public long readUntilClosed() throws IOException
    {
        final byte[] buf = new byte[64 * 1024];
        long total = 0;
        try
        {
            while (true)
            {
                final int n = in.read(buf);
                if (n < 0)
                {
                    return total;
                }
                total += n;
            }
        }
        catch (final SocketTimeoutException ex)
        {
            fail("connection still open after " + socket.getSoTimeout() + " ms without data; read " + total + " bytes");
            return total;
        }
        catch (final SocketException ex)
        {
            assertTrue(String.valueOf(ex.getMessage()).contains("reset"), "unexpected socket error: " + ex);
            return total;
        }
    }

    /** Whether the server closed the socket within the read timeout (after whatever it sent). */
    public boolean closedByServer()
    {
        try
        {
            while (true)
            {
                if (in.read() < 0)
                {
                    return true;
                }
            }
        }
        catch (final SocketTimeoutException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            return true;
        }
    }

    private RawMsg handle(final String line) throws IOException
    {
        if (line.equals("PING"))
        {
            send("PONG\r\n");
            return null;
        }
        if (line.equals("+OK") || line.startsWith("INFO "))
        {
            return null;
        }
        if (line.startsWith("-ERR"))
        {
            fail("server sent " + line);
        }
        if (!line.startsWith("MSG "))
        {
            fail("unexpected line from server: " + line);
        }
        final String[] a = line.split(" ");
        final int size = Integer.parseInt(a[a.length - 1]);
        final byte[] payload = in.readNBytes(size + 2);
        if (payload.length != size + 2 || payload[size] != '\r' || payload[size + 1] != '\n')
        {
            fail("truncated or unterminated payload after " + line);
        }
        return new RawMsg(a[1], a[2], new String(payload, 0, size, StandardCharsets.UTF_8));
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
            // closing in cleanup; nothing to do
        }
    }
}
