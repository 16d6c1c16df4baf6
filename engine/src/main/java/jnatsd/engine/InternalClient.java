package jnatsd.engine;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.session.WireChannel;
import jnatsd.engine.status.EngineCounters;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The server's own client in an account (nats-server's internal system client): a session with no socket. Its
 * subscriptions are ordinary ones (matched, counted, announced to routes); what they receive is flushed, as for any
 * session, into a {@link WireChannel} that hands the MSG/HMSG bytes to a consumer on another thread; what it
 * publishes goes through the same delivery as a client's PUB. Created and used on the engine thread only (other
 * threads reach it through {@link AdminQueue} tasks); it never pings, times out or closes.
 */
public final class InternalClient
{
    private final Engine engine;
    private final Session session;
    private final InboundEvent event = new InboundEvent();
    private int nextSid = 1;

    private InternalClient(final Engine engine, final Session session)
    {
        this.engine = engine;
        this.session = session;
    }

    /**
     * Engine thread: a client in {@code account} whose deliveries go to {@code sink} as protocol bytes (MSG, or
     * HMSG for a message with headers), one call per flush, on the engine thread.
     */
    public static InternalClient open(final Engine engine, final Account account, final long cid,
        final Consumer<byte[]> sink)
    {
        final SinkChannel channel = new SinkChannel(sink);
        final Session s = new Session(cid, Session.KIND_SYSTEM, channel, NO_TRANSPORT, "0.0.0.0", 0, false);
        channel.onFlush = () -> uncountDeliveries(engine, s);
        s.account = account;
        s.outbound = new Outbound(engine.pool());
        s.connectReceived = true;
        s.verbose = false;
        s.pedantic = false;
        s.echo = false;
        s.headers = true;
        s.protocol = 1;
        return new InternalClient(engine, s);
    }

    /**
     * As nats-server, the server's own traffic is not the clients': what reached the internal client leaves the
     * server's and the account's out counts (engine thread, at each flush to the sink).
     */
    private static void uncountDeliveries(final Engine engine, final Session s)
    {
        final EngineCounters c = engine.counters();
        c.outMsgs -= s.outMsgs;
        c.outBytes -= s.outBytes;
        s.account.outMsgs -= s.outMsgs;
        s.account.outBytes -= s.outBytes;
        s.outMsgs = 0;
        s.outBytes = 0;
    }

    public Session session()
    {
        return session;
    }

    /** Engine thread: subscribes to {@code subject}; returns the sid. */
    public String subscribe(final String subject)
    {
        final String sid = Integer.toString(nextSid++);
        final byte[] sidBytes = sid.getBytes(StandardCharsets.US_ASCII);
        final byte[] subj = subject.getBytes(StandardCharsets.US_ASCII);
        final byte[] b = new byte[subj.length + sidBytes.length];
        System.arraycopy(subj, 0, b, 0, subj.length);
        System.arraycopy(sidBytes, 0, b, subj.length, sidBytes.length);
        final InboundEvent e = reset(EventType.SUB, b);
        e.subjectOffset = 0;
        e.subjectLength = subj.length;
        e.sidOffset = subj.length;
        e.sidLength = sidBytes.length;
        engine.subscriptionRegistry().onSub(session, e);
        return sid;
    }

    /**
     * Engine thread: publishes {@code payload} on {@code subject} (reply may be null) in this client's account, to
     * local subscribers and the routes with interest, then flushes.
     */
    public void publish(final String subject, final String reply, final byte[] payload)
    {
        final byte[] subj = subject.getBytes(StandardCharsets.US_ASCII);
        final byte[] rep = reply == null ? new byte[0] : reply.getBytes(StandardCharsets.US_ASCII);
        // The writers copy the payload with the CRLF that follows it, as a client's PUB has it in the read buffer.
        final byte[] b = new byte[subj.length + rep.length + payload.length + 2];
        System.arraycopy(subj, 0, b, 0, subj.length);
        System.arraycopy(rep, 0, b, subj.length, rep.length);
        System.arraycopy(payload, 0, b, subj.length + rep.length, payload.length);
        b[b.length - 2] = '\r';
        b[b.length - 1] = '\n';
        final InboundEvent e = reset(EventType.PUB, b);
        e.subjectOffset = 0;
        e.subjectLength = subj.length;
        e.replyOffset = subj.length;
        e.replyLength = rep.length;
        e.payloadOffset = subj.length + rep.length;
        e.payloadLength = payload.length;
        engine.publishInternal(session, e);
        // Not the clients' traffic (nats-server counts the deliveries only): out of the in counts again.
        final EngineCounters c = engine.counters();
        c.inMsgs--;
        c.inBytes -= payload.length;
        session.account.inMsgs--;
        session.account.inBytes -= payload.length;
        engine.endOfBatch();
    }

    private InboundEvent reset(final int type, final byte[] bytes)
    {
        final InboundEvent e = event;
        e.type = type;
        e.session = session;
        e.buffer = new UnsafeBuffer(bytes);
        e.accountOffset = 0;
        e.accountLength = 0;
        e.replyOffset = 0;
        e.replyLength = 0;
        e.queueOffset = 0;
        e.queueLength = 0;
        e.headerLength = 0;
        e.payloadOffset = 0;
        e.payloadLength = 0;
        e.longValue = 0;
        e.attachment = null;
        return e;
    }

    private static final TransportHandle NO_TRANSPORT = new TransportHandle()
    {
        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
        }
    };

    /** Takes every byte the engine flushes and hands a copy to the consumer: it is never full. */
    private static final class SinkChannel implements WireChannel
    {
        private final Consumer<byte[]> sink;
        private Runnable onFlush = () -> { };

        SinkChannel(final Consumer<byte[]> sink)
        {
            this.sink = sink;
        }

        @Override
        public int read(final ByteBuffer dst)
        {
            return -1;
        }

        @Override
        public int write(final ByteBuffer src)
        {
            final byte[] b = new byte[src.remaining()];
            src.get(b);
            onFlush.run();
            sink.accept(b);
            return b.length;
        }

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length)
        {
            int total = 0;
            for (int i = offset; i < offset + length; i++)
            {
                total += srcs[i].remaining();
            }
            final byte[] b = new byte[total];
            int at = 0;
            for (int i = offset; i < offset + length; i++)
            {
                final int n = srcs[i].remaining();
                srcs[i].get(b, at, n);
                at += n;
            }
            onFlush.run();
            sink.accept(b);
            return total;
        }

        @Override
        public void close()
        {
        }
    }
}
