package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import jnatsd.config.ServerOptions;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
import org.junit.jupiter.api.Test;

/**
 * The engine agent's error policy over a real ring: an event whose handling throws closes that event's session
 * (reason Internal Server Error, counted once), a slot published as NONE is skipped, and the other sessions' events
 * go on being applied.
 */
class EngineAgentTest
{
    private final EngineCounters counters = new EngineCounters();
    private final RingBuffer<InboundEvent> ring =
        RingBuffer.createSingleProducer(InboundEvent::new, 64, new BusySpinWaitStrategy());
    private final EngineAgent agent = new EngineAgent(new Engine(new EngineSettings(ServerOptions.defaults()),
        new ServerInfo("ID", "name", "2.9.10", "java", "127.0.0.1", 4222, true, false, 1024), Log.NONE,
        new ChunkPool(4096, 16), new SubjectTable(64), counters), ring, Log.NONE);
    private long cids;

    private final class Client implements TransportHandle
    {
        final CapturingChannel channel = new CapturingChannel();
        final Session session = new Session(++cids, Session.KIND_CLIENT, channel, this, "127.0.0.1", 5000, false);
        int releases;

        Client()
        {
            publish(EventType.OPEN, session, null);
            publish(EventType.CONNECT, session,
                new ConnectCommand(false, false, true, true, false, 1, "", "java", "", "", null));
            agent.doWork();
            channel.take();
        }

        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
            releases++;
        }
    }

    private void publish(final int type, final Session s, final Object attachment)
    {
        final long seq = ring.next();
        final InboundEvent e = ring.get(seq);
        e.type = type;
        e.session = s;
        e.attachment = attachment;
        ring.publish(seq);
    }

    @Test
    void anEventThatThrowsShouldCloseOnlyItsSession()
    {
        final Client victim = new Client();
        final Client other = new Client();
        // A CONNECT whose attachment is not a ConnectCommand: the engine's cast throws, as a bug would.
        publish(EventType.CONNECT, victim.session, "not a ConnectCommand");
        publish(EventType.PING, other.session, null);
        agent.doWork();

        assertTrue(victim.session.closed);
        assertEquals("Internal Server Error", victim.session.closeReason);
        assertEquals(1, victim.releases);
        assertEquals("", victim.channel.take(), "closed without -ERR");
        assertEquals(1, counters.internalErrors);
        assertEquals(1, agent.errors());
        assertFalse(other.session.closed);
        assertEquals("PONG\r\n", other.channel.take());
        // Later events of the closed session are skipped, not counted again.
        publish(EventType.CONNECT, victim.session, "again");
        agent.doWork();
        assertEquals(1, counters.internalErrors);
        assertEquals(1, agent.errors());
    }

    @Test
    void aTransportInternalErrorShouldCloseAndCountOnce()
    {
        final Client victim = new Client();
        final Client other = new Client();
        publish(EventType.ERROR, victim.session, ErrorCode.INTERNAL_ERROR);
        publish(EventType.ERROR, victim.session, ErrorCode.INTERNAL_ERROR);
        publish(EventType.PING, other.session, null);
        agent.doWork();

        assertEquals("Internal Server Error", victim.session.closeReason);
        assertEquals("", victim.channel.take(), "closed without -ERR");
        assertEquals(1, counters.internalErrors);
        assertEquals(0, agent.errors());
        assertEquals("PONG\r\n", other.channel.take());
    }

    @Test
    void aSlotPublishedAsNoneShouldBeSkipped()
    {
        final Client c = new Client();
        // A fill that failed after its claim: no session, no fields; the engine must pass over it.
        publish(EventType.NONE, null, null);
        publish(EventType.PING, c.session, null);
        agent.doWork();

        assertEquals("PONG\r\n", c.channel.take());
        assertEquals(ring.getCursor(), agent.sequence().get());
        assertEquals(0, agent.errors());
    }
}
