package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** jnats helpers shared by the cluster tests: connections closed after each class, bounded waits. */
abstract class ClusterTestSupport
{
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicLong SUBJECTS = new AtomicLong();
    final List<Connection> connections = new ArrayList<>();

    Connection connect(final ClusterNode node) throws IOException, InterruptedException
    {
        return connect(node, null, null);
    }

    /** Connects as a user (null: none). */
    Connection connect(final ClusterNode node, final String user, final String pass)
        throws IOException, InterruptedException
    {
        final Options.Builder b = new Options.Builder().server(node.url()).connectionTimeout(Duration.ofSeconds(2))
            .noReconnect();
        if (user != null)
        {
            b.userInfo(user, pass);
        }
        final Options o = b.build();
        final Connection c = Nats.connect(o);
        connections.add(c);
        return c;
    }

    void closeConnections()
    {
        for (final Connection c : connections)
        {
            try
            {
                c.close();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        connections.clear();
    }

    static String subject(final String prefix)
    {
        return prefix + "." + SUBJECTS.incrementAndGet();
    }

    /**
     * Subscribes on one connection and publishes on another until the first message arrives (interest may take a
     * moment to cross the routes); returns the elapsed milliseconds.
     */
    static long awaitFlow(final Connection subConn, final Connection pubConn, final String subject)
        throws Exception
    {
        final Subscription sub = subConn.subscribe(subject);
        subConn.flush(TIMEOUT);
        final long start = System.nanoTime();
        final long end = start + TIMEOUT.toNanos();
        while (System.nanoTime() < end)
        {
            pubConn.publish(subject, "probe".getBytes(StandardCharsets.UTF_8));
            final Message m = sub.nextMessage(Duration.ofMillis(50));
            if (m != null)
            {
                sub.unsubscribe();
                return (System.nanoTime() - start) / 1_000_000;
            }
        }
        fail("no message on " + subject + " from " + pubConn.getConnectedUrl() + " to " + subConn.getConnectedUrl());
        return -1;
    }

    /** Publishes count messages and checks that each arrives on exactly one of the queue members. */
    static void assertQueueExactlyOnce(final Connection pub, final List<Connection> members, final String subject,
        final int count) throws Exception
    {
        final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        final AtomicInteger total = new AtomicInteger();
        final List<Dispatcher> ds = new ArrayList<>();
        for (final Connection c : members)
        {
            final Dispatcher d = c.createDispatcher(m ->
            {
                seen.computeIfAbsent(new String(m.getData(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
                total.incrementAndGet();
            });
            d.subscribe(subject, "workers");
            ds.add(d);
            c.flush(TIMEOUT);
        }
        awaitQueueInterest(pub, subject, total);
        total.set(0);
        seen.clear();
        for (int i = 0; i < count; i++)
        {
            pub.publish(subject, ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(TIMEOUT);
        final long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (total.get() < count && System.currentTimeMillis() < end)
        {
            Thread.sleep(20);
        }
        Thread.sleep(300);
        assertEquals(count, total.get(), "deliveries");
        assertEquals(count, seen.size(), "distinct messages");
        for (final var e : seen.entrySet())
        {
            assertEquals(1, e.getValue().get(), "copies of " + e.getKey());
        }
        for (int i = 0; i < members.size(); i++)
        {
            ds.get(i).unsubscribe(subject);
            members.get(i).flush(TIMEOUT);
        }
    }

    /** Waits until a probe on the subject is delivered somewhere (remote queue interest has arrived). */
    private static void awaitQueueInterest(final Connection pub, final String subject, final AtomicInteger total)
        throws Exception
    {
        final long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (System.currentTimeMillis() < end)
        {
            pub.publish(subject, "probe".getBytes(StandardCharsets.UTF_8));
            pub.flush(TIMEOUT);
            Thread.sleep(50);
            if (total.get() > 0)
            {
                Thread.sleep(300);
                return;
            }
        }
        fail("queue interest on " + subject + " never reached " + pub.getConnectedUrl());
    }

    static void assertRequestReply(final Connection requester, final Connection responder, final String subject)
        throws Exception
    {
        final Dispatcher d = responder.createDispatcher(m ->
            responder.publish(m.getReplyTo(), ("re:" + new String(m.getData(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));
        d.subscribe(subject);
        responder.flush(TIMEOUT);
        // Interest must reach the requester's node first.
        awaitFlowTo(requester, subject);
        final Message reply = requester.request(subject, "q".getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertNotNull(reply);
        assertEquals("re:q", new String(reply.getData(), StandardCharsets.UTF_8));
        responder.closeDispatcher(d);
    }

    private static void awaitFlowTo(final Connection requester, final String subject) throws Exception
    {
        final long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (System.currentTimeMillis() < end)
        {
            try
            {
                final Message m = requester.request(subject, "warm".getBytes(StandardCharsets.UTF_8),
                    Duration.ofMillis(200));
                if (m != null && !m.isStatusMessage())
                {
                    return;
                }
            }
            catch (final CancellationException ex)
            {
                // no responders yet: interest still on its way
            }
            Thread.sleep(50);
        }
        fail("no responder reachable on " + subject);
    }

    static void assertTrueWithin(final String what, final BooleanSupplier check)
    {
        final long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (System.currentTimeMillis() < end)
        {
            if (check.getAsBoolean())
            {
                return;
            }
            ClusterNode.sleep(20);
        }
        assertTrue(check.getAsBoolean(), what);
    }
}
