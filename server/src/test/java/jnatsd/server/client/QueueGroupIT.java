package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Queue groups: one delivery per group per message, spread over the members; plain subscribers get everything. */
class QueueGroupIT extends NatsClientTestSupport
{
    private static final int MESSAGES = 1000;

    @Test
    void shouldDeliverEachMessageOncePerGroupAndSpreadOverMembers() throws Exception
    {
        final String subject = uniqueSubject("queue");
        final List<Connection> memberConns = new ArrayList<>();
        final List<Subscription> groupA = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final Connection c = connect();
            memberConns.add(c);
            groupA.add(c.subscribe(subject, "workers"));
        }
        final Connection other = connect();
        final List<Subscription> groupB = List.of(other.subscribe(subject, "auditors"),
            memberConns.get(0).subscribe(subject, "auditors"));
        final Subscription plain = other.subscribe(subject);
        final Connection pub = connect();
        memberConns.forEach(NatsClientTestSupport::flush);
        flush(other);

        for (int i = 0; i < MESSAGES; i++)
        {
            pub.publish(subject, bytes(Integer.toString(i)));
        }
        final List<Connection> all = new ArrayList<>(memberConns);
        all.add(other);
        barrier(pub, all.toArray(new Connection[0]));

        final List<String> expected = IntStream.range(0, MESSAGES).mapToObj(Integer::toString)
            .collect(Collectors.toList());
        assertEquals(expected, drain(plain), "a plain subscriber gets every message, in order");
        assertOncePerGroupAndFair("workers", groupA, expected);
        assertOncePerGroupAndFair("auditors", groupB, expected);
    }

    @Test
    void shouldSendToRemainingMemberAfterOneUnsubscribes() throws Exception
    {
        final String subject = uniqueSubject("queue.leave");
        final Connection a = connect();
        final Connection b = connect();
        final Subscription leaving = a.subscribe(subject, "g");
        final Subscription staying = b.subscribe(subject, "g");
        flush(b);
        leaving.unsubscribe();
        final Connection pub = connect();
        barrier(a, pub);

        for (int i = 0; i < 100; i++)
        {
            pub.publish(subject, bytes(Integer.toString(i)));
        }
        barrier(pub, a, b);
        assertEquals(100, drain(staying).size(), "all messages go to the only remaining member");
    }

    private static void assertOncePerGroupAndFair(final String group, final List<Subscription> members,
        final List<String> expected) throws InterruptedException
    {
        final List<String> received = new ArrayList<>();
        final List<Integer> counts = new ArrayList<>();
        for (final Subscription s : members)
        {
            final List<String> got = drain(s);
            counts.add(got.size());
            received.addAll(got);
        }
        final Set<String> distinct = new HashSet<>(received);
        assertEquals(expected.size(), received.size(),
            "group " + group + " must receive each message exactly once; per-member counts " + counts);
        assertEquals(new HashSet<>(expected), distinct, "group " + group + " received the wrong messages");
        final double minShare = 0.6 / members.size();
        for (final int count : counts)
        {
            assertTrue(count > expected.size() * minShare,
                "group " + group + " is not spread over its members: counts " + counts + ", each must exceed "
                    + (int)(minShare * 100) + "%");
        }
    }
}
