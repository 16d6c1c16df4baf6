package jnatsd.transport;

import com.lmax.disruptor.Sequence;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.function.Consumer;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.fault.FaultInjection;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.Log;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.ClientLimits;
import jnatsd.transport.conn.ConnectionOwner;
import jnatsd.transport.conn.TlsChannel;
import jnatsd.transport.conn.TlsHandshakeException;
import jnatsd.transport.ingress.Ingress;
import jnatsd.transport.tls.GoTlsErrors;
import org.agrona.BufferUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * One selector thread's duty cycle: accept (agent 0 only), read, parse and publish into the engine ring.
 * On the plain path it never writes to sockets: the engine owns outbound bytes. It drives a channel's handshake
 * before reads reach the parser, and writes what a channel holds itself (TLS records) when the channel asks.
 * Requests from the engine (write interest, release of a closed connection), channels' flush requests and
 * connections handed over by the acceptor arrive on queues drained each cycle.
 */
public final class TransportAgent implements Agent, ConnectionOwner
{
    /** Connections opened (session, parser, OPEN) per duty cycle, so a storm of them cannot starve the open ones. */
    private static final int OPENS_PER_CYCLE = 64;
    /** Accepted sockets waiting to be opened, at most; past it they wait in the kernel's queue. */
    private static final int MAX_ACCEPTED = 16 * 1024;

    private final int index;
    private final Selector selector;
    private final Ingress ingress;
    private final Sequence engineSequence;
    private final TransportContext context;
    /** The context's client limits as of this duty cycle (read once per cycle, not per message). */
    private ClientLimits clientLimits;
    private final Log log;
    private final boolean wakeupNeeded;
    private final ManyToOneConcurrentArrayQueue<ClientConnection> registrations =
        new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    private final ManyToOneConcurrentArrayQueue<ClientConnection> writeRequests =
        new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    private final ManyToOneConcurrentArrayQueue<ClientConnection> releases =
        new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    private final ManyToOneConcurrentArrayQueue<ClientConnection> flushRequests =
        new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final Consumer<ClientConnection> onRegistration = this::register;
    private final Consumer<ClientConnection> onWriteRequest = this::enableWrite;
    private final Consumer<ClientConnection> onRelease = this::free;
    private final Consumer<ClientConnection> onFlushRequest = this::flushHeld;
    /** Rare work other threads hand to this agent (route sockets from the dialer). */
    private final ManyToOneConcurrentArrayQueue<Runnable> tasks = new ManyToOneConcurrentArrayQueue<>(1024);
    private final Consumer<Runnable> onTask = Runnable::run;
    private final ReadBufferPool readBuffers;
    /** A busy connection's read buffer: nats-server's largest (maxBufSize in client.go). */
    static final int BUSY_READ_BUFFER_BYTES = 64 * 1024;
    /**
     * Free read buffers kept per size at most (connections hold one only while being read, so this is a burst of
     * concurrent readers); beyond it a buffer goes to the GC. The pool trims back to MIN_POOLED_READ_BUFFERS per
     * size what a period did not use, so an idle crowd of clients costs no read buffers.
     */
    static final int MAX_POOLED_READ_BUFFERS = 1024;
    static final int MIN_POOLED_READ_BUFFERS = 32;
    /** How often the read buffer pool gives back what it did not need (checked when the agent goes idle). */
    static final long READ_POOL_TRIM_NS = 2_000_000_000L;
    /** Connections whose reads were all parsed: their buffers go back to the pool once the engine has applied them. */
    private final ArrayList<ClientConnection> drained = new ArrayList<>();
    private long trimEveryNs = READ_POOL_TRIM_NS;
    private long nextTrimNs = System.nanoTime() + READ_POOL_TRIM_NS;
    private final ArrayList<ClientConnection> paused = new ArrayList<>();
    /** TLS connections whose handshake has not finished yet: checked against their deadline each cycle. */
    private final ArrayList<ClientConnection> handshaking = new ArrayList<>();
    /** TLS connections holding decrypted input the parser had no room for, read again next cycle. */
    private final ArrayList<ClientConnection> bufferedInput = new ArrayList<>();
    private final ConnectionOpener opener;
    private ServerSocketChannel acceptor;
    private boolean acceptReady;
    /** Taken from the kernel's accept queue, not opened yet (oldest first). */
    private final ArrayDeque<SocketChannel> accepted = new ArrayDeque<>();
    private volatile ServerSocketChannel pendingAcceptor;
    private TransportAgent[] peers;
    private int nextPeer;
    private int work;

    public TransportAgent(
        final int index,
        final Ingress ingress,
        final Sequence engineSequence,
        final TransportContext context,
        final boolean wakeupNeeded) throws IOException
    {
        this.index = index;
        this.selector = Selector.open();
        this.ingress = ingress;
        this.engineSequence = engineSequence;
        this.context = context;
        this.clientLimits = context.clientLimits();
        this.log = context.log();
        this.wakeupNeeded = wakeupNeeded;
        this.readBuffers = new ReadBufferPool(context.readBufferBytes(), BUSY_READ_BUFFER_BYTES,
            MAX_POOLED_READ_BUFFERS, MIN_POOLED_READ_BUFFERS);
        this.opener = new ConnectionOpener(this, context);
    }

    /**
     * How often an idle cycle trims the read-buffer pool. The start-up warm-up's instance trims every 100 ms: the
     * JIT then sees the trim branch taken before it compiles {@link #idle}, which a 2 s period made a trap (and a
     * recompilation) at the real server's first trim. Before this agent runs.
     */
    public void trimEvery(final long nanos)
    {
        trimEveryNs = nanos;
        nextTrimNs = System.nanoTime() + nanos;
    }

    /** Opens this agent's connections (accepted here or dialed for routes); this thread only. */
    public ConnectionOpener opener()
    {
        return opener;
    }

    /**
     * Any thread: starts accepting on a bound server socket once this agent runs, connections spread over peers
     * (the server's threads start first, then monitoring, then this, as nats-server orders them). A previous
     * acceptor is closed on this agent's thread.
     */
    public void listen(final ServerSocketChannel serverChannel, final TransportAgent[] peers)
    {
        this.peers = peers;
        // The volatile write publishes peers to the agent thread, which reads pendingAcceptor first.
        pendingAcceptor = serverChannel;
        selector.wakeup();
    }

    private void swapAcceptor() throws IOException
    {
        final ServerSocketChannel next = pendingAcceptor;
        pendingAcceptor = null;
        if (acceptor != null)
        {
            acceptor.close();
        }
        acceptor = next;
        next.configureBlocking(false);
        next.register(selector, SelectionKey.OP_ACCEPT);
    }

    @Override
    public int doWork() throws IOException
    {
        work = 0;
        clientLimits = context.clientLimits();
        if (pendingAcceptor != null)
        {
            swapAcceptor();
        }
        if (!paused.isEmpty())
        {
            resumePaused();
        }
        if (!handshaking.isEmpty())
        {
            expireHandshakes();
        }
        if (!bufferedInput.isEmpty())
        {
            readBuffered();
        }
        work += registrations.drain(onRegistration);
        work += writeRequests.drain(onWriteRequest);
        work += flushRequests.drain(onFlushRequest);
        work += releases.drain(onRelease);
        work += tasks.drain(onTask);
        if (!drained.isEmpty())
        {
            returnDrained();
        }
        selector.selectNow(onKey);
        acceptIfReady();
        return work;
    }

    /** Blocks in select until I/O, a wakeup or the timeout; handles the ready keys. Returns work done. */
    public int idle(final long timeoutMs) throws IOException
    {
        work = 0;
        if (!drained.isEmpty())
        {
            returnDrained();
        }
        final long now = System.nanoTime();
        if (now - nextTrimNs >= 0)
        {
            nextTrimNs = now + trimEveryNs;
            readBuffers.trim();
        }
        selector.select(onKey, paused.isEmpty() ? Math.max(1, timeoutMs) : 1);
        acceptIfReady();
        return work;
    }

    private void resumePaused()
    {
        final long now = System.nanoTime();
        for (int i = paused.size() - 1; i >= 0; i--)
        {
            final ClientConnection c = paused.get(i);
            if (c.session.readPausedUntilNs - now <= 0 || c.stopped)
            {
                final int last = paused.size() - 1;
                paused.set(i, paused.get(last));
                paused.remove(last);
                if (!c.stopped && c.key.isValid())
                {
                    c.key.interestOps(c.key.interestOps() | SelectionKey.OP_READ);
                    if (c.channel instanceof TlsChannel t && t.hasBufferedInput())
                    {
                        // Input already decrypted: the socket may stay quiet, so read it without waiting.
                        bufferedInput.add(c);
                    }
                }
            }
        }
    }

    public void wakeup()
    {
        selector.wakeup();
    }

    private void onKey(final SelectionKey key)
    {
        try
        {
            handleKey(key);
        }
        catch (final RuntimeException ex)
        {
            if (!(key.attachment() instanceof ClientConnection c))
            {
                throw ex;
            }
            connectionFailed(c, ex);
        }
    }

    /**
     * An unexpected exception (a bug) while handling one connection's input: that connection is closed (the engine
     * counts it, reason Internal Server Error), logged once; the agent goes on with the others.
     */
    private void connectionFailed(final ClientConnection c, final RuntimeException ex)
    {
        if (c.released || c.stopped || c.session.closed)
        {
            // Already closing (an error published, EOF, or a fault logged): once is enough.
            log.debug(c.session.logPrefix() + " - Internal error on a closing connection: " + ex);
            return;
        }
        log.error(c.session.logPrefix() + " - Internal error, closing the connection: " + ex);
        if (log.isDebug())
        {
            final StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            log.debug(sw.toString());
        }
        c.stopped = true;
        if (c.key != null && c.key.isValid())
        {
            c.key.interestOps(0);
        }
        ingress.publishError(c, ErrorCode.INTERNAL_ERROR);
        ingress.takePublished();
        context.wakeEngine();
        work++;
    }

    private void handleKey(final SelectionKey key)
    {
        if (!key.isValid())
        {
            return;
        }
        final Object att = key.attachment();
        if (att instanceof KeyHandler handler)
        {
            handler.onReady(key);
            if (ingress.takePublished() > 0)
            {
                context.wakeEngine();
            }
            return;
        }
        if (att == null)
        {
            // Accept after the other ready keys: a client that hung up in the same cycle frees its
            // max_connections slot first.
            acceptReady = true;
            return;
        }
        final ClientConnection c = (ClientConnection)att;
        if (c.channel.isHandshaking())
        {
            handshake(c);
        }
        else
        {
            if (key.isWritable())
            {
                writable(c, key);
            }
            if (key.isValid() && key.isReadable())
            {
                read(c);
            }
        }
        if (ingress.takePublished() > 0)
        {
            context.wakeEngine();
        }
    }

    private void acceptIfReady()
    {
        if (acceptReady)
        {
            acceptReady = false;
            drainAcceptQueue();
        }
        if (!accepted.isEmpty())
        {
            openAccepted();
        }
    }

    /**
     * Takes every connection the kernel has queued (an accept is a few microseconds; opening one is more). Once
     * the kernel's queue (somaxconn) is full it drops handshakes, and each costs its client a 1 s retransmit: in a
     * 10,000-client storm that second was most of the storm's time while 64 accepts a cycle kept the queue full.
     */
    private void drainAcceptQueue()
    {
        while (accepted.size() < MAX_ACCEPTED)
        {
            final SocketChannel ch;
            try
            {
                ch = acceptor.accept();
            }
            catch (final IOException ex)
            {
                log.error("Error accepting client connection: " + ex.getMessage());
                return;
            }
            if (ch == null)
            {
                return;
            }
            accepted.add(ch);
        }
    }

    private void openAccepted()
    {
        for (int i = 0; i < OPENS_PER_CYCLE && !accepted.isEmpty(); i++)
        {
            final SocketChannel ch = accepted.poll();
            work++;
            try
            {
                opener.openClient(ch, peers[nextPeer++ % peers.length], clientLimits);
            }
            catch (final IOException ex)
            {
                log.error("Error accepting client connection: " + ex.getMessage());
            }
        }
    }

    /** Opener (another agent's thread): a connection whose OPEN was published is read by this agent from now on. */
    void offerRegistration(final ClientConnection c)
    {
        registrations.offer(c);
        wakeup();
    }

    /** Runs a task on this agent's thread, soon; any thread. */
    public void execute(final Runnable task)
    {
        while (!tasks.offer(task))
        {
            Thread.yield();
        }
        selector.wakeup();
    }

    /** Registers another listening socket (the route port); its accepts go to the handler. This thread only. */
    public void registerAcceptor(final ServerSocketChannel channel, final KeyHandler handler) throws IOException
    {
        channel.configureBlocking(false);
        channel.register(selector, SelectionKey.OP_ACCEPT, handler);
    }

    public Ingress ingress()
    {
        return ingress;
    }

    public TransportContext context()
    {
        return context;
    }

    /** Starts reading a connection whose OPEN was published. This thread only. */
    public void register(final ClientConnection c)
    {
        if (c.session.closed)
        {
            free(c);
            return;
        }
        // No read buffer yet: the first read takes one from the pool (an idle connection holds none).
        try
        {
            c.key = c.socket.register(selector, SelectionKey.OP_READ, c);
        }
        catch (final IOException ex)
        {
            free(c);
            return;
        }
        if (c.channel.isHandshaking())
        {
            handshaking.add(c);
            if (log.isDebug() && c.session.kind == Session.KIND_ROUTE && c.channel instanceof TlsChannel t)
            {
                log.debug(c.session.logPrefix() + " - Starting TLS route " + (t.clientMode() ? "client" : "server")
                    + " handshake");
            }
            // A dialing TLS side speaks first; an accepted client gets the INFO first, an accepted route nothing.
            handshake(c);
        }
        else if (c.holding)
        {
            flushHeld(c);
        }
    }

    /** One handshake step; once done, reads (and writes, if anything waits) resume. */
    private void handshake(final ClientConnection c)
    {
        if (c.stopped)
        {
            c.key.interestOps(0);
            return;
        }
        final int ops;
        try
        {
            ops = c.channel.handshake();
        }
        catch (final TlsHandshakeException ex)
        {
            handshakeFailed(c, handshakeError(c) + ex.getMessage());
            return;
        }
        catch (final IOException ex)
        {
            closedByPeer(c);
            return;
        }
        work++;
        if (ops != 0)
        {
            c.key.interestOps(ops);
            return;
        }
        if (log.isDebug() && c.channel instanceof TlsChannel t && t.encrypted())
        {
            log.debug(c.session.logPrefix() + " - TLS handshake complete");
            log.debug(c.session.logPrefix() + " - TLS version " + GoTlsErrors.version(t.protocol())
                + ", cipher suite " + GoTlsErrors.cipher(t.cipherSuite()));
        }
        c.key.interestOps(SelectionKey.OP_READ | (c.holding || c.writableWanted ? SelectionKey.OP_WRITE : 0));
        // The handshake's last read may have brought application bytes along.
        read(c);
    }

    private void writable(final ClientConnection c, final SelectionKey key)
    {
        if (c.holding)
        {
            flushHeld(c);
            if (c.holding)
            {
                return;
            }
        }
        // Only write interest goes: a paused publisher must stay unselected for reading.
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        if (c.writableWanted)
        {
            c.writableWanted = false;
            ingress.publishSimple(c, EventType.WRITABLE);
            work++;
        }
    }

    /** The channel asked for a flush (or the socket took more): write what it holds, else wait for OP_WRITE. */
    private void flushHeld(final ClientConnection c)
    {
        if (c.released)
        {
            return;
        }
        boolean done;
        try
        {
            done = c.channel.flushHeld();
        }
        catch (final IOException ex)
        {
            done = true;
            if (!c.stopped)
            {
                closedByPeer(c);
            }
        }
        c.holding = !done;
        final SelectionKey key = c.key;
        if (!done && key != null && key.isValid())
        {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
        if (key != null && c.channel instanceof TlsChannel t && t.hasBufferedInput() && !t.isHandshaking())
        {
            // The channel's last read left decrypted input the parser had no room for.
            readAgain(c, t);
        }
    }

    private void readAgain(final ClientConnection c, final TlsChannel t)
    {
        if (c.stopped || c.released || c.key == null || !c.key.isValid())
        {
            return;
        }
        try
        {
            read(c);
        }
        catch (final RuntimeException ex)
        {
            // As in onKey: a bug while parsing closes this connection only.
            connectionFailed(c, ex);
            return;
        }
        if (ingress.takePublished() > 0)
        {
            context.wakeEngine();
        }
        if (t.hasBufferedInput() && !c.stopped && !bufferedInput.contains(c))
        {
            // No room yet (the engine still reads the buffer): try again next cycle.
            bufferedInput.add(c);
        }
    }

    private void readBuffered()
    {
        for (int i = bufferedInput.size() - 1; i >= 0; i--)
        {
            final ClientConnection c = bufferedInput.get(i);
            final int last = bufferedInput.size() - 1;
            bufferedInput.set(i, bufferedInput.get(last));
            bufferedInput.remove(last);
            if (!c.stopped && !c.released && c.channel instanceof TlsChannel t && t.hasBufferedInput())
            {
                final long pausedUntil = c.session.readPausedUntilNs;
                if (pausedUntil != 0 && pausedUntil - System.nanoTime() > 0)
                {
                    // resumePaused brings it back
                    continue;
                }
                readAgain(c, t);
            }
        }
    }

    /** Closes TLS connections whose handshake outlived the tls timeout, as nats-server's tlsTimeout. */
    private void expireHandshakes()
    {
        final long now = System.nanoTime();
        for (int i = handshaking.size() - 1; i >= 0; i--)
        {
            final ClientConnection c = handshaking.get(i);
            final boolean done = c.stopped || c.released || !c.channel.isHandshaking();
            final boolean late = !done && c.channel instanceof TlsChannel t && now - t.handshakeDeadlineNs() >= 0;
            if (done || late)
            {
                final int last = handshaking.size() - 1;
                handshaking.set(i, handshaking.get(last));
                handshaking.remove(last);
            }
            if (late)
            {
                // nats-server's two lines: its handshake read hits the same deadline as its timer.
                log.error(c.session.logPrefix() + " - " + handshakeError(c) + GoTlsErrors.readTimeout(c.socket));
                handshakeFailed(c, "TLS handshake timeout");
            }
        }
    }

    /** nats-server's words before a handshake failure: clients' and routes' differ. */
    private static String handshakeError(final ClientConnection c)
    {
        return c.session.kind == Session.KIND_ROUTE ? "TLS route handshake error: " : "TLS handshake error: ";
    }

    /**
     * A TLS handshake that failed or timed out: nats-server's [ERR] line, and the engine closes the connection
     * (reason TLS Handshake Failure, no -ERR: nothing can be read in plaintext any more).
     */
    private void handshakeFailed(final ClientConnection c, final String line)
    {
        if (c.stopped || c.released)
        {
            return;
        }
        log.error(c.session.logPrefix() + " - " + line);
        if (c.channel instanceof TlsChannel t)
        {
            t.fail();
        }
        if (c.key != null && c.key.isValid())
        {
            c.key.interestOps(0);
        }
        ingress.current(c);
        ingress.publishError(c, ErrorCode.TLS_HANDSHAKE);
        if (ingress.takePublished() > 0)
        {
            context.wakeEngine();
        }
        work++;
    }

    private void read(final ClientConnection c)
    {
        if (c.stopped || c.session.closed)
        {
            c.key.interestOps(0);
            return;
        }
        final long pausedUntil = c.session.readPausedUntilNs;
        if (pausedUntil != 0 && pausedUntil - System.nanoTime() > 0)
        {
            // The engine is slowing this publisher down: stop reading it until the pause ends (write interest, if
            // a flush is waiting, stays).
            c.key.interestOps(c.key.interestOps() & ~SelectionKey.OP_READ);
            paused.add(c);
            return;
        }
        if (!makeRoom(c))
        {
            return;
        }
        final ByteBuffer bb = c.readBuffer;
        bb.limit(bb.capacity()).position(c.writePos);
        final int room = bb.remaining();
        final int n;
        try
        {
            n = c.channel.read(bb);
        }
        catch (final IOException ex)
        {
            closedByPeer(c);
            return;
        }
        if (n < 0)
        {
            closedByPeer(c);
            return;
        }
        if (n == 0)
        {
            if (c.parsePos == c.writePos && !c.drained)
            {
                // A readiness without bytes (TLS: a record still incomplete) gives the buffer back too.
                c.drained = true;
                drained.add(c);
            }
            return;
        }
        work++;
        c.writePos += n;
        c.noteRead(n, room);
        if (FaultInjection.ARMED)
        {
            FaultInjection.at(FaultInjection.Site.TRANSPORT_READ, c.session);
        }
        ingress.current(c);
        if (c.limits != clientLimits)
        {
            // A reload changed max_control_line or max_payload: existing clients get them too, as in nats-server.
            c.limits = clientLimits;
            c.parser.limits(clientLimits.maxControlLine(), c.loginMaxPayload < 0 ? clientLimits.maxPayload()
                : Math.min(c.loginMaxPayload, clientLimits.maxPayload()));
        }
        final int consumed = c.parser.parse(c.view, c.parsePos, c.writePos - c.parsePos);
        if (consumed < 0)
        {
            c.stopped = true;
            c.key.interestOps(0);
            return;
        }
        c.parsePos += consumed;
        if (c.stopped)
        {
            c.key.interestOps(0);
        }
        else if (c.parsePos == c.writePos && !c.drained)
        {
            c.drained = true;
            drained.add(c);
        }
    }

    /**
     * Gives the read buffers of connections with nothing left to parse back to the pool, once the engine has applied
     * their last event (until then ring events point into them). The next read takes one again: as nats-server's
     * dynamic buffers, a connection pays for a read buffer only while it is being read.
     */
    private void returnDrained()
    {
        final long applied = engineSequence.get();
        for (int i = drained.size() - 1; i >= 0; i--)
        {
            final ClientConnection c = drained.get(i);
            final boolean gone = c.released || c.readBuffer == null;
            final boolean partial = !gone && c.parsePos != c.writePos;
            if (gone || partial || applied >= c.lastPublishedSeq)
            {
                final int last = drained.size() - 1;
                drained.set(i, drained.get(last));
                drained.remove(last);
                c.drained = false;
                if (!gone && !partial)
                {
                    final ByteBuffer bb = c.takeBuffer();
                    if (!readBuffers.release(bb))
                    {
                        // No event and no view refers to it any more.
                        BufferUtil.free(bb);
                    }
                }
            }
        }
    }

    /**
     * Makes free space at the end of the read buffer: reuse it from the start, compact the partial operation to the
     * front, or grow for a big payload. Moving bytes needs the engine to be done with them; returns false when it
     * is not yet (the key stays ready and is retried next cycle).
     */
    private boolean makeRoom(final ClientConnection c)
    {
        if (c.readBuffer == null)
        {
            c.useBuffer(readBuffers.acquire(c.busy));
            return true;
        }
        final boolean engineDone = engineSequence.get() >= c.lastPublishedSeq;
        final int wanted = readBuffers.bytesFor(c.busy);
        if (c.parsePos == c.writePos && c.parsePos > 0 && engineDone)
        {
            c.parsePos = 0;
            c.writePos = 0;
            if (c.readBuffer.capacity() != wanted)
            {
                readBuffers.release(c.readBuffer);
                c.useBuffer(readBuffers.acquire(c.busy));
            }
        }
        final int capacity = c.readBuffer.capacity();
        if (c.writePos < capacity)
        {
            return true;
        }
        if (!engineDone)
        {
            return false;
        }
        final int pending = c.writePos - c.parsePos;
        final int needed = Math.max(c.parser.pendingOperationLength(), pending + 1);
        if (needed > capacity || c.parsePos == 0)
        {
            final int size = Math.max(needed, capacity * 2);
            final ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(size, needed));
            final ByteBuffer old = c.readBuffer;
            old.limit(c.writePos).position(c.parsePos);
            bigger.put(old);
            readBuffers.release(old);
            c.useBuffer(bigger);
        }
        else if (capacity != wanted && needed <= wanted)
        {
            // Busy (or quiet again): the partial operation moves to a buffer of the size this connection needs now.
            final ByteBuffer old = c.readBuffer;
            final ByteBuffer next = readBuffers.acquire(c.busy);
            old.limit(c.writePos).position(c.parsePos);
            next.put(old);
            readBuffers.release(old);
            c.useBuffer(next);
        }
        else
        {
            final ByteBuffer bb = c.readBuffer;
            bb.limit(c.writePos).position(c.parsePos);
            bb.compact();
        }
        c.parsePos = 0;
        c.writePos = pending;
        return true;
    }

    private void closedByPeer(final ClientConnection c)
    {
        c.stopped = true;
        uncount(c);
        if (c.key != null)
        {
            c.key.cancel();
        }
        ingress.current(c);
        ingress.publishSimple(c, EventType.CLOSED);
        work++;
    }

    /** Engine thread (or this one, in shared mode): an incomplete flush wants OP_WRITE. */
    @Override
    public void requestWritable(final ClientConnection c)
    {
        writeRequests.offer(c);
        if (wakeupNeeded)
        {
            selector.wakeup();
        }
    }

    /** Engine thread (or this one): the session is closed, free the connection's resources. */
    @Override
    public void release(final ClientConnection c)
    {
        releases.offer(c);
        if (wakeupNeeded)
        {
            selector.wakeup();
        }
    }

    /** A channel's write (engine thread, or this one): it holds bytes this thread must write. */
    @Override
    public void requestFlush(final ClientConnection c)
    {
        flushRequests.offer(c);
        if (wakeupNeeded)
        {
            selector.wakeup();
        }
    }

    private void enableWrite(final ClientConnection c)
    {
        c.writableWanted = true;
        final SelectionKey key = c.key;
        if (key != null && key.isValid())
        {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void free(final ClientConnection c)
    {
        if (c.released)
        {
            return;
        }
        c.released = true;
        c.stopped = true;
        if (c.key != null)
        {
            c.key.cancel();
        }
        try
        {
            if (c.channel instanceof TlsChannel t)
            {
                // The engine's last bytes (an -ERR) are still in the channel: this thread encrypts them.
                t.closeFromTransport();
            }
            else
            {
                c.channel.close();
            }
        }
        catch (final IOException ignore)
        {
            // already closed by the engine
        }
        if (c.readBuffer != null)
        {
            // Events still in the ring for this session are skipped by the engine (it is closed), so the bytes
            // may be reused.
            readBuffers.release(c.readBuffer);
        }
        c.readBuffer = null;
        uncount(c);
    }

    /** A client stops counting against max_connections once, at EOF or at release, whichever comes first. */
    private void uncount(final ClientConnection c)
    {
        if (!c.uncounted && c.session.kind == Session.KIND_CLIENT)
        {
            c.uncounted = true;
            context.closed();
        }
    }

    @Override
    public void onClose()
    {
        try
        {
            if (acceptor != null)
            {
                acceptor.close();
            }
            while (!accepted.isEmpty())
            {
                accepted.poll().close();
            }
            selector.close();
        }
        catch (final IOException ignore)
        {
            // shutting down
        }
    }

    @Override
    public String roleName()
    {
        return "jnatsd-transport-" + index;
    }

    /** Stops accepting (shutdown, lame duck). */
    public void stopAccepting()
    {
        if (acceptor != null)
        {
            try
            {
                acceptor.close();
            }
            catch (final IOException ignore)
            {
                // closing
            }
        }
    }
}
