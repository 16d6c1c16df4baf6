package jnatsd.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnatsd.config.AccountOptions;
import jnatsd.config.ServerOptions;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.LoginLimits;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;

/** An engine with accounts, driven by ring events as the transport would send them; clients read what it wrote. */
final class EngineDriver
{
    final Engine engine;
    private long cids;

    EngineDriver(final List<AccountOptions> accounts)
    {
        final ServerInfo info = new ServerInfo("ID", "name", "2.9.10", "java", "127.0.0.1", 4222, true, true, 1024);
        engine = new Engine(new EngineSettings(ServerOptions.defaults()), info, Log.NONE, new ChunkPool(4096, 16),
            new SubjectTable(64), new EngineCounters());
        engine.configureAccounts(accounts);
    }

    /** A connected client of an account ("" for the global one), echo on, headers on, no_responders off. */
    Client client(final String account)
    {
        return new Client(account, null);
    }

    /** A connected client of the global account with these permissions. */
    Client client(final SessionPermissions permissions)
    {
        return new Client("", permissions);
    }

    /** A client of the global account logging in with a JWT's limits; it may be refused (see its session). */
    Client client(final LoginLimits limits)
    {
        return new Client("", null, limits);
    }

    static UnsafeBuffer buf(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    final class Client implements TransportHandle
    {
        final CapturingChannel channel = new CapturingChannel();
        final Session session = new Session(++cids, Session.KIND_CLIENT, channel, this, "127.0.0.1", 5000, false);

        Client(final String account, final SessionPermissions permissions)
        {
            this(account, permissions, LoginLimits.NONE);
        }

        Client(final String account, final SessionPermissions permissions, final LoginLimits limits)
        {
            event(EventType.OPEN).buffer = buf(" ");
            apply(last);
            final InboundEvent e = event(EventType.CONNECT);
            e.attachment = new ConnectCommand(false, false, true, true, false, 1, "", "java", "", "u", permissions,
                null, account, 0, "", limits);
            apply(e);
            connected = read();
        }

        private InboundEvent last;
        /** What the engine wrote up to and with its answer to CONNECT. */
        String connected;

        private InboundEvent event(final int type)
        {
            final InboundEvent e = new InboundEvent();
            e.type = type;
            e.session = session;
            last = e;
            return e;
        }

        private void apply(final InboundEvent e)
        {
            engine.onEvent(e);
        }

        String read()
        {
            engine.endOfBatch();
            return channel.take();
        }

        void sub(final String subject, final String sid)
        {
            sub(subject, "", sid);
        }

        void sub(final String subject, final String queue, final String sid)
        {
            final InboundEvent e = event(EventType.SUB);
            e.buffer = buf(subject + " " + queue + " " + sid);
            e.subjectOffset = 0;
            e.subjectLength = subject.length();
            e.queueOffset = subject.length() + 1;
            e.queueLength = queue.length();
            e.sidOffset = subject.length() + 1 + queue.length() + 1;
            e.sidLength = sid.length();
            apply(e);
        }

        void unsub(final String sid)
        {
            final InboundEvent e = event(EventType.UNSUB);
            e.buffer = buf(sid);
            e.sidOffset = 0;
            e.sidLength = sid.length();
            apply(e);
        }

        void pub(final String subject, final String reply, final String payload)
        {
            final InboundEvent e = event(EventType.PUB);
            e.buffer = buf(subject + " " + reply + " " + payload + "\r\n");
            e.subjectOffset = 0;
            e.subjectLength = subject.length();
            e.replyOffset = subject.length() + 1;
            e.replyLength = reply.length();
            e.payloadOffset = subject.length() + 1 + reply.length() + 1;
            e.payloadLength = payload.length();
            apply(e);
        }

        void ping()
        {
            apply(event(EventType.PING));
        }

        void close()
        {
            apply(event(EventType.CLOSED));
        }

        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
        }
    }
}
