package jnatsd.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import jnatsd.engine.CapturingChannel;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The route lines as nats-server 2.9 writes and reads them (see docs/clustering.md). */
class RouteWriterTest
{
    private static final Account G = Account.global(new SubjectTable(0));
    private final RouteWriter writer = new RouteWriter();
    private final Outbound out = new Outbound(new ChunkPool(4096, 4));

    @Test
    void shouldWriteInterestLines() throws Exception
    {
        writer.sub(out, G, bytes("orders.*"), null, 0);
        writer.sub(out, G, bytes("jobs"), bytes("grp"), 2);
        writer.unsub(out, G, bytes("jobs"), bytes("grp"));
        writer.unsub(out, G, bytes("orders.*"), null);
        assertEquals("RS+ $G orders.*\r\nRS+ $G jobs grp 2\r\nRS- $G jobs grp\r\nRS- $G orders.*\r\n", drain());
    }

    @Test
    void shouldNameTheAccountOfEveryLine() throws Exception
    {
        final Account a = new Account("ACME", new SubjectTable(0));
        writer.sub(out, a, bytes("orders.*"), null, 0);
        writer.unsub(out, a, bytes("orders.*"), null);
        writer.message(out, true, a, event("PUB news.x 2\r\nhi\r\n", "news.x", "", 0), null, 0);
        assertEquals("RS+ ACME orders.*\r\nRS- ACME orders.*\r\nRMSG ACME news.x 2\r\nhi\r\n", drain());
    }

    @Test
    void shouldWriteRoutedMessagesWithReplyAndQueues() throws Exception
    {
        writer.message(out, true, G, event("PUB work _INBOX.abc 3\r\nabc\r\n", "work", "_INBOX.abc", 0), null, 0);
        writer.message(out, true, G, event("PUB work _INBOX.abc 3\r\nabc\r\n", "work", "_INBOX.abc", 0),
            new byte[][] {bytes("wq"), bytes("q2")}, 2);
        writer.message(out, true, G, event("PUB news.x 2\r\nhi\r\n", "news.x", "", 0), new byte[][] {bytes("wq")}, 1);
        assertEquals("RMSG $G work _INBOX.abc 3\r\nabc\r\n"
            + "RMSG $G work + _INBOX.abc wq q2 3\r\nabc\r\n"
            + "RMSG $G news.x | wq 2\r\nhi\r\n", drain());
    }

    @Test
    void shouldWriteHeadersAsHmsgOrStripThem() throws Exception
    {
        final String hpub = "HPUB news.y 12 14\r\nNATS/1.0\r\n\r\nhi\r\n";
        writer.message(out, true, G, event(hpub, "news.y", "", 12), null, 0);
        writer.message(out, false, G, event(hpub, "news.y", "", 12), null, 0);
        assertEquals("HMSG $G news.y 12 14\r\nNATS/1.0\r\n\r\nhi\r\nRMSG $G news.y 2\r\nhi\r\n", drain());
    }

    private static InboundEvent event(final String wire, final String subject, final String reply, final int hdr)
    {
        final UnsafeBuffer b = new UnsafeBuffer(bytes(wire));
        final InboundEvent e = new InboundEvent();
        e.buffer = b;
        e.subjectOffset = wire.indexOf(subject);
        e.subjectLength = subject.length();
        e.replyOffset = reply.isEmpty() ? 0 : wire.indexOf(reply);
        e.replyLength = reply.length();
        e.headerLength = hdr;
        e.payloadOffset = wire.indexOf("\r\n") + 2;
        e.payloadLength = wire.length() - e.payloadOffset - 2;
        return e;
    }

    private String drain() throws Exception
    {
        final CapturingChannel sink = new CapturingChannel();
        out.flush(sink);
        return sink.take();
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
