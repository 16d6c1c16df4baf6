package jnatsd.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw NATS client that does what a TLS client of nats-server 2.9 does: reads the plaintext INFO, then upgrades the
 * same socket to TLS (or, with a null context, stays in plaintext). For checking exact bytes and closes over TLS.
 */
public final class TlsRawClient implements AutoCloseable
{
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String info;

    private TlsRawClient(final Socket socket, final String info) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.info = info;
    }

    /** Connects, reads INFO in plaintext, then runs the TLS handshake with {@code ctx} (null: stays plaintext). */
    public static TlsRawClient open(final int port, final SSLContext ctx, final int timeoutMs) throws IOException
    {
        final Socket plain = new Socket();
        plain.setSoTimeout(timeoutMs);
        plain.setTcpNoDelay(true);
        plain.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
        final String info = readLine(plain.getInputStream());
        if (info == null || !info.startsWith("INFO "))
        {
            plain.close();
            throw new IOException("expected INFO, got " + info);
        }
        if (ctx == null)
        {
            return new TlsRawClient(plain, info);
        }
        final SSLSocket tls = (SSLSocket)ctx.getSocketFactory().createSocket(plain, "localhost", port, true);
        tls.setUseClientMode(true);
        tls.setSoTimeout(timeoutMs);
        tls.startHandshake();
        return new TlsRawClient(tls, info);
    }

    /** The INFO line as received (without CRLF). */
    public String info()
    {
        return info;
    }

    public TlsRawClient send(final String protocol) throws IOException
    {
        out.write(protocol.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** The next line without CRLF; null at end of stream. */
    public String line() throws IOException
    {
        return readLine(in);
    }

    /**
     * Everything the server sends until it closes the connection (a reset or a TLS alert counts as closed), or
     * null when it is still open after the socket's timeout.
     */
    public String untilClosed()
    {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        try
        {
            for (int c = in.read(); c >= 0; c = in.read())
            {
                b.write(c);
            }
        }
        catch (final SocketTimeoutException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            // reset, or an alert: closed
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String readLine(final InputStream in) throws IOException
    {
        // Byte by byte: nothing after the INFO line may be taken from the socket before the upgrade.
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read())
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

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
    }
}
