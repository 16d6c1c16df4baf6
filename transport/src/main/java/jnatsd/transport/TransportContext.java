package jnatsd.transport;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jnatsd.engine.status.Log;
import jnatsd.transport.conn.ChannelFactory;
import jnatsd.transport.conn.ClientLimits;
import jnatsd.transport.conn.PlainChannel;
import jnatsd.transport.conn.RouteChannelFactory;

/**
 * What all transport agents share: limits, connection ids and counts, the engine wake-up. Thread-safe.
 * <p>
 * A reload swaps the client limits ({@link #reloadLimits}); agents read {@link #clientLimits} once per duty cycle
 * and hand a changed object to each connection's parser on its next read, so the per-message path never reads a
 * volatile.
 */
public final class TransportContext
{
    private final Log log;
    private volatile ClientLimits clientLimits;
    private volatile int maxConnections;
    private final int readBufferBytes;
    private final Runnable wakeEngine;
    private final AtomicLong cids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean limitEnforced = true;
    /** The channel of each new connection: plain until TLS is configured. */
    private volatile ChannelFactory channels = PlainChannel.FACTORY;
    /** The channel of each new route: plain unless cluster.tls is configured. */
    private volatile RouteChannelFactory routeChannels = RouteChannelFactory.PLAIN;

    public TransportContext(
        final Log log,
        final int maxControlLine,
        final int maxPayload,
        final int maxConnections,
        final int readBufferBytes,
        final Runnable wakeEngine)
    {
        this.log = log;
        this.clientLimits = new ClientLimits(maxControlLine, maxPayload);
        this.maxConnections = maxConnections;
        this.readBufferBytes = Math.max(readBufferBytes, maxControlLine + 64);
        this.wakeEngine = wakeEngine;
    }

    public Log log()
    {
        return log;
    }

    public int maxControlLine()
    {
        return clientLimits.maxControlLine();
    }

    public int maxPayload()
    {
        return clientLimits.maxPayload();
    }

    /** The client limits in force; a new object after each reload that changed them. */
    public ClientLimits clientLimits()
    {
        return clientLimits;
    }

    /**
     * Any thread (a reload): new clients and, from their next read, existing ones get these limits, as nats-server
     * 2.9 applies a reloaded max_control_line and max_payload to every client; max_connections applies to the
     * next accept (the engine closes clients beyond it).
     */
    public void reloadLimits(final int maxControlLine, final int maxPayload, final int maxConnections)
    {
        final ClientLimits current = clientLimits;
        if (current.maxControlLine() != maxControlLine || current.maxPayload() != maxPayload)
        {
            clientLimits = new ClientLimits(maxControlLine, maxPayload);
        }
        this.maxConnections = maxConnections;
    }

    public ChannelFactory channels()
    {
        return channels;
    }

    /** Before start (or any time: applies to connections opened afterwards). */
    public void channels(final ChannelFactory factory)
    {
        channels = factory;
    }

    public RouteChannelFactory routeChannels()
    {
        return routeChannels;
    }

    /** Before the route port opens (applies to routes opened afterwards). */
    public void routeChannels(final RouteChannelFactory factory)
    {
        routeChannels = factory;
    }

    public int readBufferBytes()
    {
        return readBufferBytes;
    }

    public long nextCid()
    {
        return cids.incrementAndGet();
    }

    /** Off for the start-up warm-up's private server instance, whose own clients are many and all its own. */
    public void enforceConnectionLimit(final boolean enforced)
    {
        limitEnforced = enforced;
    }

    /** Counts a new connection; false when max_connections is reached (the count is then unchanged). */
    public boolean tryOpen()
    {
        while (true)
        {
            final int n = open.get();
            final int maxConnections = this.maxConnections;
            if (maxConnections > 0 && n >= maxConnections && limitEnforced)
            {
                return false;
            }
            if (open.compareAndSet(n, n + 1))
            {
                return true;
            }
        }
    }

    public void closed()
    {
        open.decrementAndGet();
    }

    public int openConnections()
    {
        return open.get();
    }

    public void wakeEngine()
    {
        wakeEngine.run();
    }
}
