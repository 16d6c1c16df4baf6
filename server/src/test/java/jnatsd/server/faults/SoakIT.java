package jnatsd.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak of a three-node jnatsd cluster on loopback: plain pub/sub fanned out to two nodes, request/reply
 * through a queue of responders, a queue group across the three nodes, subscription churn and connection storms
 * (50 clients that connect, subscribe, get one message and leave, every 10 s), all at once. Every sample period it
 * records each node's RSS, direct memory (/metrics), open fds and threads; at the end every message counted must
 * have arrived (exactly once for the queue group), every request answered, no error logged, and the resources
 * must not grow past a bound. {@code -Djnatsd.soak.minutes=30} runs the long version (docs/reliability.md, "Soak"),
 * sampled each minute; the default is 2 minutes sampled every 15 s.
 */
class SoakIT
{
    private static final Pattern DIRECT = Pattern.compile("(?m)^jnatsd_direct_memory_bytes (\\S+)");
    private static final Duration FLUSH = Duration.ofSeconds(20);
    private static final int STORM_CLIENTS = 50;
    private static final long STORM_EVERY_MS = 10_000;

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Connection> connections = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();

    @Test
    void clusterStaysFlatAndDeliversEverything() throws Exception
    {
        final int minutes = Integer.getInteger("jnatsd.soak.minutes", 2);
        final long sampleMs = minutes > 5 ? 60_000 : 15_000;
        final List<FaultNode> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final FaultNode n = new FaultNode(ServerProcess.Kind.JNATSD, "S" + i, "127.0.0.1", FreePort.next(),
                FreePort.next(), FreePort.next(), List.of());
            // Each node dials the ones started before it, so no dial meets a port not yet open.
            for (final FaultNode earlier : nodes)
            {
                n.routeTo(earlier);
            }
            nodes.add(n);
        }
        final List<Thread> workers = new ArrayList<>();
        try
        {
            for (final FaultNode n : nodes)
            {
                n.start();
            }
            for (final FaultNode n : nodes)
            {
                assertTrue(n.awaitRoutes(2, 20_000), n.name + " routes " + n.routes() + "\n" + n.log());
            }
            final Load load = new Load(nodes);
            workers.add(worker("soak-pubsub", load::pubSub));
            workers.add(worker("soak-request", load::requests));
            workers.add(worker("soak-queue", load::queue));
            workers.add(worker("soak-churn", load::churn));
            workers.add(worker("soak-storm", load::storms));
            final List<String> samples = new ArrayList<>();
            final List<long[]> rows = new ArrayList<>();
            final long start = System.nanoTime();
            final long end = start + Duration.ofMinutes(minutes).toNanos();
            long next = start;
            while (true)
            {
                final long now = System.nanoTime();
                if (now - next >= 0)
                {
                    final double min = (now - start) / 60e9;
                    for (int i = 0; i < nodes.size(); i++)
                    {
                        final long[] r = sample(nodes.get(i));
                        rows.add(new long[] {i, (long)(min * 1000), r[0], r[1], r[2], r[3]});
                        samples.add(String.format(Locale.ROOT, "%5.2f min %s rss %d KB direct %d KB fds %d threads %d",
                            min, nodes.get(i).name, r[0] >> 10, r[1] >> 10, r[2], r[3]));
                    }
                    next += Duration.ofMillis(sampleMs).toNanos();
                }
                if (now - end >= 0 || !failuresEmpty())
                {
                    break;
                }
                Thread.sleep(200);
            }
            running.set(false);
            for (final Thread t : workers)
            {
                t.join(60_000);
            }
            synchronized (failures)
            {
                if (!failures.isEmpty())
                {
                    throw new AssertionError("a soak worker failed", failures.get(0));
                }
            }
            final String report = load.report() + "\n" + String.join("\n", samples) + "\n" + slopes(rows, nodes);
            System.out.println("[soak] " + minutes + " min\n" + report);
            Files.writeString(Path.of("target", "soak-" + minutes + "min.txt"), "[soak] " + Instant.now() + " "
                + minutes + " min\n" + report + "\n");
            load.assertDelivered();
            for (final FaultNode n : nodes)
            {
                assertTrue(n.alive(), n.name + " exited");
                assertEquals(List.of(), n.errorLines(), n.name + " logged errors");
            }
            assertFlat(rows, nodes);
        }
        finally
        {
            running.set(false);
            for (final Thread t : workers)
            {
                t.interrupt();
            }
            for (final Connection c : connections)
            {
                c.close();
            }
            for (final FaultNode n : nodes)
            {
                n.close();
            }
        }
    }

    private boolean failuresEmpty()
    {
        synchronized (failures)
        {
            return failures.isEmpty();
        }
    }

    /** RSS, direct buffer bytes, open fds, threads of one node. */
    private static long[] sample(final FaultNode n) throws IOException
    {
        final Path proc = Path.of("/proc", Long.toString(n.pid()));
        long rss = 0;
        long threads = 0;
        for (final String line : Files.readAllLines(proc.resolve("status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                rss = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
            else if (line.startsWith("Threads:"))
            {
                threads = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        final long fds;
        try (var list = Files.list(proc.resolve("fd")))
        {
            fds = list.count();
        }
        final Matcher m = DIRECT.matcher(n.http("/metrics"));
        final long direct = m.find() ? (long)Double.parseDouble(m.group(1)) : -1;
        return new long[] {rss, direct, fds, threads};
    }

    /** Least-squares slope per minute of each resource per node, over the samples after the first minute. */
    private static String slopes(final List<long[]> rows, final List<FaultNode> nodes)
    {
        final StringBuilder sb = new StringBuilder("slopes per minute, after the first sample:");
        final String[] names = {"rss KB", "direct KB", "fds", "threads"};
        for (int i = 0; i < nodes.size(); i++)
        {
            sb.append("\n  ").append(nodes.get(i).name);
            for (int k = 0; k < names.length; k++)
            {
                final double div = k < 2 ? 1024.0 : 1.0;
                sb.append(String.format(Locale.ROOT, " %s %+.1f", names[k], slope(rows, i, 2 + k) / div));
            }
        }
        return sb.toString();
    }

    private static double slope(final List<long[]> rows, final int node, final int col)
    {
        final List<long[]> mine = new ArrayList<>();
        for (final long[] r : rows)
        {
            if (r[0] == node)
            {
                mine.add(r);
            }
        }
        final List<long[]> tail = mine.subList(Math.min(1, mine.size()), mine.size());
        if (tail.size() < 2)
        {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (final long[] r : tail)
        {
            final double x = r[1] / 1000.0;
            sx += x;
            sy += r[col];
            sxx += x * x;
            sxy += x * r[col];
        }
        final int n = tail.size();
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /**
     * From the second sample (the JIT and heap have warmed) to the last: threads within 4, fds within 20, direct
     * memory within 32 MB, RSS within 128 MB (a heap may still grow towards its limit; a leak of one buffer per
     * storm client would pass 128 MB in the long run, and show in the slope).
     */
    private static void assertFlat(final List<long[]> rows, final List<FaultNode> nodes)
    {
        for (int i = 0; i < nodes.size(); i++)
        {
            long[] first = null;
            long[] last = null;
            int seen = 0;
            for (final long[] r : rows)
            {
                if (r[0] == i && ++seen == 2)
                {
                    first = r;
                }
                if (r[0] == i)
                {
                    last = r;
                }
            }
            assertTrue(first != null, "fewer than two samples");
            final String who = nodes.get(i).name;
            assertTrue(last[2] - first[2] < 128L << 20, who + " RSS grew " + ((last[2] - first[2]) >> 20) + " MB");
            assertTrue(last[3] - first[3] < 32L << 20, who + " direct memory grew " + ((last[3] - first[3]) >> 20)
                + " MB");
            assertTrue(Math.abs(last[4] - first[4]) <= 20, who + " fds " + first[4] + " -> " + last[4]);
            assertTrue(Math.abs(last[5] - first[5]) <= 4, who + " threads " + first[5] + " -> " + last[5]);
        }
    }

    private Thread worker(final String name, final ThrowingRunnable body)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                body.run();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final Throwable ex)
            {
                synchronized (failures)
                {
                    failures.add(ex);
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A worker body. */
    @FunctionalInterface
    interface ThrowingRunnable
    {
        void run() throws Exception;
    }

    private Connection connect(final FaultNode n) throws IOException, InterruptedException
    {
        final Connection c = Nats.connect(new Options.Builder().server(n.url())
            .connectionTimeout(Duration.ofSeconds(10)).noReconnect().build());
        synchronized (connections)
        {
            connections.add(c);
        }
        return c;
    }

    /** The traffic and its counts. */
    private final class Load
    {
        private final List<FaultNode> nodes;
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong fanOutReceived = new AtomicLong();
        private final AtomicLong requests = new AtomicLong();
        private final AtomicLong replies = new AtomicLong();
        private final AtomicLong queuePublished = new AtomicLong();
        private final AtomicLong queueDuplicates = new AtomicLong();
        private final BitSet queueSeen = new BitSet();
        private final AtomicLong churnOps = new AtomicLong();
        private final AtomicLong stormClients = new AtomicLong();

        Load(final List<FaultNode> nodes)
        {
            this.nodes = nodes;
        }

        /** 500 msg/s from node 0 to subscribers on nodes 1 and 2. */
        void pubSub() throws Exception
        {
            final Connection pub = connect(nodes.get(0));
            for (int i = 1; i < 3; i++)
            {
                final Connection c = connect(nodes.get(i));
                c.createDispatcher(m -> fanOutReceived.incrementAndGet()).subscribe("soak.fan.>");
                c.flush(FLUSH);
            }
            awaitInterest(pub, "soak.fan.probe", () -> fanOutReceived.get() >= 2);
            fanOutReceived.set(0);
            final byte[] payload = new byte[128];
            while (running.get())
            {
                for (int k = 0; k < 50; k++)
                {
                    pub.publish("soak.fan." + (k % 10), payload);
                    published.incrementAndGet();
                }
                Thread.sleep(100);
            }
            pub.flush(FLUSH);
        }

        /** Requests from node 0 to two queued responders on nodes 1 and 2, ~50/s, each must be answered. */
        void requests() throws Exception
        {
            for (int i = 1; i < 3; i++)
            {
                final Connection c = connect(nodes.get(i));
                final Dispatcher d = c.createDispatcher(m -> c.publish(m.getReplyTo(), m.getData()));
                d.subscribe("soak.rr", "responders");
                c.flush(FLUSH);
            }
            final Connection req = connect(nodes.get(0));
            awaitResponder(req);
            while (running.get())
            {
                final Message m = req.request("soak.rr", "q".getBytes(StandardCharsets.US_ASCII), FLUSH);
                requests.incrementAndGet();
                if (m != null && "q".equals(new String(m.getData(), StandardCharsets.US_ASCII)))
                {
                    replies.incrementAndGet();
                }
                Thread.sleep(20);
            }
        }

        /** 300 msg/s from node 1 to a queue group with a member on each node: each message exactly once. */
        void queue() throws Exception
        {
            final Connection pub = connect(nodes.get(1));
            final AtomicLong probes = new AtomicLong();
            for (final FaultNode n : nodes)
            {
                final Connection c = connect(n);
                c.createDispatcher(m ->
                {
                    final String s = new String(m.getData(), StandardCharsets.US_ASCII);
                    if (s.equals("probe"))
                    {
                        probes.incrementAndGet();
                        return;
                    }
                    final int seq = Integer.parseInt(s);
                    synchronized (queueSeen)
                    {
                        if (queueSeen.get(seq))
                        {
                            queueDuplicates.incrementAndGet();
                        }
                        queueSeen.set(seq);
                    }
                }).subscribe("soak.q", "workers");
                c.flush(FLUSH);
            }
            awaitInterest(pub, "soak.q", () -> probes.get() > 0);
            Thread.sleep(500);
            int seq = 0;
            while (running.get())
            {
                for (int k = 0; k < 30; k++)
                {
                    pub.publish("soak.q", Integer.toString(seq++).getBytes(StandardCharsets.US_ASCII));
                    queuePublished.incrementAndGet();
                }
                Thread.sleep(100);
            }
            pub.flush(FLUSH);
        }

        /** Subscribes and unsubscribes ~40 subjects a second on node 2, with a wildcard among them. */
        void churn() throws Exception
        {
            final Connection c = connect(nodes.get(2));
            final Dispatcher d = c.createDispatcher(m ->
            {
            });
            int k = 0;
            while (running.get())
            {
                final String s = "soak.churn." + (k % 1000) + (k % 7 == 0 ? ".>" : ".x");
                d.subscribe(s);
                c.publish(s.replace(">", "y"), new byte[16]);
                d.unsubscribe(s);
                churnOps.incrementAndGet();
                k++;
                if (k % 20 == 0)
                {
                    c.flush(FLUSH);
                    Thread.sleep(500);
                }
            }
        }

        /** Every 10 s, 50 clients on random nodes connect, subscribe, get one message each and leave. */
        void storms() throws Exception
        {
            final Connection pub = connect(nodes.get(0));
            long next = System.currentTimeMillis();
            int round = 0;
            while (running.get())
            {
                if (System.currentTimeMillis() < next)
                {
                    Thread.sleep(100);
                    continue;
                }
                next += STORM_EVERY_MS;
                final List<Connection> storm = new ArrayList<>();
                final Set<Integer> got = ConcurrentHashMap.newKeySet();
                final String subject = "soak.storm." + round++;
                try
                {
                    for (int i = 0; i < STORM_CLIENTS; i++)
                    {
                        final FaultNode n = nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
                        final Connection c = Nats.connect(new Options.Builder().server(n.url())
                            .connectionTimeout(Duration.ofSeconds(10)).noReconnect().build());
                        storm.add(c);
                        final int id = i;
                        c.createDispatcher(m -> got.add(id)).subscribe(subject);
                        c.flush(FLUSH);
                    }
                    // Interest of the remote ones must cross the routes first: probe until all 50 hear it.
                    final long end = System.currentTimeMillis() + 10_000;
                    while (got.size() < STORM_CLIENTS && System.currentTimeMillis() < end)
                    {
                        pub.publish(subject, new byte[8]);
                        pub.flush(FLUSH);
                        Thread.sleep(100);
                    }
                    assertEquals(STORM_CLIENTS, got.size(), "storm clients that got the message");
                    stormClients.addAndGet(STORM_CLIENTS);
                }
                finally
                {
                    for (final Connection c : storm)
                    {
                        c.close();
                    }
                }
            }
        }

        private void awaitInterest(final Connection pub, final String subject,
            final BooleanSupplier arrived) throws Exception
        {
            final long end = System.currentTimeMillis() + 10_000;
            while (!arrived.getAsBoolean() && System.currentTimeMillis() < end)
            {
                pub.publish(subject, "probe".getBytes(StandardCharsets.US_ASCII));
                pub.flush(FLUSH);
                Thread.sleep(50);
            }
            assertTrue(arrived.getAsBoolean(), "interest on " + subject + " never crossed the routes");
        }

        private void awaitResponder(final Connection req) throws Exception
        {
            final long end = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < end)
            {
                try
                {
                    if (req.request("soak.rr", "q".getBytes(StandardCharsets.US_ASCII), Duration.ofMillis(500))
                        != null)
                    {
                        return;
                    }
                }
                catch (final CancellationException ex)
                {
                    // no responders yet
                }
                Thread.sleep(50);
            }
            throw new AssertionError("no responder reachable");
        }

        String report()
        {
            return String.format(Locale.ROOT, "fan-out published %d, received %d (expected %d); requests %d, "
                + "replies %d; queue published %d, received %d, duplicates %d; churn cycles %d; storm clients %d",
                published.get(), fanOutReceived.get(), 2 * published.get(), requests.get(), replies.get(),
                queuePublished.get(), queueSeen.cardinality(), queueDuplicates.get(), churnOps.get(),
                stormClients.get());
        }

        void assertDelivered() throws InterruptedException
        {
            final long end = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < end && (fanOutReceived.get() < 2 * published.get()
                || queueCount() < queuePublished.get()))
            {
                Thread.sleep(50);
            }
            Thread.sleep(300);
            assertTrue(published.get() > 0 && requests.get() > 0 && stormClients.get() > 0, report());
            assertEquals(2 * published.get(), fanOutReceived.get(), "fan-out deliveries: " + report());
            assertEquals(requests.get(), replies.get(), "requests answered: " + report());
            assertEquals(queuePublished.get(), queueCount(), "queue deliveries: " + report());
            assertEquals(0, queueDuplicates.get(), "queue duplicates: " + report());
        }

        private long queueCount()
        {
            synchronized (queueSeen)
            {
                return queueSeen.cardinality();
            }
        }
    }
}
