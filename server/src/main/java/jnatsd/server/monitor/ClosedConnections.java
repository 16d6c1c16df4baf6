package jnatsd.server.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jnatsd.engine.session.Session;

/**
 * The last {@value #CAPACITY} closed client connections with their reasons (nats-server keeps as many), and a
 * count of closes per reason since start. Engine thread only: filled by the engine's close listener, read by
 * admin-queue tasks; so no locks.
 */
public final class ClosedConnections
{
    public static final int CAPACITY = 10_000;

    private final int capacity;
    private final ArrayDeque<ConnSnapshot> ring;
    private final Map<String, Long> reasons = new TreeMap<>();
    private long dropped;

    public ClosedConnections()
    {
        this(CAPACITY);
    }

    ClosedConnections(final int capacity)
    {
        this.capacity = capacity;
        this.ring = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The engine's close listener: records client sessions, ignores routes. */
    public void onClose(final Session s)
    {
        if (s.kind != Session.KIND_CLIENT)
        {
            return;
        }
        try
        {
            add(Snapshots.now().of(s, true, true));
        }
        catch (final RuntimeException ex)
        {
            // Runs inside the engine's close: a monitoring bug must never leave a session half closed.
            dropped++;
        }
    }

    /** Closes that could not be recorded (should stay 0). */
    public long dropped()
    {
        return dropped;
    }

    void add(final ConnSnapshot c)
    {
        if (ring.size() == capacity)
        {
            ring.pollFirst();
        }
        ring.addLast(c);
        reasons.merge(c.reason() == null ? "" : c.reason(), 1L, Long::sum);
    }

    /** Oldest first. */
    public List<ConnSnapshot> list()
    {
        return new ArrayList<>(ring);
    }

    public int size()
    {
        return ring.size();
    }

    /** Closes per reason since start (not bounded by the ring). */
    public Map<String, Long> reasons()
    {
        return new TreeMap<>(reasons);
    }
}
