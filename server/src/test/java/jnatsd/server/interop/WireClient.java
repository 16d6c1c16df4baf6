package jnatsd.server.interop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * A raw client socket whose reader thread appends everything the server sends to a buffer. Steps take the unread
 * part with {@link #take()}; end of stream (FIN or reset) is remembered as {@link #isEof()}. All state is guarded by
 * {@code this}; the reader thread is the only writer of the buffer.
 */
final class WireClient implements AutoCloseable
{
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;
    private int taken;
    private boolean eof;
    private long lastDataNs = System.nanoTime();

    WireClient(final int port, final String name) throws IOException
    {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        out = socket.getOutputStream();
        final InputStream in = socket.getInputStream();
        reader = new Thread(() -> readLoop(in), "wire-" + name + "-" + port);
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(final InputStream in)
    {
        final byte[] buf = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = in.read(buf)) > 0)
            {
                synchronized (this)
                {
                    received.write(buf, 0, n);
                    lastDataNs = System.nanoTime();
                    notifyAll();
                }
            }
        }
        catch (final IOException ignore)
        {
            // reset or our own close: both end the stream
        }
        synchronized (this)
        {
            eof = true;
            notifyAll();
        }
    }

    /** Writes bytes; a failed write (server already gone) is ignored, the reader reports the close. */
    void send(final byte[] data)
    {
        try
        {
            out.write(data);
            out.flush();
        }
        catch (final IOException ignore)
        {
            // the server closed; EOF is reported by the reader
        }
    }

    /** Writes in chunks of the given size with a pause between them. */
    void sendSplit(final byte[] data, final int chunk, final long pauseMs) throws InterruptedException
    {
        for (int i = 0; i < data.length; i += chunk)
        {
            send(Arrays.copyOfRange(data, i, Math.min(data.length, i + chunk)));
            Thread.sleep(pauseMs);
        }
    }

    /** Waits until the unread data contains {@code \r\n}; returns whether it did before the timeout or EOF. */
    synchronized boolean awaitLine(final long timeoutMs) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (indexOfCrlf() < 0 && !eof)
        {
            final long left = end - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            wait(left);
        }
        return indexOfCrlf() >= 0;
    }

    /** Takes the first unread line including its {@code \r\n} (call after {@link #awaitLine}). */
    synchronized byte[] takeLine()
    {
        final int i = indexOfCrlf();
        final byte[] all = received.toByteArray();
        final byte[] line = Arrays.copyOfRange(all, taken, i + 2);
        taken = i + 2;
        return line;
    }

    private int indexOfCrlf()
    {
        final byte[] all = received.toByteArray();
        for (int i = taken; i + 1 < all.length; i++)
        {
            if (all[i] == '\r' && all[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /** Waits until the unread data ends with the suffix, EOF, or the timeout. */
    synchronized boolean awaitSuffix(final byte[] suffix, final long timeoutMs) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (!endsWith(suffix) && !eof)
        {
            final long left = end - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            wait(left);
        }
        return endsWith(suffix);
    }

    private boolean endsWith(final byte[] suffix)
    {
        final byte[] all = received.toByteArray();
        if (all.length - taken < suffix.length)
        {
            return false;
        }
        return Arrays.equals(all, all.length - suffix.length, all.length, suffix, 0, suffix.length);
    }

    /** Waits until nothing arrived for quietMs since max(last data, sinceNs), or EOF, or maxMs passed. */
    synchronized void awaitQuiet(final long quietMs, final long maxMs, final long sinceNs) throws InterruptedException
    {
        final long endNs = sinceNs + maxMs * 1_000_000L;
        final long startNs = sinceNs;
        while (!eof)
        {
            final long now = System.nanoTime();
            final long quietUntil = Math.max(lastDataNs, startNs) + quietMs * 1_000_000L;
            final long until = Math.min(quietUntil, endNs);
            if (now >= until)
            {
                return;
            }
            final long waitMs = Math.max(1, (until - now) / 1_000_000L);
            wait(waitMs);
        }
    }

    /** Waits for EOF for at most timeoutMs; returns whether the stream ended. */
    synchronized boolean awaitEof(final long timeoutMs) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (!eof)
        {
            final long left = end - System.currentTimeMillis();
            if (left <= 0)
            {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Waits for the given time, returning early on EOF. */
    synchronized void awaitWindow(final long windowMs) throws InterruptedException
    {
        awaitEof(windowMs);
    }

    /** Takes all unread bytes. */
    synchronized byte[] take()
    {
        final byte[] all = received.toByteArray();
        final byte[] unread = Arrays.copyOfRange(all, taken, all.length);
        taken = all.length;
        return unread;
    }

    /** Everything received so far, read or not. */
    synchronized byte[] all()
    {
        return received.toByteArray();
    }

    synchronized boolean isEof()
    {
        return eof;
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
            // closing anyway
        }
    }
}
