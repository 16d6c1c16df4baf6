package jnatsd.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.DelayProxy;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A route with 50 ms of latency each way: node B's only route goes to node A through a {@link DelayProxy} (this
 * kernel has no netem qdisc, docs/reliability.md). The route is made under the delay, route PINGs (every second,
 * ping_max 3) cross it for ~8 s of traffic both ways, and the cluster stays formed: no second connection through
 * the proxy, every message exactly once, request/reply across it.
 */
abstract class RouteDelayScenario
{
    static final long DELAY_MS = 50;
    private static final Duration FLUSH = Duration.ofSeconds(10);

    private final List<AutoCloseable> open = new ArrayList<>();

    abstract ServerProcess.Kind kindA();

    abstract ServerProcess.Kind kindB();

    @AfterEach
    void stop()
    {
        for (int i = open.size() - 1; i >= 0; i--)
        {
            try
            {
                open.get(i).close();
            }
            catch (final Exception ignore)
            {
                // Best effort: the next test starts on fresh ports.
            }
        }
        open.clear();
    }

    @Test
    void delayedRouteFormsAndKeepsTheClusterFormed() throws Exception
    {
        final String pings = "ping_interval: \"1s\"\nping_max: 3\n";
        final FaultNode a = node(new FaultNode(kindA(), "A", "127.0.0.1", FreePort.next(), FreePort.next(),
            FreePort.next(), List.of()).extra(pings));
        a.start();
        final DelayProxy proxy = DelayProxy.start(a.routePort, DELAY_MS);
        open.add(proxy);
        final FaultNode b = node(new FaultNode(kindB(), "B", "127.0.0.1", FreePort.next(), FreePort.next(),
            FreePort.next(), List.of()).extra(pings).routeTo("nats-route://127.0.0.1:" + proxy.port()));
        b.start();
        assertTrue(a.awaitRoutes(1, 30_000) && b.awaitRoutes(1, 30_000),
            "the route through the delay was made\nA:\n" + a.log() + "\nB:\n" + b.log());

        final Connection ca = connect(a);
        final Connection cb = connect(b);
        final Probe onA = Probe.on(ca, "delay.a.>");
        final Probe onB = Probe.on(cb, "delay.b.>");
        Probe.awaitFlow(cb, "delay.a.probe", onA);
        Probe.awaitFlow(ca, "delay.b.probe", onB);

        // Request/reply across the route: two crossings, so at least twice the one-way delay.
        ca.createDispatcher(m -> ca.publish(m.getReplyTo(), m.getData())).subscribe("delay.svc");
        ca.flush(FLUSH);
        final long rtt = roundTrip(cb, "delay.svc");
        assertTrue(rtt >= 2 * DELAY_MS, "request/reply over the route took " + rtt + " ms, less than the delay");

        final int n = 2000;
        final long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        for (int sent = 0; sent < n; )
        {
            cb.publish("delay.a.data", ("m" + sent).getBytes(StandardCharsets.US_ASCII));
            ca.publish("delay.b.data", ("m" + sent).getBytes(StandardCharsets.US_ASCII));
            sent++;
            if (sent % 50 == 0)
            {
                final long left = end - System.nanoTime();
                Thread.sleep(Math.max(0, left / 1_000_000 / ((n - sent) / 50 + 1)));
                assertEquals(1, a.routes(), "A lost its route under the delay");
                assertEquals(1, b.routes(), "B lost its route under the delay");
            }
        }
        ca.flush(FLUSH);
        cb.flush(FLUSH);
        onA.assertExactlyOnce(n, "B to A over the delayed route");
        onB.assertExactlyOnce(n, "A to B over the delayed route");
        assertEquals(1, proxy.accepted(), "the route was made again: it did not survive the delay");
        System.out.println("[faults] " + getClass().getSimpleName() + ": " + DELAY_MS
            + " ms each way on the route, request/reply " + rtt + " ms, 2 x " + n + " messages, one route");
        for (final FaultNode node : List.of(a, b))
        {
            assertTrue(node.alive(), node.name + " exited\n" + node.log());
            final List<String> errors = new ArrayList<>();
            for (final String line : node.errorLines())
            {
                // B's first dial can come before the proxy's target answers; nats-server logs it as well.
                if (!line.contains("Error trying to connect to route"))
                {
                    errors.add(line);
                }
            }
            assertEquals(List.of(), errors, node.name + " logged errors");
        }
    }

    private FaultNode node(final FaultNode n)
    {
        open.add(n);
        return n;
    }

    private Connection connect(final FaultNode n) throws IOException, InterruptedException
    {
        final Connection c = Nats.connect(new Options.Builder().server(n.url())
            .connectionTimeout(Duration.ofSeconds(5)).noReconnect().build());
        open.add(c::close);
        return c;
    }

    /**
     * The fastest of five answered requests, in ms. Until the responder's interest has crossed the route, a
     * request gets no-responders at once (a null reply), so those are retried for up to 10 s.
     */
    private static long roundTrip(final Connection c, final String subject) throws Exception
    {
        long best = Long.MAX_VALUE;
        int answered = 0;
        final long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (answered < 5 && System.nanoTime() < end)
        {
            final long t0 = System.nanoTime();
            final Message reply = c.request(subject, "ping".getBytes(StandardCharsets.US_ASCII),
                Duration.ofSeconds(2));
            if (reply != null && !reply.isStatusMessage())
            {
                answered++;
                best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
            }
            else
            {
                Thread.sleep(20);
            }
        }
        assertEquals(5, answered, "requests answered across the delayed route");
        return best;
    }
}
