package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import jnatsd.config.LimitOptions;
import jnatsd.config.ServerOptions;
import jnatsd.engine.account.Account;
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
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Drives the engine with ring events directly, as the ring would, and reads what it writes to each socket. */
class EngineTest
{
    private final EngineCounters counters = new EngineCounters();
    private Engine engine = newEngine(ServerOptions.defaults());
    private long cids;

    private ServerInfo info;

    private Engine newEngine(final ServerOptions options)
    {
        info = new ServerInfo("ID", "name", "2.9.10", "java", "127.0.0.1", 4222, true, false, 1024);
        return new Engine(new EngineSettings(options), info, Log.NONE, new ChunkPool(4096, 16), new SubjectTable(64),
            counters);
    }

    private final class Client implements TransportHandle
    {
        final CapturingChannel channel = new CapturingChannel();
        final Session session = new Session(++cids, Session.KIND_CLIENT, channel, this, "127.0.0.1", 5000, false);
        int writableRequests;
        int releases;
        final String info;
        /** What the engine wrote in answer to the CONNECT. */
        final String connected;

        Client(final boolean verbose, final boolean echo, final boolean headers, final boolean noResponders)
        {
            this(verbose, echo, headers, noResponders, () -> { });
        }

        Client(final boolean verbose, final boolean echo, final boolean headers, final boolean noResponders,
            final Runnable beforeConnect)
        {
            event(EventType.OPEN, this, "", 0, 0);
            info = read();
            beforeConnect.run();
            final InboundEvent e = newEvent(EventType.CONNECT, this);
            e.attachment = new ConnectCommand(verbose, false, echo, headers, noResponders, 1, "", "java", "", "", null);
            apply(e);
            connected = read();
        }

        String read()
        {
            engine.endOfBatch();
            return channel.take();
        }

        void sub(final String subject, final String queue, final String sid)
        {
            final String line = subject + " " + queue + " " + sid;
            final InboundEvent e = newEvent(EventType.SUB, this);
            e.buffer = buf(line);
            e.subjectOffset = 0;
            e.subjectLength = subject.length();
            e.queueOffset = subject.length() + 1;
            e.queueLength = queue.length();
            e.sidOffset = subject.length() + 1 + queue.length() + 1;
            e.sidLength = sid.length();
            apply(e);
        }

        void unsub(final String sid, final long max)
        {
            final InboundEvent e = newEvent(EventType.UNSUB, this);
            e.buffer = buf(sid);
            e.sidOffset = 0;
            e.sidLength = sid.length();
            e.longValue = max;
            apply(e);
        }

        void pub(final String subject, final String reply, final String payload)
        {
            pubWithHeaders(subject, reply, 0, payload);
        }

        void pubWithHeaders(final String subject, final String reply, final int headerLength, final String payload)
        {
            // Laid out as in a read buffer: the payload is followed by CRLF.
            final String line = subject + " " + reply + " " + payload + "\r\n";
            final InboundEvent e = newEvent(EventType.PUB, this);
            e.buffer = buf(line);
            e.subjectOffset = 0;
            e.subjectLength = subject.length();
            e.replyOffset = subject.length() + 1;
            e.replyLength = reply.length();
            e.headerLength = headerLength;
            e.payloadOffset = subject.length() + 1 + reply.length() + 1;
            e.payloadLength = payload.length();
            apply(e);
        }

        @Override
        public void requestWritable()
        {
            writableRequests++;
        }

        @Override
        public void release()
        {
            releases++;
        }
    }

    private static UnsafeBuffer buf(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.US_ASCII));
    }

    private InboundEvent newEvent(final int type, final Client c)
    {
        final InboundEvent e = new InboundEvent();
        e.type = type;
        e.session = c.session;
        return e;
    }

    private void event(final int type, final Client c, final String text, final int off, final int len)
    {
        final InboundEvent e = newEvent(type, c);
        e.buffer = buf(text.isEmpty() ? " " : text);
        apply(e);
    }

    private void apply(final InboundEvent e)
    {
        engine.onEvent(e);
    }

    @Test
    void shouldSendInfoOnOpen()
    {
        final Client c = new Client(false, true, true, false);
        final Client d = new Client(false, true, true, false);
        assertEquals(2, engine.sessionCount());
        // nats-server's line: INFO, the JSON object with this client's id and address, a space before CRLF.
        assertTrue(c.info.startsWith("INFO {\"server_id\":\"ID\""), c.info);
        assertTrue(c.info.endsWith(",\"client_id\":" + c.session.cid + ",\"client_ip\":\"127.0.0.1\"} \r\n"), c.info);
        assertTrue(d.info.contains("\"client_id\":" + d.session.cid + ","), d.info);
    }

    @Test
    void shouldResendInfoToAClientWhoseInfoWasOutdatedByItsConnect()
    {
        // The cluster learns a peer's client URL between this client's INFO and its CONNECT (Cluster then updates
        // only clients that had connected): the CONNECT brings it the current INFO, as nats-server's first PONG does.
        final String urls = ",\"connect_urls\":[\"10.0.0.2:4222\"]";
        final Client c = new Client(false, true, true, false, () -> info.clusterFields(urls));
        assertFalse(c.info.contains("connect_urls"), c.info);
        assertTrue(c.connected.startsWith("INFO {") && c.connected.contains(urls), c.connected);
        // A client that got the current INFO at accept gets no second one.
        final Client d = new Client(false, true, true, false);
        assertTrue(d.info.contains(urls), d.info);
        assertEquals("", d.connected);
    }

    @Test
    void shouldDeliverToMatchingSubscribersWithSidAndReply()
    {
        final Client sub = new Client(false, true, true, false);
        final Client pub = new Client(false, true, true, false);
        sub.sub("foo.*", "", "7");
        sub.sub("foo.>", "", "8");
        sub.sub("bar", "", "9");
        pub.pub("foo.x", "r.1", "hello");
        final String out = sub.read();
        assertTrue(out.contains("MSG foo.x 7 r.1 5\r\nhello\r\n"), out);
        assertTrue(out.contains("MSG foo.x 8 r.1 5\r\nhello\r\n"), out);
        assertFalse(out.contains(" 9 "), out);
        assertEquals("", pub.read());
    }

    /** Subscribers with equal sids share one encoded frame per message, never a frame of an earlier message. */
    @Test
    void fanOutToEqualSidsCarriesEachMessagesOwnBytes()
    {
        final Client a = new Client(false, true, true, false);
        final Client b = new Client(false, true, true, false);
        final Client plain = new Client(false, true, false, false);
        final Client pub = new Client(false, true, true, false);
        a.sub("foo", "", "1");
        b.sub("foo", "", "1");
        plain.sub("foo", "", "1");
        pub.pub("foo", "", "aaaa");
        pub.pub("foo", "", "bbbb");
        pub.pubWithHeaders("foo", "", 4, "h:1\ncccc");
        final String expected = "MSG foo 1 4\r\naaaa\r\nMSG foo 1 4\r\nbbbb\r\n";
        assertEquals(expected + "HMSG foo 1 4 8\r\nh:1\ncccc\r\n", a.read());
        assertEquals(expected + "HMSG foo 1 4 8\r\nh:1\ncccc\r\n", b.read());
        assertEquals(expected + "MSG foo 1 4\r\ncccc\r\n", plain.read());
    }

    @Test
    void shouldAnswerPingWithPongAfterEarlierOperations()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.pub("a", "", "x");
        event(EventType.PING, c, "", 0, 0);
        assertEquals("MSG a 1 1\r\nx\r\nPONG\r\n", c.read());
    }

    @Test
    void shouldAcknowledgeWhenVerbose()
    {
        final Client c = new Client(true, true, true, false);
        c.sub("a", "", "1");
        c.pub("a", "", "x");
        assertEquals("+OK\r\n+OK\r\nMSG a 1 1\r\nx\r\n", c.read());
    }

    @Test
    void shouldDeliverOncePerQueueGroupAndSpreadLoad()
    {
        final Client a = new Client(false, true, true, false);
        final Client b = new Client(false, true, true, false);
        final Client pub = new Client(false, true, true, false);
        a.sub("work", "g", "1");
        b.sub("work", "g", "1");
        a.sub("work", "h", "2");
        for (int i = 0; i < 100; i++)
        {
            pub.pub("work", "", "m");
        }
        final String outA = a.read();
        final String outB = b.read();
        final int groupGToA = count(outA, "MSG work 1 ");
        final int groupGToB = count(outB, "MSG work 1 ");
        assertEquals(100, groupGToA + groupGToB);
        assertTrue(groupGToA > 20 && groupGToB > 20, groupGToA + "/" + groupGToB);
        assertEquals(100, count(outA, "MSG work 2 "));
    }

    @Test
    void shouldAutoUnsubscribeAfterMaxMessages()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.sub("a", "", "2");
        c.unsub("1", 2);
        for (int i = 0; i < 5; i++)
        {
            c.pub("a", "", "x");
        }
        final String out = c.read();
        assertEquals(2, count(out, "MSG a 1 "));
        assertEquals(5, count(out, "MSG a 2 "));
        assertEquals(1, c.session.subscriptions.size());
    }

    @Test
    void shouldNotEchoWhenEchoIsOff()
    {
        final Client c = new Client(false, false, true, false);
        final Client other = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.pub("a", "", "mine");
        other.pub("a", "", "theirs");
        assertEquals("MSG a 1 6\r\ntheirs\r\n", c.read());
    }

    @Test
    void shouldSendNoRespondersStatusToTheRequestorsInbox()
    {
        final Client c = new Client(false, true, true, true);
        c.sub("_INBOX.x", "", "1");
        c.pub("nobody", "_INBOX.x", "hi");
        assertEquals("HMSG _INBOX.x 1 16 16\r\nNATS/1.0 503\r\n\r\n\r\n", c.read());
    }

    @Test
    void shouldStripHeadersForClientsWithoutHeaderSupport()
    {
        final Client plain = new Client(false, true, false, false);
        final Client modern = new Client(false, true, true, false);
        plain.sub("h", "", "1");
        modern.sub("h", "", "2");
        final Client pub = new Client(false, true, true, false);
        pub.pubWithHeaders("h", "", 12, "NATS/1.0\r\n\r\nhi");
        assertEquals("MSG h 1 2\r\nhi\r\n", plain.read());
        assertEquals("HMSG h 2 12 14\r\nNATS/1.0\r\n\r\nhi\r\n", modern.read());
    }

    @Test
    void shouldRejectInvalidSubjectAndKeepConnection()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("foo..bar", "", "1");
        assertEquals("-ERR 'Invalid Subject'\r\n", c.read());
        assertFalse(c.session.closed);
    }

    @Test
    void shouldWriteErrorAndCloseOnClosingError()
    {
        final Client c = new Client(false, true, true, false);
        final InboundEvent e = newEvent(EventType.ERROR, c);
        e.attachment = ErrorCode.MAX_PAYLOAD;
        apply(e);
        assertEquals("-ERR 'Maximum Payload Violation'\r\n", c.channel.take());
        assertTrue(c.session.closed);
        assertFalse(c.channel.isOpen());
        assertEquals(1, c.releases);
    }

    @Test
    void shouldCloseSlowConsumerAndKeepDeliveringToOthers()
    {
        final LimitOptions l = LimitOptions.defaults();
        final ServerOptions o = ServerOptions.defaults();
        final ServerOptions small = new ServerOptions(o.listen(), o.serverName(),
            new LimitOptions(l.maxPayloadBytes(), l.maxControlLineBytes(), 10_000, l.maxConnections(),
                l.maxSubscriptions(), l.pingIntervalNs(), l.pingMax(), l.authTimeoutNs(), l.writeDeadlineNs(),
                l.maxSubTokens(), l.noHeaderSupport()),
            o.logging(), o.monitor(), o.auth(), o.tls(), o.cluster(), o.engine(), o.operations(), null);
        engine = newEngine(small);
        final Client slow = new Client(false, true, true, false);
        final Client fast = new Client(false, true, true, false);
        final Client pub = new Client(false, true, true, false);
        slow.sub("s", "", "1");
        fast.sub("s", "", "1");
        slow.channel.acceptLimit = 0;
        final String payload = "x".repeat(1000);
        int fastGot = 0;
        for (int i = 0; i < 50; i++)
        {
            pub.pub("s", "", payload);
            fastGot += count(fast.read(), "MSG s 1 1000");
        }
        assertTrue(slow.session.closed);
        assertEquals("Slow Consumer (Pending Bytes)", slow.session.closeReason);
        assertEquals(1, counters.slowConsumers);
        assertEquals(50, fastGot);
    }

    @Test
    void shouldRequestWriteInterestWhenSocketIsFull()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.channel.acceptLimit = 3;
        c.pub("a", "", "hello");
        assertEquals("MSG", c.read());
        assertEquals(1, c.writableRequests);
        c.channel.acceptLimit = Long.MAX_VALUE;
        event(EventType.WRITABLE, c, "", 0, 0);
        assertEquals(" a 1 5\r\nhello\r\n", c.read());
    }

    @Test
    void shouldGroupWritesIntoOneFlushPerBatch()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.channel.writeCalls = 0;
        for (int i = 0; i < 100; i++)
        {
            c.pub("a", "", "x");
        }
        engine.endOfBatch();
        assertEquals(1, c.channel.writeCalls);
    }

    @Test
    void shouldDropSubscriptionsOnClose()
    {
        final Client c = new Client(false, true, true, false);
        c.sub("a", "", "1");
        c.sub("b", "q", "2");
        assertEquals(2, engine.table().count());
        event(EventType.CLOSED, c, "", 0, 0);
        assertEquals(0, engine.table().count());
        assertTrue(c.session.subscriptions.isEmpty());
    }

    @Test
    void shouldRunASingleNodeWithTheNoOpInterconnect()
    {
        // No interconnect set: Interconnect.NONE. Messages flow, the timer ticks, shutdown closes only clients.
        final Client sub = new Client(false, true, true, false);
        final Client pub = new Client(false, true, true, false);
        sub.sub("solo", "", "1");
        pub.pub("solo", "", "hi");
        assertEquals("MSG solo 1 2\r\nhi\r\n", sub.read());
        final long later = System.nanoTime() + 3_000_000_000L;
        assertTrue(engine.onTimer(later) >= 2);
        assertEquals("PING\r\n", sub.channel.take());
        assertEquals(0, engine.onTimer(later + 1), "at most one tick per period");
        engine.closeAll();
        assertEquals(0, engine.sessionCount());
        assertEquals(1, sub.releases);
    }

    @Test
    void shouldPutEverySessionInTheDefaultAccountAndCountItsTraffic()
    {
        final Client sub = new Client(false, true, true, false);
        final Client pub = new Client(false, true, true, false);
        final Account account = engine.account();
        assertSame(account, sub.session.account);
        assertSame(account, pub.session.account);
        assertEquals(Account.GLOBAL_NAME, account.name());
        assertSame(account.table(), engine.table());
        sub.sub("acc.>", "", "1");
        sub.sub("acc.x", "q", "2");
        assertEquals(2, account.subscriptions);
        pub.pub("acc.x", "", "hello");
        assertEquals(1, account.inMsgs);
        assertEquals(5, account.inBytes);
        assertEquals(2, account.outMsgs);
        assertEquals(10, account.outBytes);
        sub.unsub("2", 0);
        assertEquals(1, account.subscriptions);
        event(EventType.CLOSED, sub, "", 0, 0);
        assertEquals(0, account.subscriptions);
    }

    private static int count(final String s, final String needle)
    {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1))
        {
            n++;
        }
        return n;
    }
}
