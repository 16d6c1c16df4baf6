package jnatsd.perf.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A minimal NATS client over a blocking socket, written for measurement: no hidden queues, no dispatcher hop.
 * <p>
 * Threads: one reader thread per connection parses everything the server sends and calls the subscription's
 * {@link MessageHandler} on that thread (so latency is recorded where the bytes arrive). Any thread may publish;
 * writes go into one buffer under a lock. The reader flushes pending output before it blocks on the socket, so
 * replies written from a handler leave in batches; publishers call {@link #flush()} themselves.
 * <p>
 * Supports CONNECT (user/password or token), PUB, SUB (with queue group), UNSUB-free teardown, PING/PONG, MSG.
 * Not supported: TLS, headers (HMSG), reconnects. A server {@code -ERR} or a socket failure is recorded and
 * reported by {@link #failure()}; the connection does not try to recover, because the harness must not hide
 * losses.
 */
public final class RawNatsConnection implements AutoCloseable
{
    /** Called on the connection's reader thread for each MSG; the byte ranges are valid only during the call. */
    @FunctionalInterface
    public interface MessageHandler
    {
        void onMessage(RawNatsConnection connection, byte[] buffer, int subjectOffset, int subjectLength,
            int replyOffset, int replyLength, int payloadOffset, int payloadLength);
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] PUB = {'P', 'U', 'B', ' '};
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int WRITE_BUFFER_LENGTH = 64 * 1024;
    private static final int READ_BUFFER_LENGTH = 256 * 1024;
    private static final long CONNECT_TIMEOUT_MS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String name;
    private final Thread reader;

    // Guarded by writeLock (any thread).
    private final Object writeLock = new Object();
    private final byte[] writeBuffer = new byte[WRITE_BUFFER_LENGTH];
    private int writeLength;

    // Written by the reader thread, read by others.
    private final Object pongLock = new Object();
    private long pongsReceived;
    private volatile MessageHandler[] handlers = new MessageHandler[1];
    private volatile MessageHandler fallbackHandler;
    private volatile String failure;
    private volatile boolean closing;

    // Owned by the reader thread.
    private byte[] readBuffer = new byte[READ_BUFFER_LENGTH];
    private int readPosition;
    private int readLimit;
    private final int[] tokens = new int[16];

    // Owned by the subscribing thread.
    private int nextSid = 1;
    private long pingsSent;

    private RawNatsConnection(final Socket socket, final String name) throws IOException
    {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.name = name;
        this.reader = new Thread(this::readLoop, "nats-reader-" + name);
        this.reader.setDaemon(true);
    }

    /** Opens a socket, sends CONNECT and waits for the server's PONG, so the connection is usable on return. */
    public static RawNatsConnection connect(final NatsUrl url, final String name) throws IOException
    {
        final Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setReceiveBufferSize(1024 * 1024);
        socket.setSendBufferSize(1024 * 1024);
        socket.connect(new InetSocketAddress(url.host(), url.port()), (int)CONNECT_TIMEOUT_MS);
        final RawNatsConnection connection = new RawNatsConnection(socket, name);
        connection.reader.start();
        final StringBuilder connect = new StringBuilder(256)
            .append("CONNECT {\"verbose\":false,\"pedantic\":false,\"tls_required\":false,\"name\":\"")
            .append(name).append("\",\"lang\":\"java-raw\",\"version\":\"0.1\",\"protocol\":1,\"echo\":true");
        if (url.user() != null)
        {
            connect.append(",\"user\":\"").append(url.user()).append("\",\"pass\":\"").append(url.password())
                .append('"');
        }
        if (url.token() != null)
        {
            connect.append(",\"auth_token\":\"").append(url.token()).append('"');
        }
        connect.append("}\r\n");
        final byte[] bytes = connect.toString().getBytes(StandardCharsets.UTF_8);
        synchronized (connection.writeLock)
        {
            connection.append(bytes, 0, bytes.length);
        }
        try
        {
            connection.pingPong(CONNECT_TIMEOUT_MS);
        }
        catch (final IOException ex)
        {
            connection.close();
            throw new IOException("cannot connect to " + url + ": " + ex.getMessage(), ex);
        }
        return connection;
    }

    /** Subscribes and returns the subscription id; call {@link #pingPong} before relying on the interest. */
    public int subscribe(final String subject, final String queueGroup, final MessageHandler handler)
        throws IOException
    {
        final int sid = nextSid++;
        final MessageHandler[] grown = Arrays.copyOf(handlers, Math.max(handlers.length, sid + 1));
        grown[sid] = handler;
        handlers = grown;
        final String line = "SUB " + subject + (queueGroup == null ? "" : " " + queueGroup) + " " + sid + "\r\n";
        final byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        synchronized (writeLock)
        {
            append(bytes, 0, bytes.length);
        }
        return sid;
    }

    /**
     * Receives MSGs whose sid has no handler of its own: subscribers that write their SUBs themselves with
     * {@link #sendRaw} (thousands per connection) use one handler for all of them.
     */
    public void fallbackHandler(final MessageHandler handler)
    {
        fallbackHandler = handler;
    }

    /**
     * Appends protocol bytes verbatim (for example a batch of pipelined SUBs); they leave when the buffer fills or on
     * {@link #flush()}. The caller writes complete, well-formed operations.
     */
    public void sendRaw(final byte[] bytes, final int offset, final int length) throws IOException
    {
        synchronized (writeLock)
        {
            append(bytes, offset, length);
        }
    }

    /** Appends a PUB to the write buffer; it leaves when the buffer fills or on {@link #flush()}. */
    public void publish(final byte[] subject, final byte[] payload, final int payloadOffset, final int payloadLength)
        throws IOException
    {
        publish(subject, 0, subject.length, null, 0, 0, payload, payloadOffset, payloadLength);
    }

    /** Appends {@code PUB subject [reply] length\r\npayload\r\n}; a null reply buffer means no reply subject. */
    public void publish(final byte[] subjectBuffer, final int subjectOffset, final int subjectLength,
        final byte[] replyBuffer, final int replyOffset, final int replyLength,
        final byte[] payload, final int payloadOffset, final int payloadLength) throws IOException
    {
        synchronized (writeLock)
        {
            ensureWritable(subjectLength + replyLength + 20);
            append(PUB, 0, PUB.length);
            append(subjectBuffer, subjectOffset, subjectLength);
            writeBuffer[writeLength++] = ' ';
            if (replyBuffer != null)
            {
                append(replyBuffer, replyOffset, replyLength);
                writeBuffer[writeLength++] = ' ';
            }
            writeLength = AsciiNumbers.putPositiveInt(writeBuffer, writeLength, payloadLength);
            append(CRLF, 0, 2);
            append(payload, payloadOffset, payloadLength);
            append(CRLF, 0, 2);
        }
    }

    /** Writes everything buffered to the socket. */
    public void flush() throws IOException
    {
        synchronized (writeLock)
        {
            flushLocked();
        }
    }

    /** Sends PING and waits for the matching PONG: every earlier command of this connection has been processed. */
    public void pingPong(final long timeoutMs) throws IOException
    {
        awaitPong(sendPing(), timeoutMs);
    }

    /**
     * Sends PING (flushing everything before it) without waiting; {@link #awaitPong} with the returned number waits
     * for its PONG. Call from one thread at a time.
     */
    public long sendPing() throws IOException
    {
        synchronized (writeLock)
        {
            append(PING, 0, PING.length);
            flushLocked();
            return ++pingsSent;
        }
    }

    /** Waits for the PONG answering the PING numbered {@code target} by {@link #sendPing}. */
    public void awaitPong(final long target, final long timeoutMs) throws IOException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        synchronized (pongLock)
        {
            while (pongsReceived < target)
            {
                if (failure != null)
                {
                    throw new IOException(failure);
                }
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0)
                {
                    throw new IOException("no PONG from server within " + timeoutMs + " ms");
                }
                try
                {
                    pongLock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNs)));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for PONG", ex);
                }
            }
        }
    }

    /** The first error seen (server {@code -ERR} or socket failure), or null. */
    public String failure()
    {
        return failure;
    }

    public String name()
    {
        return name;
    }

    @Override
    public void close()
    {
        closing = true;
        try
        {
            socket.close();
        }
        catch (final IOException ignored)
        {
            // closing anyway
        }
    }

    private void ensureWritable(final int length) throws IOException
    {
        if (writeBuffer.length - writeLength < length)
        {
            flushLocked();
        }
    }

    private void append(final byte[] bytes, final int offset, final int length) throws IOException
    {
        if (length > writeBuffer.length - writeLength)
        {
            flushLocked();
            if (length > writeBuffer.length)
            {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, writeBuffer, writeLength, length);
        writeLength += length;
    }

    private void flushLocked() throws IOException
    {
        if (writeLength > 0)
        {
            out.write(writeBuffer, 0, writeLength);
            writeLength = 0;
        }
    }

    private void readLoop()
    {
        try
        {
            while (!closing)
            {
                int eol = indexOfCrlf(readPosition);
                while (eol < 0)
                {
                    fill(readPosition);
                    eol = indexOfCrlf(readPosition);
                }
                onLine(readPosition, eol);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!closing)
            {
                fail("connection " + name + " lost: " + ex);
            }
        }
    }

    private void onLine(final int start, final int eol) throws IOException
    {
        final byte first = readBuffer[start];
        if ((first == 'M' || first == 'm') && eol - start > 4)
        {
            onMsg(start, eol);
            return;
        }
        readPosition = eol + 2;
        if (first == 'P' || first == 'p')
        {
            if (eol - start >= 4 && (readBuffer[start + 1] == 'I' || readBuffer[start + 1] == 'i'))
            {
                synchronized (writeLock)
                {
                    append(PONG, 0, PONG.length);
                }
            }
            else
            {
                synchronized (pongLock)
                {
                    pongsReceived++;
                    pongLock.notifyAll();
                }
            }
        }
        else if (first == '-')
        {
            fail("server error on " + name + ": " + new String(readBuffer, start, eol - start, StandardCharsets.UTF_8));
        }
        // INFO and +OK need no action.
    }

    /** {@code MSG <subject> <sid> [reply] <size>\r\n<payload>\r\n}. */
    private void onMsg(final int lineStart, final int eol) throws IOException
    {
        final int[] tokens = this.tokens;
        int count = 0;
        int i = lineStart + 4;
        while (i < eol && count < 8)
        {
            while (i < eol && readBuffer[i] == ' ')
            {
                i++;
            }
            if (i >= eol)
            {
                break;
            }
            final int tokenStart = i;
            while (i < eol && readBuffer[i] != ' ')
            {
                i++;
            }
            tokens[count * 2] = tokenStart;
            tokens[count * 2 + 1] = i - tokenStart;
            count++;
        }
        if (count != 3 && count != 4)
        {
            throw new IOException("malformed MSG line: " + new String(readBuffer, lineStart, eol - lineStart,
                StandardCharsets.US_ASCII));
        }
        final int sid = AsciiNumbers.parsePositiveInt(readBuffer, tokens[2], tokens[3]);
        final int last = (count - 1) * 2;
        final int size = AsciiNumbers.parsePositiveInt(readBuffer, tokens[last], tokens[last + 1]);
        if (sid < 0 || size < 0)
        {
            throw new IOException("malformed MSG sid or size");
        }
        final int headerLength = eol + 2 - lineStart;
        final int shift = ensureAvailable(lineStart, headerLength + size + 2) - lineStart;
        final int payloadOffset = eol + 2 + shift;
        readPosition = payloadOffset + size + 2;
        final MessageHandler[] current = handlers;
        MessageHandler handler = sid < current.length ? current[sid] : null;
        if (handler == null)
        {
            handler = fallbackHandler;
        }
        if (handler != null)
        {
            handler.onMessage(this, readBuffer, tokens[0] + shift, tokens[1],
                count == 4 ? tokens[4] + shift : 0, count == 4 ? tokens[5] : 0, payloadOffset, size);
        }
    }

    /** Makes {@code length} bytes from {@code start} available; returns the new position of {@code start}. */
    private int ensureAvailable(final int start, final int length) throws IOException
    {
        int begin = start;
        while (readLimit - begin < length)
        {
            if (readBuffer.length - begin < length)
            {
                if (readBuffer.length < length)
                {
                    readBuffer = Arrays.copyOf(readBuffer, Math.max(length, readBuffer.length * 2));
                }
                compact(begin);
                begin = 0;
            }
            readMore();
        }
        return begin;
    }

    /** Reads at least one more byte, keeping the bytes from {@code keepFrom}. */
    private void fill(final int keepFrom) throws IOException
    {
        if (keepFrom == readLimit)
        {
            readPosition = 0;
            readLimit = 0;
        }
        else if (readLimit == readBuffer.length)
        {
            if (keepFrom == 0)
            {
                readBuffer = Arrays.copyOf(readBuffer, readBuffer.length * 2);
            }
            else
            {
                compact(keepFrom);
            }
        }
        readMore();
    }

    private void compact(final int from)
    {
        final int remaining = readLimit - from;
        System.arraycopy(readBuffer, from, readBuffer, 0, remaining);
        readLimit = remaining;
        readPosition -= from;
    }

    private void readMore() throws IOException
    {
        synchronized (writeLock)
        {
            flushLocked();
        }
        final int n = in.read(readBuffer, readLimit, readBuffer.length - readLimit);
        if (n < 0)
        {
            throw new IOException("server closed the connection");
        }
        readLimit += n;
    }

    private int indexOfCrlf(final int from)
    {
        for (int i = from; i < readLimit - 1; i++)
        {
            if (readBuffer[i] == '\r' && readBuffer[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private void fail(final String reason)
    {
        if (failure == null)
        {
            failure = reason;
        }
        synchronized (pongLock)
        {
            pongLock.notifyAll();
        }
    }
}
