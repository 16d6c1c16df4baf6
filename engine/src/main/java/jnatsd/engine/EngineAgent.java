package jnatsd.engine;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
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
 * The engine's duty cycle: poll the ring (a Disruptor EventPoller, so the same agent runs on its own thread or
 * shares the transport's), apply each event, flush the sessions written to at the end of the batch, run timers.
 * The poller's sequence advances only after a whole batch: the transport reads it to know which read-buffer
 * bytes the engine no longer needs.
 */
public final class EngineAgent implements Agent, EventPoller.Handler<InboundEvent>
{
    private final Engine engine;
    private final EventPoller<InboundEvent> poller;
    private final Log log;
    private final AdminQueue admin = new AdminQueue();
    private final LatencyBuckets batchLatency = new LatencyBuckets();
    private int batchCount;
    private long errors;

    public EngineAgent(final Engine engine, final RingBuffer<InboundEvent> ring, final Log log)
    {
        this.engine = engine;
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        this.log = log;
    }

    /** The engine's consumed sequence: every event up to it has been applied. */
    public Sequence sequence()
    {
        return poller.getSequence();
    }

    @Override
    public int doWork()
    {
        final long now = System.nanoTime();
        engine.clock(now);
        batchCount = 0;
        try
        {
            poller.poll(this);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
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

    @Override
    public boolean onEvent(final InboundEvent event, final long sequence, final boolean endOfBatch)
    {
        batchCount++;
        if (event.type == EventType.NONE)
        {
            return true;
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
        return true;
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
