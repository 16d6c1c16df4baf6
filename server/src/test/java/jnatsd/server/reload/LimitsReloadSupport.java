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
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Reloads a running server's configuration as an operator does (edit the file, SIGHUP), and a raw client. */
final class LimitsReloadSupport
{
    private LimitsReloadSupport()
    {
    }

    /** A client on a plain socket: sees exactly what the server sends. One test thread. */
    static final class Raw implements AutoCloseable
    {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final String info;

        Raw(final int port) throws IOException
        {
            this(port, 0);
        }

        /** @param receiveBufferBytes SO_RCVBUF to ask for, 0 for the default (small: a reader that falls behind) */
        Raw(final int port, final int receiveBufferBytes) throws IOException
        {
            socket = new Socket();
            if (receiveBufferBytes > 0)
            {
                socket.setReceiveBufferSize(receiveBufferBytes);
            }
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            info = line();
        }

        /** Connects and does CONNECT + PING/PONG, so the server has the client registered. */
        static Raw connected(final int port) throws IOException
        {
            return connected(port, 0);
        }

        static Raw connected(final int port, final int receiveBufferBytes) throws IOException
        {
            final Raw r = new Raw(port, receiveBufferBytes);
            assertTrue(r.info.startsWith("INFO "), r.info);
            r.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1}\r\nPING\r\n");
            assertEquals("PONG", r.line());
            return r;
        }

        /** client_id from this client's INFO. */
        long cid()
        {
            final int at = info.indexOf("\"client_id\":") + "\"client_id\":".length();
            int end = at;
            while (Character.isDigit(info.charAt(end)))
            {
                end++;
            }
            return Long.parseLong(info.substring(at, end));
        }

        void send(final String s) throws IOException
        {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next line without CRLF; null at EOF. */
        String line() throws IOException
        {
            final ByteArrayOutputStream b = new ByteArrayOutputStream();
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

        /** Whether the server closed the socket within the read timeout (after whatever it sent). */
        boolean closedByServer() throws IOException
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

        /** PING answered with PONG (skipping server PINGs). */
        boolean alive()
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

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
