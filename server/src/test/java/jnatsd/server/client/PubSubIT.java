package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/** Plain publish/subscribe, wildcards, headers and the flush barrier, through jnats against a real server. */
class PubSubIT extends NatsClientTestSupport
{
    @Test
    void shouldDeliverMessagesInOrderWithSubjectAndPayload() throws Exception
    {
        final Connection sub = connect();
        final Connection pub = connect();
        final String subject = uniqueSubject("ps.basic");
        final Subscription s = sub.subscribe(subject);
        flush(sub);

        for (int i = 0; i < 50; i++)
        {
            pub.publish(subject, bytes("m" + i));
        }
        pub.publish(subject, "r.inbox", bytes("with-reply"));
        pub.publish(subject, new byte[0]);

        for (int i = 0; i < 50; i++)
        {
            final Message m = nextMessage(s, "m" + i);
            assertEquals(subject, m.getSubject());
            assertEquals("m" + i, text(m));
            assertNull(m.getReplyTo());
        }
        final Message withReply = nextMessage(s, "message with reply subject");
        assertEquals("with-reply", text(withReply));
        assertEquals("r.inbox", withReply.getReplyTo());
        assertEquals("", text(nextMessage(s, "empty message")));
        barrier(pub, sub);
        assertEquals(List.of(), drain(s), "nothing beyond what was published");
    }

    @Test
    void shouldMatchSingleAndFullWildcards() throws Exception
    {
        final Connection sub = connect();
        final Connection pub = connect();
        final String root = uniqueSubject("wc");
        final Subscription star = sub.subscribe(root + ".*");
        final Subscription starMiddle = sub.subscribe(root + ".*.c");
        final Subscription full = sub.subscribe(root + ".>");
        final Subscription literal = sub.subscribe(root + ".a.b");
        final Subscription everything = sub.subscribe(">");
        flush(sub);

        final List<String> published = List.of(root, root + ".a", root + ".a.b", root + ".a.c", root + ".x.c",
            root + ".a.b.c");
        for (final String subject : published)
        {
            pub.publish(subject, bytes(subject));
        }
        barrier(pub, sub);

        assertEquals(List.of(root + ".a"), drain(star), "'*' matches exactly one token");
        assertEquals(List.of(root + ".a.c", root + ".x.c"), drain(starMiddle), "'*' in the middle");
        assertEquals(published.subList(1, published.size()), drain(full), "'>' matches one or more tokens");
        assertEquals(List.of(root + ".a.b"), drain(literal), "literal subject");
        final List<String> seenByAll = drain(everything).stream().filter(p -> p.startsWith(root))
            .collect(Collectors.toList());
        assertEquals(published, seenByAll, "'>' alone matches every subject");
    }

    @Test
    void shouldDeliverHeaders() throws Exception
    {
        final Connection sub = connect();
        final Connection pub = connect();
        final String subject = uniqueSubject("hdr");
        final Subscription s = sub.subscribe(subject);
        flush(sub);

        final Headers headers = new Headers().add("X-One", "1").add("X-Multi", "a", "b").add("X-Space", "v w");
        pub.publish(subject, headers, bytes("body"));
        pub.publish(subject, new Headers().add("X-Only", "yes"), new byte[0]);
        pub.publish(subject, bytes("no headers"));

        final Message m = nextMessage(s, "message with headers");
        assertEquals("body", text(m));
        assertEquals(List.of("1"), m.getHeaders().get("X-One"));
        assertEquals(List.of("a", "b"), m.getHeaders().get("X-Multi"));
        assertEquals(List.of("v w"), m.getHeaders().get("X-Space"));
        final Message headerOnly = nextMessage(s, "header-only message");
        assertEquals("", text(headerOnly));
        assertEquals(List.of("yes"), headerOnly.getHeaders().get("X-Only"));
        final Message plain = nextMessage(s, "message without headers");
        assertEquals("no headers", text(plain));
        assertFalse(plain.hasHeaders(), "a PUB must arrive as MSG without headers");
    }

    @Test
    void shouldDeliverAfterSubscribeAndFlushEveryTime() throws Exception
    {
        final Connection sub = connect();
        final Connection pub = connect();
        for (int i = 0; i < 200; i++)
        {
            final String subject = uniqueSubject("order");
            final Subscription s = sub.subscribe(subject);
            flush(sub);
            pub.publish(subject, bytes("n" + i));
            final Message m = nextMessage(s, "message published right after the subscriber's flush, round " + i);
            assertEquals("n" + i, text(m));
            s.unsubscribe();
        }
    }

    @Test
    void shouldNotEchoOwnMessagesWhenEchoIsOff() throws Exception
    {
        final Connection quiet = connect(options().noEcho());
        final Connection other = connect();
        final String subject = uniqueSubject("echo");
        final Subscription quietSub = quiet.subscribe(subject);
        final Subscription otherSub = other.subscribe(subject);
        barrier(quiet, other);

        quiet.publish(subject, bytes("from-quiet"));
        other.publish(subject, bytes("from-other"));
        barrier(quiet, other, quiet);

        assertEquals(List.of("from-other"), drain(quietSub), "no-echo connection gets only the other's message");
        assertEquals(List.of("from-quiet", "from-other"), sortedLike(drain(otherSub), "from-quiet", "from-other"),
            "echo-on connection gets both, including its own");
    }

    @Test
    void shouldStopAfterAutoUnsubscribeLimitThroughJnats() throws Exception
    {
        final Connection sub = connect();
        final Connection pub = connect();
        final String subject = uniqueSubject("auto");
        final Subscription limited = sub.subscribe(subject);
        limited.unsubscribe(3);
        final List<String> dispatched = new ArrayList<>();
        final CountDownLatch five = new CountDownLatch(5);
        final Dispatcher d = sub.createDispatcher();
        final Subscription dsub = d.subscribe(subject, m ->
        {
            synchronized (dispatched)
            {
                dispatched.add(text(m));
            }
            five.countDown();
        });
        d.unsubscribe(dsub, 5);
        final Subscription unlimited = sub.subscribe(subject);
        flush(sub);

        for (int i = 0; i < 10; i++)
        {
            pub.publish(subject, bytes("a" + i));
        }
        barrier(pub, sub);

        assertEquals(List.of("a0", "a1", "a2"), drain(limited), "sync subscription limited to 3");
        assertFalse(limited.isActive(), "subscription is gone after its limit");
        await(five, "5 messages on the dispatcher subscription");
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "a" + i).collect(Collectors.toList()), drain(unlimited));
        synchronized (dispatched)
        {
            assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), dispatched, "dispatcher subscription limited to 5");
        }
    }

    /**
     * jnats also counts deliveries itself and drops extras, so the server's own enforcement of {@code UNSUB sid max}
     * is checked on a raw socket.
     */
    @Test
    void shouldEnforceAutoUnsubscribeLimitOnTheServer() throws Exception
    {
        final Connection pub = connect();
        final String subject = uniqueSubject("auto.raw");
        try (RawClient raw = RawClient.open(server.port(), 0, (int)TIMEOUT.toMillis()))
        {
            raw.connect("SUB " + subject + " 1\r\nUNSUB 1 3\r\nSUB " + subject + " 2\r\n");
            assertEquals(List.of(), raw.pingAndCollect());
            for (int i = 0; i < 10; i++)
            {
                pub.publish(subject, bytes("r" + i));
            }
            flush(pub);
            final List<RawClient.RawMsg> got = raw.pingAndCollect();
            final List<String> sid1 = got.stream().filter(m -> m.sid().equals("1")).map(RawClient.RawMsg::payload)
                .collect(Collectors.toList());
            final List<String> sid2 = got.stream().filter(m -> m.sid().equals("2")).map(RawClient.RawMsg::payload)
                .collect(Collectors.toList());
            assertEquals(List.of("r0", "r1", "r2"), sid1, "server delivers exactly max messages to sid 1");
            assertEquals(IntStream.range(0, 10).mapToObj(i -> "r" + i).collect(Collectors.toList()), sid2);
        }
    }

    /** Orders the two messages of different publishers as expected if both are present (their order is not fixed). */
    private static List<String> sortedLike(final List<String> got, final String first, final String second)
    {
        if (got.size() == 2 && got.get(0).equals(second) && got.get(1).equals(first))
        {
            return List.of(first, second);
        }
        return got;
    }
}
