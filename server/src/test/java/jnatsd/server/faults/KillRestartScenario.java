package jnatsd.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL one node of three under load. Its clients, which were given only its URL, reconnect to the others
 * (learned from connect_urls); a queue group with members on the victim and on node 2 (the publisher is on
 * node 1) never gets a message twice; the killed
 * node restarts on its ports, the others redial it, and interest is whole again both ways. Subclasses choose
 * the server.
 */
abstract class KillRestartScenario
{
    private static final Duration FLUSH = Duration.ofSeconds(10);

    private final List<FaultNode> nodes = new ArrayList<>();
    private final List<Connection> conns = new ArrayList<>();
    private final AtomicBoolean publishing = new AtomicBoolean(true);
    private final CountDownLatch moved = new CountDownLatch(2);
    private Connection queueOnVictim;
    private Connection fanOnVictim;
    private Connection pub;
    private Probe q0;
    private Probe q2;
    private Probe fan;

    abstract ServerProcess.Kind kind();

    @Test
    void killedNodesClientsMoveAndTheNodeRejoins() throws Exception
    {
        try
        {
            startCluster();
            killUnderLoad();
            assertEverythingArrives(pub, "after the move");
            rejoin();
            for (final FaultNode n : nodes.subList(1, 3))
            {
                assertEquals(List.of(), n.errorLines().stream().filter(l -> !l.contains("connect to route"))
                    .toList(), n.name + " logged errors");
            }
        }
        finally
        {
            publishing.set(false);
            for (final Connection c : conns)
            {
                c.close();
            }
            for (final FaultNode n : nodes)
            {
                n.close();
            }
        }
    }

    private void startCluster() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            nodes.add(new FaultNode(kind(), "K" + i, "127.0.0.1", FreePort.next(),
                FreePort.next(), FreePort.next(), List.of()));
        }
        // The victim (0) dials nobody; 1 and 2 dial it and each other, so they redial it after the restart.
        nodes.get(1).routeTo(nodes.get(0));
        nodes.get(2).routeTo(nodes.get(0)).routeTo(nodes.get(1));
        for (final FaultNode n : nodes)
        {
            n.start();
        }
        for (final FaultNode n : nodes)
        {
            assertTrue(n.awaitRoutes(2, 20_000), n.name + " routes " + n.routes());
        }
        final ConnectionListener onMove = (c, e) ->
        {
            if (e == ConnectionListener.Events.RECONNECTED)
            {
                moved.countDown();
            }
        };
        // Clients of the victim know only its URL.
        queueOnVictim = connect(conns, nodes.get(0), onMove);
        fanOnVictim = connect(conns, nodes.get(0), onMove);
        awaitServers(queueOnVictim, nodes);
        awaitServers(fanOnVictim, nodes);
        q0 = Probe.queue(queueOnVictim, "kill.q", "workers");
        q2 = Probe.queue(connect(conns, nodes.get(2), null), "kill.q", "workers");
        fan = Probe.on(fanOnVictim, "kill.fan.>");
        pub = connect(conns, nodes.get(1), null);
        // No member on the publisher's node: a server prefers its own members, so this one must pick a route.
        awaitEach(pub, "kill.q", q0, q2);
        awaitEach(pub, "kill.fan.probe", fan);
    }

    /** 2,000 msg/s to the queue group and the fan-out subscriber, numbered; SIGKILL of node 0 after a second. */
    private void killUnderLoad() throws Exception
    {
        final FaultNode victim = nodes.get(0);
        final AtomicInteger sent = new AtomicInteger();
        final Thread load = new Thread(() ->
        {
            try
            {
                while (publishing.get())
                {
                    for (int k = 0; k < 20; k++)
                    {
                        final byte[] seq =
                            Integer.toString(sent.getAndIncrement()).getBytes(StandardCharsets.US_ASCII);
                        pub.publish("kill.q", seq);
                        pub.publish("kill.fan.data", seq);
                    }
                    Thread.sleep(10);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "kill-load");
        resetAll();
        load.start();
        Thread.sleep(1000);
        final long killed = System.nanoTime();
        victim.kill9();
        assertTrue(moved.await(20, TimeUnit.SECONDS), "the victim's clients did not reconnect");
        final long movedMs = (System.nanoTime() - killed) / 1_000_000;
        for (final Connection c : List.of(queueOnVictim, fanOnVictim))
        {
            assertFalse(c.getConnectedUrl().endsWith(":" + victim.clientPort), c.getConnectedUrl());
        }
        Thread.sleep(1000);
        publishing.set(false);
        load.join(10_000);
        pub.flush(FLUSH);
        final int total = sent.get();
        Thread.sleep(500);
        // No duplicate in the queue group; what was in flight to the victim is lost (nats-server loses it too).
        final int queueGot = distinctAtMostOnce(q0, q2);
        System.out.println("[faults] " + getClass().getSimpleName() + ": clients moved " + movedMs
            + " ms after SIGKILL; published " + total + ", queue group got " + queueGot
            + " (no duplicates), fan-out subscriber got "
            + fan.messages());
        assertTrue(queueGot > total / 2, "queue group got only " + queueGot + " of " + total);
    }

    /** From the given publisher: each message once in the queue group, all at the fan-out subscriber. */
    private void assertEverythingArrives(final Connection from, final String what) throws Exception
    {
        resetAll();
        awaitEach(from, "kill.fan.probe", fan);
        resetAll();
        for (int i = 0; i < 1000; i++)
        {
            final byte[] seq = (what + i).getBytes(StandardCharsets.US_ASCII);
            from.publish("kill.q", seq);
            from.publish("kill.fan.data", seq);
        }
        from.flush(FLUSH);
        Probe.assertQueueExactlyOnce(1000, q0, q2);
        fan.assertExactlyOnce(1000, "fan-out " + what);
    }

    /** Node 0 restarts on its ports; the others redial it; interest crosses both ways. */
    private void rejoin() throws Exception
    {
        final long restart = System.nanoTime();
        nodes.get(0).start();
        for (final FaultNode n : nodes)
        {
            assertTrue(n.awaitRoutes(2, 20_000), n.name + " routes after the restart " + n.routes());
        }
        final long rejoinMs = (System.nanoTime() - restart) / 1_000_000;
        final Connection onRestarted = connect(conns, nodes.get(0), null);
        final Probe back = Probe.on(onRestarted, "kill.back.>");
        awaitEach(pub, "kill.back.probe", back);
        assertEverythingArrives(onRestarted, "from the restarted node");
        System.out.println("[faults] " + getClass().getSimpleName() + ": restarted node had its routes back " + rejoinMs
            + " ms after exec");
    }

    private void resetAll()
    {
        q0.reset();
        q2.reset();
        fan.reset();
    }

    private static Connection connect(final List<Connection> conns, final FaultNode n,
        final ConnectionListener listener) throws Exception
    {
        final Options.Builder b = new Options.Builder().server(n.url()).connectionTimeout(Duration.ofSeconds(5));
        if (listener != null)
        {
            b.maxReconnects(-1).reconnectWait(Duration.ofMillis(100)).connectionListener(listener);
        }
        else
        {
            b.noReconnect();
        }
        final Connection c = Nats.connect(b.build());
        conns.add(c);
        return c;
    }

    /** The client learned every node's client URL (connect_urls). */
    private static void awaitServers(final Connection c, final List<FaultNode> nodes) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < end)
        {
            if (nodes.stream().allMatch(n -> c.getServers().stream().anyMatch(u -> u.endsWith(":" + n.clientPort))))
            {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("connect_urls incomplete: " + c.getServers());
    }

    /** Publishes probes until each of the probes got one (queue members: until each got one). */
    private static void awaitEach(final Connection pub, final String subject, final Probe... probes)
        throws Exception
    {
        final long end = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < end)
        {
            pub.publish(subject, "probe".getBytes(StandardCharsets.US_ASCII));
            pub.flush(FLUSH);
            boolean all = true;
            for (final Probe p : probes)
            {
                all &= p.count() > 0;
            }
            if (all)
            {
                Thread.sleep(200);
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("probes on " + subject + " did not reach every subscriber");
    }

    /** Distinct payloads over the members; fails if any arrived twice. */
    private static int distinctAtMostOnce(final Probe... members)
    {
        final Map<String, Integer> all = new HashMap<>();
        for (final Probe p : members)
        {
            p.forEachPayload((k, v) -> all.merge(k, v, Integer::sum));
        }
        all.forEach((k, v) -> assertEquals(1, v, "queue message " + k + " delivered " + v + " times"));
        return all.size();
    }
}
