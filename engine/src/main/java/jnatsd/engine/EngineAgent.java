package jnatsd.engine;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import java.io.PrintWriter;
import java.io.StringWriter;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.fault.FaultInjection;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.LatencyBuckets;
import jnatsd.engine.status.Log;
import org.agrona.concurrent.Agent;

/**
 * The engine's duty cycle: poll the ring (so the same agent runs on its own thread or shares the transport's),
 * apply each event, flush the sessions written to at the end of the batch, run timers. The engine's sequence
 * advances only after a whole batch: the transport reads it to know which read-buffer bytes the engine no longer
 * needs.
 */
public final class EngineAgent implements Agent
{
    private final Engine engine;
    private final RingBuffer<InboundEvent> ring;
    /** Asked only once the cursor has passed our sequence, so its wait strategy never waits. */
    private final SequenceBarrier barrier;
    /** Every event up to this one has been applied; gates the producers. */
    private final Sequence sequence = new Sequence();
    private final Log log;
    private final AdminQueue admin = new AdminQueue();
    private final LatencyBuckets batchLatency = new LatencyBuckets();
    private int batchCount;
    private long errors;

    public EngineAgent(final Engine engine, final RingBuffer<InboundEvent> ring, final Log log)
    {
        this.engine = engine;
        this.ring = ring;
        this.barrier = ring.newBarrier();
        ring.addGatingSequences(sequence);
        this.log = log;
    }

    /** The engine's consumed sequence: every event up to it has been applied. */
    public Sequence sequence()
    {
        return sequence;
    }

    @Override
    public int doWork()
    {
        final long now = System.nanoTime();
        engine.clock(now);
        batchCount = 0;
        poll();
        int work = batchCount;
        if (batchCount > 0)
        {
            engine.endOfBatch();
            batchLatency.record(System.nanoTime() - now);
        }
        work += engine.onTimer(now);
        work += admin.drain(engine);
        return work;
    }

    /**
     * Applies every event published since the last batch, as the Disruptor's EventPoller does, but counting with an
     * int: C2 guards EventPoller's long-indexed loop with a limit check that failed on a server's first traffic, and
     * the recompiled method was the whole engine (onEvent and what it calls are inlined into it).
     */
    private void poll()
    {
        final long done = sequence.get();
        if (ring.getCursor() <= done)
        {
            return;
        }
        final long available;
        try
        {
            // The highest sequence published without a gap (producers publish out of order).
            available = barrier.waitFor(done + 1);
        }
        catch (final AlertException | InterruptedException | TimeoutException ex)
        {
            throw new IllegalStateException(ex);
        }
        // At most the ring's size, so an int.
        final int count = (int)(available - done);
        int applied = 0;
        try
        {
            for (; applied < count; applied++)
            {
                onEvent(ring.get(done + 1 + applied));
            }
        }
        finally
        {
            if (applied > 0)
            {
                sequence.set(done + applied);
            }
        }
    }

    private void onEvent(final InboundEvent event)
    {
        batchCount++;
        if (event.type == EventType.NONE)
        {
            return;
        }
        try
        {
            if (FaultInjection.ARMED)
            {
                FaultInjection.at(FaultInjection.Site.ENGINE_EVENT, event.session);
            }
            engine.onEvent(event);
        }
        catch (final RuntimeException ex)
        {
            // A bug in one event must not stop the engine or retry the event forever: count, log, close that
            // session, move on.
            errors++;
            eventFailed(event, ex);
        }
    }

    private void eventFailed(final InboundEvent event, final RuntimeException ex)
    {
        final Session s = event.session;
        if (s == null || s.closed)
        {
            log.error("Engine error on event type " + event.type + ": " + ex);
        }
        else
        {
            log.error(s.logPrefix() + " - Internal error on event type " + event.type + ", closing the connection: "
                + ex);
        }
        if (log.isDebug())
        {
            final StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            log.debug(sw.toString());
        }
        if (s != null)
        {
            try
            {
                engine.internalError(s);
            }
            catch (final RuntimeException again)
            {
                log.error(s.logPrefix() + " - Closing after an internal error failed: " + again);
            }
        }
    }

    @Override
    public void onClose()
    {
        engine.closeAll();
    }

    @Override
    public String roleName()
    {
        return "jnatsd-engine";
    }

    /** How long each ring batch took to apply and flush (engine thread writes; monitoring copies). */
    public LatencyBuckets batchLatency()
    {
        return batchLatency;
    }

    /** Requests from other threads that must run on the engine thread. */
    public AdminQueue admin()
    {
        return admin;
    }

    public Engine engine()
    {
        return engine;
    }

    /** Events whose handling threw (engine thread; read it from an admin task). */
    public long errors()
    {
        return errors;
    }
}
