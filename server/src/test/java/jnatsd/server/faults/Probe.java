package jnatsd.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A subscription that counts every payload it receives (probes, whose subject ends in "probe", are counted
 * apart), so a test can check delivery exactly once. Runs on its connection's dispatcher thread.
 */
final class Probe
{
    private static final long SETTLE_MS = 300;

    final Dispatcher sub;
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger probes = new AtomicInteger();

    private Probe(final Connection c)
    {
        this.sub = c.createDispatcher(m ->
        {
            if (m.getSubject().endsWith("probe"))
            {
                probes.incrementAndGet();
                return;
            }
            seen.computeIfAbsent(new String(m.getData(), StandardCharsets.US_ASCII), k -> new AtomicInteger())
                .incrementAndGet();
            total.incrementAndGet();
        });
    }

    static Probe on(final Connection c, final String subject) throws Exception
    {
        final Probe p = new Probe(c);
        p.sub.subscribe(subject);
        c.flush(Duration.ofSeconds(10));
        return p;
    }

    static Probe queue(final Connection c, final String subject, final String group) throws Exception
    {
        final Probe p = new Probe(c);
        p.sub.subscribe(subject, group);
        c.flush(Duration.ofSeconds(10));
        return p;
    }

    /** Messages and probes received. */
    int count()
    {
        return total.get() + probes.get();
    }

    int messages()
    {
        return total.get();
    }

    /** Each payload received with its count. */
    void forEachPayload(final BiConsumer<String, Integer> action)
    {
        seen.forEach((k, v) -> action.accept(k, v.get()));
    }

    void reset()
    {
        seen.clear();
        total.set(0);
        probes.set(0);
    }

    /** Waits (bounded) for n distinct payloads, then a moment more for duplicates; asserts each came once. */
    void assertExactlyOnce(final int n, final String what) throws InterruptedException
    {
        awaitTotal(List.of(this), n);
        assertEquals(n, seen.size(), what + ": distinct messages");
        assertEquals(n, total.get(), what + ": deliveries");
    }

    /** The members of one queue group together got each of n payloads exactly once. */
    static void assertQueueExactlyOnce(final int n, final Probe... members) throws InterruptedException
    {
        final List<Probe> all = List.of(members);
        awaitTotal(all, n);
        final Map<String, Integer> merged = new ConcurrentHashMap<>();
        int deliveries = 0;
        for (final Probe p : all)
        {
            deliveries += p.total.get();
            p.seen.forEach((k, v) -> merged.merge(k, v.get(), Integer::sum));
        }
        assertEquals(n, merged.size(), "queue group: distinct messages");
        assertEquals(n, deliveries, "queue group: deliveries (a duplicate or a loss)");
        assertTrue(merged.values().stream().allMatch(v -> v == 1), "queue group: a message came twice");
    }

    /** Publishes probes on the subject until the first arrives (the probe's interest crossed the route). */
    static void awaitFlow(final Connection pub, final String subject, final Probe probe) throws Exception
    {
        final long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end)
        {
            pub.publish(subject, "probe".getBytes(StandardCharsets.US_ASCII));
            pub.flush(Duration.ofSeconds(10));
            if (probe.count() > 0)
            {
                return;
            }
            Thread.sleep(20);
        }
        fail("no flow on " + subject);
    }

    private static void awaitTotal(final List<Probe> probes, final int n) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + 20_000;
        while (sum(probes) < n && System.currentTimeMillis() < end)
        {
            Thread.sleep(10);
        }
        Thread.sleep(SETTLE_MS);
    }

    private static int sum(final List<Probe> probes)
    {
        int s = 0;
        for (final Probe p : probes)
        {
            s += p.total.get();
        }
        return s;
    }
}
