package jnatsd.transport.conn;

import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectionKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import jnatsd.engine.session.WireChannel;
import jnatsd.transport.tls.GoTlsErrors;

/**
 * A connection encrypted with the JDK's SSLEngine, which only the connection's transport thread touches
 * (docs/architecture.md, "TLS seam"). The engine thread writes plaintext as to any channel: {@link #write} copies
 * it into a single-producer, single-consumer ring and asks the transport for a flush; {@link #flushHeld} (transport
 * thread) wraps what the ring holds into records and writes them. Reads unwrap on the transport thread.
 * <p>
 * As nats-server 2.9 does for an accepted client, the first line the engine writes (the INFO) goes out in plaintext,
 * then the server-side handshake runs; with {@code allow_non_tls} the client's first byte decides (0x16, a TLS
 * handshake record, or plaintext from then on). A route ({@link #handshakeFirst}) does the handshake before any
 * byte of the engine's goes out, as the TLS server when accepted and as the TLS client when dialed. Buffers are
 * allocated once per connection and reused; a message costs copies, never an allocation (the JDK's SSLEngine
 * allocates a little per record).
 */
public final class TlsChannel implements WireChannel
{
    /** Waiting for the INFO line to go out in plaintext. */
    static final int PREFACE = 0;
    /** allow_non_tls: waiting for the client's first byte. */
    static final int SNIFF = 1;
    static final int HANDSHAKE = 2;
    static final int OPEN = 3;
    /** allow_non_tls and the client did not start TLS: bytes pass through unencrypted. */
    static final int PLAIN = 4;
    static final int FAILED = 5;

    /** Plaintext the engine may queue before its flush is short (it then waits for WRITABLE). */
    public static final int RING_BYTES = 64 * 1024;
    private static final int MASK = RING_BYTES - 1;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle FLUSH_WANTED;

    static
    {
        try
        {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TlsChannel.class, "head", long.class);
            TAIL = l.findVarHandle(TlsChannel.class, "tail", long.class);
            FLUSH_WANTED = l.findVarHandle(TlsChannel.class, "flushWanted", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** The socket (tests: an in-memory pipe), as bytes in and records out. */
    private final ByteChannel socket;
    private final GatheringByteChannel gathering;
    private final SSLEngine engine;
    private final Runnable flushRequest;
    private final boolean sniff;
    private final long deadlineNs;
    /** tls.pinned_certs: hex SHA-256 of the client's SubjectPublicKeyInfo; empty for none. */
    private final Set<String> pinned;

    // Plaintext ring: the engine thread advances tail, the transport thread advances head.
    private final byte[] ring = new byte[RING_BYTES];
    private final ByteBuffer ringA = ByteBuffer.wrap(ring);
    private final ByteBuffer ringB = ByteBuffer.wrap(ring);
    private final ByteBuffer[] ringViews = {ringA, ringB};
    private final ByteBuffer[] one = new ByteBuffer[1];
    private long head;
    private long tail;
    private int flushWanted;
    private volatile boolean broken;
    /** nats-server's names of the negotiated version and suite, set once the handshake is done (for /connz). */
    private volatile String goVersion;
    private volatile String goCipher;

    // Transport thread only.
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;
    private final int appBytes;
    private final int packetBytes;
    private int state;
    private boolean underflow;
    private boolean inboundDone;
    private long prefaceEnd = -1;
    private long prefaceScan;
    private int prefaceInterest = SelectionKey.OP_READ;

    /**
     * @param socket the connection's socket (a SocketChannel; tests pass an in-memory one)
     * @param flushRequest asks the connection's transport thread to call {@link #flushHeld} (any thread)
     * @param allowNonTls whether a client may stay in plaintext (nats-server's allow_non_tls)
     */
    public <C extends ByteChannel & GatheringByteChannel> TlsChannel(final C socket, final SSLEngine engine,
        final Runnable flushRequest, final boolean allowNonTls, final long deadlineNs)
    {
        this(socket, engine, flushRequest, allowNonTls, deadlineNs, Set.of());
    }

    /** As above, with the pinned_certs the client's certificate must be one of. */
    public <C extends ByteChannel & GatheringByteChannel> TlsChannel(final C socket, final SSLEngine engine,
        final Runnable flushRequest, final boolean allowNonTls, final long deadlineNs, final Set<String> pinned)
    {
        this(socket, engine, flushRequest, allowNonTls, deadlineNs, pinned, false);
    }

    /**
     * A route's channel (nats-server 2.9 createRoute): the TLS handshake first, and only then the CONNECT and INFO
     * the engine queued meanwhile, encrypted. {@code engine} is in client mode when we dialed the route.
     */
    public static <C extends ByteChannel & GatheringByteChannel> TlsChannel handshakeFirst(final C socket,
        final SSLEngine engine, final Runnable flushRequest, final long deadlineNs, final Set<String> pinned)
    {
        return new TlsChannel(socket, engine, flushRequest, false, deadlineNs, pinned, true);
    }

    private <C extends ByteChannel & GatheringByteChannel> TlsChannel(final C socket, final SSLEngine engine,
        final Runnable flushRequest, final boolean allowNonTls, final long deadlineNs, final Set<String> pinned,
        final boolean handshakeFirst)
    {
        if (handshakeFirst)
        {
            // An empty preface: the first step starts the handshake at once.
            prefaceEnd = 0;
        }
        this.pinned = pinned;
        this.socket = socket;
        this.gathering = socket;
        this.engine = engine;
        this.flushRequest = flushRequest;
        this.sniff = allowNonTls;
        this.deadlineNs = deadlineNs;
        final SSLSession s = engine.getSession();
        this.packetBytes = s.getPacketBufferSize();
        this.appBytes = s.getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packetBytes + 4096);
        this.netOut = ByteBuffer.allocate(2 * packetBytes);
        this.appIn = ByteBuffer.allocate(appBytes);
    }

    // ---- engine thread --------------------------------------------------------------------------------------------

    @Override
    public int write(final ByteBuffer src) throws IOException
    {
        one[0] = src;
        try
        {
            return (int)write(one, 0, 1);
        }
        finally
        {
            one[0] = null;
        }
    }

    /** Copies what fits into the ring (0 when full: the engine then waits for WRITABLE) and asks for a flush. */
    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length) throws IOException
    {
        if (broken)
        {
            // Failed or closing: the transport reports it (handshake error, EOF); the bytes have nowhere to go.
            return discard(srcs, offset, length);
        }
        final long t = tail;
        int free = RING_BYTES - (int)(t - (long)HEAD.getAcquire(this));
        long done = 0;
        for (int i = offset; i < offset + length && free > 0; i++)
        {
            final ByteBuffer src = srcs[i];
            final int n = Math.min(src.remaining(), free);
            final int at = (int)((t + done) & MASK);
            final int first = Math.min(n, RING_BYTES - at);
            src.get(ring, at, first);
            if (n > first)
            {
                src.get(ring, 0, n - first);
            }
            done += n;
            free -= n;
        }
        if (done > 0)
        {
            TAIL.setRelease(this, t + done);
            requestFlush();
        }
        return done;
    }

    private static long discard(final ByteBuffer[] srcs, final int offset, final int length)
    {
        long n = 0;
        for (int i = offset; i < offset + length; i++)
        {
            n += srcs[i].remaining();
            srcs[i].position(srcs[i].limit());
        }
        return n;
    }

    /** Engine thread: the session closed; the transport sends what is queued and closes (closeFromTransport). */
    @Override
    public void close()
    {
        requestFlush();
    }

    // ---- transport thread -----------------------------------------------------------------------------------------

    @Override
    public boolean isHandshaking()
    {
        return state < OPEN;
    }

    /** Whether this side dialed (the TLS client: a route we solicited). */
    public boolean clientMode()
    {
        return engine.getUseClientMode();
    }

    /** When an unfinished handshake times out (System.nanoTime). */
    public long handshakeDeadlineNs()
    {
        return deadlineNs;
    }

    /** The client's certificate once the handshake is done, or null (none, or not TLS). */
    public X509Certificate peerCertificate()
    {
        if (state != OPEN)
        {
            return null;
        }
        try
        {
            final Certificate[] chain = engine.getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        }
        catch (final SSLPeerUnverifiedException ex)
        {
            return null;
        }
    }

    /** Whether the connection is encrypted (false before the handshake and for a plaintext allow_non_tls client). */
    public boolean encrypted()
    {
        return state == OPEN;
    }

    /** Any thread: {@code 1.3} etc. once the handshake is done, else null (/connz tls_version). */
    public String goVersion()
    {
        return goVersion;
    }

    /** Any thread: the suite in Go's name once the handshake is done, else null (/connz tls_cipher_suite). */
    public String goCipher()
    {
        return goCipher;
    }

    /** {@code TLSv1.3} etc. once open. */
    public String protocol()
    {
        return engine.getSession().getProtocol();
    }

    public String cipherSuite()
    {
        return engine.getSession().getCipherSuite();
    }

    /** Plaintext read from the socket that the last {@link #read} could not hand over (its buffer was full). */
    public boolean hasBufferedInput()
    {
        return appIn.position() > 0 || (netIn.position() > 0 && !underflow && (state == OPEN || state == PLAIN));
    }

    @Override
    public int handshake() throws IOException
    {
        try
        {
            return step();
        }
        catch (final IOException | RuntimeException ex)
        {
            final int was = state;
            state = FAILED;
            broken = true;
            final TlsHandshakeException failure = ex instanceof TlsHandshakeException t ? t
                : new TlsHandshakeException(GoTlsErrors.describe(ex, socket), ex);
            // Go answers a refused certificate with an alert, a client that is not speaking TLS with nothing.
            if (was == HANDSHAKE && ex instanceof SSLException && !GoTlsErrors.NOT_TLS.equals(failure.getMessage()))
            {
                sendAlert();
            }
            throw failure;
        }
    }

    private int step() throws IOException
    {
        if (state == PREFACE)
        {
            if (!sendPreface())
            {
                return prefaceInterest;
            }
            afterPreface();
        }
        if (state == SNIFF)
        {
            if (netIn.position() == 0 && socket.read(netIn) < 0)
            {
                throw new EOFException();
            }
            if (netIn.position() == 0)
            {
                return SelectionKey.OP_READ;
            }
            if (netIn.get(0) != 0x16)
            {
                state = PLAIN;
                return 0;
            }
            state = HANDSHAKE;
            engine.beginHandshake();
        }
        while (true)
        {
            if (!drainNetOut())
            {
                return SelectionKey.OP_WRITE;
            }
            switch (engine.getHandshakeStatus())
            {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapOrFail(EMPTY);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN ->
                {
                    if (!unwrapHandshake())
                    {
                        return SelectionKey.OP_READ;
                    }
                }
                default ->
                {
                    state = OPEN;
                    final SSLSession session = engine.getSession();
                    goVersion = GoTlsErrors.version(session.getProtocol());
                    goCipher = GoTlsErrors.cipher(session.getCipherSuite());
                    if (!pinned.isEmpty() && !pinnedOk())
                    {
                        throw new TlsHandshakeException("certificate not pinned", null);
                    }
                    return 0;
                }
            }
        }
    }

    private boolean pinnedOk()
    {
        final X509Certificate peer = peerCertificate();
        if (peer == null)
        {
            return false;
        }
        try
        {
            final byte[] sha = MessageDigest.getInstance("SHA-256").digest(peer.getPublicKey().getEncoded());
            return pinned.contains(HexFormat.of().formatHex(sha));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            return false;
        }
    }

    /** One handshake record in; false when the socket has nothing more yet. */
    private boolean unwrapHandshake() throws IOException
    {
        if (netIn.position() == 0 || underflow)
        {
            final int n = socket.read(netIn);
            if (n < 0)
            {
                throw new EOFException();
            }
            if (n == 0)
            {
                return false;
            }
            underflow = false;
        }
        netIn.flip();
        final SSLEngineResult r;
        try
        {
            r = engine.unwrap(netIn, appIn);
        }
        finally
        {
            netIn.compact();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW)
        {
            underflow = true;
        }
        else if (r.getStatus() == SSLEngineResult.Status.CLOSED)
        {
            throw new EOFException();
        }
        return true;
    }

    private void wrapOrFail(final ByteBuffer src) throws IOException
    {
        final SSLEngineResult r = engine.wrap(src, netOut);
        if (r.getStatus() == SSLEngineResult.Status.CLOSED)
        {
            throw new EOFException();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !drainNetOut())
        {
            // The socket is full; the caller's next step waits for OP_WRITE.
            return;
        }
    }

    private void runTasks()
    {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask())
        {
            // Certificate checks and key exchange: a millisecond or so, on this thread as the SSLEngine's caller.
            task.run();
        }
    }

    /** After a failure the engine holds an alert for the peer (bad certificate...): best effort, never blocking. */
    private void sendAlert()
    {
        try
        {
            engine.closeOutbound();
            engine.wrap(EMPTY, netOut);
            drainNetOut();
        }
        catch (final IOException | RuntimeException ignore)
        {
            // the connection is closing anyway
        }
    }

    /** Writes the ring up to the end of the INFO line unencrypted; false until all of it is written. */
    private boolean sendPreface() throws IOException
    {
        final long t = (long)TAIL.getAcquire(this);
        if (prefaceEnd < 0)
        {
            for (long p = Math.max(prefaceScan, head + 1); p < t; p++)
            {
                if (ring[(int)(p & MASK)] == '\n' && ring[(int)((p - 1) & MASK)] == '\r')
                {
                    prefaceEnd = p + 1;
                    break;
                }
            }
            prefaceScan = t;
            if (prefaceEnd < 0)
            {
                // The engine has not written the INFO yet: its flush request brings this channel back.
                prefaceInterest = SelectionKey.OP_READ;
                return false;
            }
        }
        writeRaw(prefaceEnd);
        if (head < prefaceEnd)
        {
            prefaceInterest = SelectionKey.OP_WRITE;
            return false;
        }
        return true;
    }

    private void afterPreface() throws SSLException
    {
        if (sniff)
        {
            state = SNIFF;
        }
        else
        {
            state = HANDSHAKE;
            engine.beginHandshake();
        }
    }

    /** Writes ring bytes [head, end) to the socket as they are; advances head by what the socket took. */
    private void writeRaw(final long end) throws IOException
    {
        final long h = head;
        final int avail = (int)(end - h);
        if (avail <= 0)
        {
            return;
        }
        views(h, avail);
        final long n = gathering.write(ringViews, 0, 2);
        HEAD.setRelease(this, h + n);
    }

    /** Points the two ring views at [from, from + length), the second one empty unless the range wraps. */
    private void views(final long from, final int length)
    {
        final int at = (int)(from & MASK);
        final int first = Math.min(length, RING_BYTES - at);
        ringA.limit(at + first).position(at);
        ringB.limit(length - first).position(0);
    }

    @Override
    public boolean flushHeld() throws IOException
    {
        FLUSH_WANTED.setVolatile(this, 0);
        switch (state)
        {
            case PREFACE ->
            {
                if (!sendPreface())
                {
                    return false;
                }
                afterPreface();
                return pending() == 0;
            }
            case OPEN ->
            {
                return flushRecords();
            }
            case PLAIN ->
            {
                writeRaw((long)TAIL.getAcquire(this));
                return pending() == 0;
            }
            case FAILED ->
            {
                HEAD.setRelease(this, (long)TAIL.getAcquire(this));
                return true;
            }
            default ->
            {
                // Handshaking: the engine's bytes wait for it (the agent flushes them once it is done).
                return pending() == 0;
            }
        }
    }

    private int pending()
    {
        return (int)((long)TAIL.getAcquire(this) - head);
    }

    /** Wraps the ring into records (several per socket write) and writes them; false when the socket is full. */
    private boolean flushRecords() throws IOException
    {
        if (!drainNetOut())
        {
            return false;
        }
        while (true)
        {
            final long h = head;
            final int avail = (int)((long)TAIL.getAcquire(this) - h);
            if (avail == 0 && engine.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP)
            {
                return true;
            }
            long consumed = 0;
            while (netOut.remaining() >= packetBytes
                && (consumed < avail || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP))
            {
                views(h + consumed, (int)(avail - consumed));
                final SSLEngineResult r = engine.wrap(ringViews, 0, 2, netOut);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED)
                {
                    throw new EOFException();
                }
                consumed += r.bytesConsumed();
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK)
                {
                    runTasks();
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0)
                {
                    break;
                }
            }
            HEAD.setRelease(this, h + consumed);
            final boolean wrote = netOut.position() > 0;
            if (!drainNetOut())
            {
                return false;
            }
            if (!wrote)
            {
                // No record made (the engine refused): nothing more to do now.
                return pending() == 0;
            }
        }
    }

    /** Writes the encrypted bytes waiting in netOut; true when none are left. */
    private boolean drainNetOut() throws IOException
    {
        if (netOut.position() == 0)
        {
            return true;
        }
        netOut.flip();
        try
        {
            socket.write(netOut);
        }
        finally
        {
            netOut.compact();
        }
        return netOut.position() == 0;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException
    {
        if (state == PLAIN)
        {
            return readPlain(dst);
        }
        int produced = drainAppIn(dst);
        boolean socketRead = false;
        boolean eof = false;
        while (dst.hasRemaining() && !inboundDone)
        {
            if (netIn.position() == 0 || underflow)
            {
                if (socketRead)
                {
                    break;
                }
                socketRead = true;
                final int n = socket.read(netIn);
                if (n < 0)
                {
                    eof = true;
                    break;
                }
                if (n == 0)
                {
                    break;
                }
                underflow = false;
            }
            final boolean direct = dst.remaining() >= appBytes;
            netIn.flip();
            final SSLEngineResult r;
            try
            {
                r = engine.unwrap(netIn, direct ? dst : appIn);
            }
            finally
            {
                netIn.compact();
            }
            if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() == 0 && r.bytesProduced() == 0)
            {
                break;
            }
            switch (r.getStatus())
            {
                case OK -> produced += direct ? r.bytesProduced() : drainAppIn(dst);
                case BUFFER_UNDERFLOW -> underflow = true;
                case CLOSED -> inboundDone = true;
                default -> throw new SSLException("TLS record larger than the application buffer");
            }
            afterRecord(r.getHandshakeStatus());
        }
        if (produced == 0 && (eof || inboundDone))
        {
            return -1;
        }
        if (hasBufferedInput())
        {
            // The parser's buffer was full: come back for the rest even if the socket stays quiet.
            requestFlush();
        }
        return produced;
    }

    /** A post-handshake message (TLS 1.3 key update, session ticket) may want an answer or a task. */
    private void afterRecord(final SSLEngineResult.HandshakeStatus hs)
    {
        if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK)
        {
            runTasks();
        }
        if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP)
        {
            requestFlush();
        }
    }

    private int drainAppIn(final ByteBuffer dst)
    {
        if (appIn.position() == 0)
        {
            return 0;
        }
        appIn.flip();
        final int n = Math.min(appIn.remaining(), dst.remaining());
        final int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        appIn.compact();
        return n;
    }

    private int readPlain(final ByteBuffer dst) throws IOException
    {
        if (netIn.position() > 0)
        {
            // What the allow_non_tls check read first.
            netIn.flip();
            final int n = Math.min(netIn.remaining(), dst.remaining());
            final int limit = netIn.limit();
            netIn.limit(netIn.position() + n);
            dst.put(netIn);
            netIn.limit(limit);
            netIn.compact();
            return n;
        }
        return socket.read(dst);
    }

    /**
     * Transport thread, when the connection is released: sends what the engine queued last (an -ERR) and the
     * close_notify if the socket takes them now, then closes the socket.
     */
    public void closeFromTransport()
    {
        try
        {
            if (state == OPEN)
            {
                flushRecords();
                engine.closeOutbound();
                while (netOut.remaining() >= packetBytes && !engine.isOutboundDone())
                {
                    final SSLEngineResult r = engine.wrap(EMPTY, netOut);
                    if (r.bytesProduced() == 0)
                    {
                        break;
                    }
                }
                drainNetOut();
            }
            else if (state == PLAIN)
            {
                writeRaw((long)TAIL.getAcquire(this));
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // the peer is gone or not reading: close anyway
        }
        finally
        {
            broken = true;
            try
            {
                socket.close();
            }
            catch (final IOException ignore)
            {
                // already closed
            }
        }
    }

    /** Marks the channel unusable after an I/O failure seen by the transport (the engine's writes then fail). */
    public void fail()
    {
        broken = true;
    }

    private void requestFlush()
    {
        if ((int)FLUSH_WANTED.getAndSet(this, 1) == 0)
        {
            flushRequest.run();
        }
    }

    /** For tests: the channel's state. */
    int state()
    {
        return state;
    }
}
