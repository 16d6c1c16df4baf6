package jnatsd.server.client;

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
 * A minimal NATS client on a plain blocking socket, for what jnats hides or makes expensive: a subscriber that stops
 * reading, a thousand connections without a thousand reader threads, and what the server itself sends.
 * Owned by one test thread.
 */
final class RawClient implements AutoCloseable
{
    /** One MSG as received. */
    record RawMsg(String subject, String sid, String payload)
    {
    }

    private static final String CONNECT =
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
        this.info = readLine();
        if (info == null || !info.startsWith("INFO "))
        {
            throw new IOException("expected INFO from the server, got: " + info);
        }
    }

    /**
     * Connects and reads INFO; sends nothing yet.
     *
     * @param receiveBufferBytes SO_RCVBUF to request before connecting, 0 for the system default
     */
    static RawClient open(final int port, final int receiveBufferBytes, final int readTimeoutMs) throws IOException
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

    String info()
    {
        return info;
    }

    /** This client's port: the server's logs and sessions name a connection by it. */
    int localPort()
    {
        return socket.getLocalPort();
    }

    /** Sends CONNECT (non-verbose, headers off) followed by the given protocol text, e.g. SUB lines. */
    void connect(final String then) throws IOException
    {
        send(CONNECT + then);
    }

    void send(final String protocol) throws IOException
    {
        out.write(protocol.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The next protocol line without CRLF, or null at EOF. */
    String nextLine() throws IOException
    {
        return readLine();
    }

    /** Sends PING and returns every MSG that arrives before the PONG; answers server PINGs, fails on -ERR. */
    List<RawMsg> pingAndCollect() throws IOException
    {
        send("PING\r\n");
        return collectUntilPong();
    }

    /** Returns every MSG that arrives before the next PONG; answers server PINGs, fails on -ERR or EOF. */
    List<RawMsg> collectUntilPong() throws IOException
    {
        final List<RawMsg> msgs = new ArrayList<>();
        while (true)
        {
            final String line = readLine();
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
    RawMsg nextMsg() throws IOException
    {
        while (true)
        {
            final String line = readLine();
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

    /**
     * Reads and discards everything until the server closes the connection. Returns the number of bytes read; fails
     * if the connection is still open after the read timeout. A reset counts as closed.
     */
    long readUntilClosed() throws IOException
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

    /** One protocol line without CRLF, or null at EOF. */
    private String readLine() throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int prev = -1;
        while (true)
        {
            final int b = in.read();
            if (b < 0)
            {
                return null;
            }
            if (prev == '\r' && b == '\n')
            {
                final byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
            }
            line.write(b);
            prev = b;
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
            // closing in cleanup; nothing to do
        }
    }
}
