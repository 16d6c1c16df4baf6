package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jnatsd.config.AccountOptions;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.EngineCounters;
import org.junit.jupiter.api.Test;

/**
 * The system account's internal client: a subscription hands the MSG bytes to its sink, a publish reaches the
 * account's clients (and only them) with the payload's CRLF, and none of it counts as client traffic.
 */
class InternalClientTest
{
    private final EngineDriver d = new EngineDriver(List.of(
        new AccountOptions("SYS", List.of(), List.of()), new AccountOptions("A", List.of(), List.of())));
    private final ByteArrayOutputStream sink = new ByteArrayOutputStream();
    private final InternalClient internal;

    InternalClientTest()
    {
        final Account sys = d.engine.accounts().get("SYS");
        internal = InternalClient.open(d.engine, sys, 0, sink::writeBytes);
    }

    @Test
    void aRequestShouldReachTheSinkAndTheReplyTheRequester()
    {
        internal.subscribe("$SYS.REQ.SERVER.PING");
        final EngineDriver.Client user = d.client("SYS");
        user.sub("_INBOX.r", "7");
        user.pub("$SYS.REQ.SERVER.PING", "_INBOX.r", "");
        d.engine.endOfBatch();
        assertEquals("MSG $SYS.REQ.SERVER.PING 1 _INBOX.r 0\r\n\r\n",
            sink.toString(StandardCharsets.US_ASCII));

        internal.publish("_INBOX.r", null, "{\"statsz\":{}}".getBytes(StandardCharsets.US_ASCII));
        internal.publish("_INBOX.r", null, "two".getBytes(StandardCharsets.US_ASCII));
        // Each publish is its own frame (the writer forgets the last one) and ends with the CRLF.
        assertEquals("MSG _INBOX.r 7 13\r\n{\"statsz\":{}}\r\nMSG _INBOX.r 7 3\r\ntwo\r\n", user.read());
    }

    @Test
    void itsTrafficShouldNotCountAsTheClients()
    {
        internal.subscribe("$SYS.REQ.>");
        final EngineDriver.Client user = d.client("SYS");
        final EngineDriver.Client other = d.client("A");
        user.sub("ev.>", "1");
        other.sub("ev.>", "1");
        final EngineCounters c = d.engine.counters();
        user.pub("$SYS.REQ.X", "", "12345");
        d.engine.endOfBatch();
        internal.publish("ev.x", null, "abc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("MSG ev.x 1 3\r\nabc\r\n", user.read());
        assertEquals("", other.read(), "another account hears nothing of the system account");
        assertEquals(1, c.inMsgs, "only the client's request came in");
        assertEquals(5, c.inBytes);
        assertEquals(1, c.outMsgs, "only the delivery to the client went out");
        assertEquals(3, c.outBytes);
        assertEquals(Session.KIND_SYSTEM, internal.session().kind);
        assertTrue(d.engine.sessions().stream().noneMatch(s -> s == internal.session()), "not a listed connection");
    }
}
