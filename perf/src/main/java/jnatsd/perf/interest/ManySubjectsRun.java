package jnatsd.perf.interest;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jnatsd.perf.client.NatsUrl;
import jnatsd.perf.client.RawNatsConnection;

/**
 * One many-subjects run against one server:
 * <pre>
 *   subscriber connections 1..C  ◄── MSG ──  server (1 M subscriptions)  ◄── PUB random literal ──  publisher
 *     (SUB pipelined, then PING/PONG barrier)                                 (at most `window` deliveries in flight)
 * </pre>
 * The publisher runs as fast as the window lets it (closed loop on deliveries), so the delivered rate is the rate at
 * which server and subscribers together absorb messages into this interest set.
 */
public final class ManySubjectsRun
{
    private static final long BARRIER_TIMEOUT_MS = 600_000;
    private static final long DRAIN_IDLE_NS = TimeUnit.SECONDS.toNanos(2);

    private final ManySubjectsOptions options;
    private final SubjectSet set;
    private final PrintStream progress;

    public ManySubjectsRun(final ManySubjectsOptions options, final PrintStream progress)
    {
        this.options = options;
        this.set = new SubjectSet(options.subscriptions(), options.wildcardPercent());
        this.progress = progress;
    }

    /** Runs against {@code url}; {@code pid} (or -1) is the server process, for VmRSS and CPU time. */
    public ManySubjectsResult run(final String url, final long pid) throws IOException, InterruptedException
    {
        final NatsUrl natsUrl = NatsUrl.parse(url);
        final List<String> errors = new ArrayList<>();
        final long rssStart = rss(pid);
        final int c = options.connections();
        final RawNatsConnection[] subscribers = new RawNatsConnection[c];
        final DeliveryCounter[] counters = new DeliveryCounter[c];
        RawNatsConnection publisher = null;
        try
        {
            for (int i = 0; i < c; i++)
            {
                final DeliveryCounter counter = new DeliveryCounter();
                counters[i] = counter;
                subscribers[i] = RawNatsConnection.connect(natsUrl, "many-subjects-sub-" + i);
                subscribers[i].fallbackHandler((conn, buf, so, sl, ro, rl, po, pl) -> counter.count++);
            }
            publisher = RawNatsConnection.connect(natsUrl, "many-subjects-pub");

            final long subscribeStart = System.nanoTime();
            subscribe(subscribers);
            final long subscribeNs = System.nanoTime() - subscribeStart;
            final long rssSubscribed = rss(pid);
            log("subscribed %,d in %.2f s; VmRSS %s -> %s", set.total(), subscribeNs / 1e9,
                ManySubjectsResult.mb(rssStart), ManySubjectsResult.mb(rssSubscribed));

            final Publisher pub = new Publisher(publisher, counters);
            pub.runFor(options.warmupNs());
            final long t0 = System.nanoTime();
            final long published0 = pub.published;
            final long received0 = received(counters);
            final long cpu0 = cpu(pid);
            pub.runFor(options.durationNs());
            final long measuredNs = System.nanoTime() - t0;
            final long published = pub.published - published0;
            final long delivered = received(counters) - received0;
            final long serverCpuNs = pid > 0 ? cpu(pid) - cpu0 : -1;
            final long receivedTotal = drain(publisher, counters, pub.expected);
            final long rssEnd = rss(pid);
            for (final RawNatsConnection conn : subscribers)
            {
                addFailure(errors, conn);
            }
            addFailure(errors, publisher);
            final ManySubjectsResult result = new ManySubjectsResult(set.total(), rssStart, rssSubscribed, rssEnd,
                subscribeNs, measuredNs, published, delivered, serverCpuNs, pub.expected, receivedTotal,
                List.copyOf(errors));
            log("%s", result.summary());
            return result;
        }
        finally
        {
            for (final RawNatsConnection conn : subscribers)
            {
                if (conn != null)
                {
                    conn.close();
                }
            }
            if (publisher != null)
            {
                publisher.close();
            }
        }
    }

    /** Pipelines every SUB (subscription i on connection i % C, sid i+1), then a PING barrier on each connection. */
    private void subscribe(final RawNatsConnection[] subscribers) throws IOException
    {
        final byte[] line = new byte[SubjectSet.MAX_SUBJECT_BYTES + 24];
        line[0] = 'S';
        line[1] = 'U';
        line[2] = 'B';
        line[3] = ' ';
        for (int i = 0; i < set.total(); i++)
        {
            int p = set.subscriptionSubject(i, line, 4);
            line[p++] = ' ';
            p = SubjectSet.putInt(i + 1, line, p);
            line[p++] = '\r';
            line[p++] = '\n';
            subscribers[i % subscribers.length].sendRaw(line, 0, p);
        }
        final long[] pings = new long[subscribers.length];
        for (int i = 0; i < subscribers.length; i++)
        {
            pings[i] = subscribers[i].sendPing();
        }
        for (int i = 0; i < subscribers.length; i++)
        {
            subscribers[i].awaitPong(pings[i], BARRIER_TIMEOUT_MS);
        }
    }

    /** Waits until every due delivery arrived or none arrived for 2 s; returns the deliveries received. */
    private static long drain(final RawNatsConnection publisher, final DeliveryCounter[] counters, final long expected)
        throws IOException, InterruptedException
    {
        publisher.pingPong(BARRIER_TIMEOUT_MS);
        long last = received(counters);
        long lastChangeNs = System.nanoTime();
        while (last < expected && System.nanoTime() - lastChangeNs < DRAIN_IDLE_NS)
        {
            Thread.sleep(10);
            final long now = received(counters);
            if (now != last)
            {
                last = now;
                lastChangeNs = System.nanoTime();
            }
        }
        return last;
    }

    private static long received(final DeliveryCounter[] counters)
    {
        long sum = 0;
        for (final DeliveryCounter counter : counters)
        {
            sum += counter.count;
        }
        return sum;
    }

    private static void addFailure(final List<String> errors, final RawNatsConnection conn)
    {
        if (conn.failure() != null)
        {
            errors.add(conn.failure());
        }
    }

    private static long rss(final long pid) throws IOException
    {
        return pid > 0 ? ProcStats.rssBytes(pid) : -1;
    }

    private static long cpu(final long pid) throws IOException
    {
        return pid > 0 ? ProcStats.cpuNs(pid) : -1;
    }

    private void log(final String format, final Object... args)
    {
        if (progress != null)
        {
            progress.printf("[many-subjects] " + format + "%n", args);
        }
    }

    /** Deliveries seen by one subscriber connection; written by its reader thread only. */
    private static final class DeliveryCounter
    {
        volatile long count;
    }

    /** Publishes to random literal subjects of the set, keeping at most {@code window} deliveries in flight. */
    private final class Publisher
    {
        private final RawNatsConnection connection;
        private final DeliveryCounter[] counters;
        private final SplittableRandom random = new SplittableRandom(7);
        private final byte[] subject = new byte[SubjectSet.MAX_SUBJECT_BYTES];
        private final byte[] payload;
        long published;
        long expected;

        Publisher(final RawNatsConnection connection, final DeliveryCounter[] counters)
        {
            this.connection = connection;
            this.counters = counters;
            this.payload = new byte[options.sizeBytes()];
            Arrays.fill(payload, (byte)'x');
        }

        void runFor(final long durationNs) throws IOException
        {
            final long endNs = System.nanoTime() + durationNs;
            final int window = options.window();
            final int literals = set.literals();
            while (true)
            {
                for (int k = 0; k < 64; k++)
                {
                    final int i = random.nextInt(literals);
                    final int length = set.literalSubject(i, subject, 0);
                    connection.publish(subject, 0, length, null, 0, 0, payload, 0, payload.length);
                    expected += set.deliveriesOf(i);
                    published++;
                }
                if (System.nanoTime() - endNs >= 0)
                {
                    connection.flush();
                    return;
                }
                if (expected - received(counters) > window)
                {
                    connection.flush();
                    while (expected - received(counters) > window / 2)
                    {
                        if (connection.failure() != null)
                        {
                            throw new IOException(connection.failure());
                        }
                        if (System.nanoTime() - endNs >= 0)
                        {
                            return;
                        }
                        LockSupport.parkNanos(20_000);
                    }
                }
            }
        }
    }
}
