package jnatsd.perf.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jnatsd.perf.PerfOptions;
import jnatsd.perf.PerfResult;
import jnatsd.perf.Scenario;
import jnatsd.perf.client.NatsUrl;
import jnatsd.perf.client.RawNatsConnection;
import jnatsd.perf.latency.LatencyStats;
import jnatsd.perf.latency.ProgressReporter;

/**
 * Runs one scenario: connect, make sure interest has reached the publishers' server, warm up, drain, reset, measure,
 * drain, and collect counts and latency. One thread per publisher or requester; subscribers run on their
 * connections' reader threads.
 */
public final class LoadRunner
{
    private static final long PING_TIMEOUT_MS = 5_000;
    private static final long INTEREST_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    /** Draining ends when everything expected has arrived, or nothing has arrived for this long. */
    private static final long DRAIN_QUIET_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final String QUEUE_GROUP = "perf-group";

    private final PerfOptions options;
    private final PrintStream progressOut;
    private final LatencyStats latency = new LatencyStats();
    private final List<RawNatsConnection> connections = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** @param progressOut where progress lines go, or null for none */
    public LoadRunner(final PerfOptions options, final PrintStream progressOut)
    {
        this.options = options;
        this.progressOut = options.progress() ? progressOut : null;
    }

    public PerfResult run() throws IOException, InterruptedException
    {
        try
        {
            return options.scenario() == Scenario.REQUEST_REPLY ? runRequestReply() : runPubSub();
        }
        finally
        {
            for (final RawNatsConnection connection : connections)
            {
                connection.close();
            }
        }
    }

    private PerfResult runPubSub() throws IOException, InterruptedException
    {
        final boolean recordLatency = options.measuresLatency();
        if (!recordLatency)
        {
            warnings.add("payload < " + PerfOptions.TIMESTAMP_BYTES + " B cannot carry a timestamp: throughput only");
        }
        final List<Subscriber> subscribers = new ArrayList<>();
        final String queue = options.scenario().queueGroup() ? QUEUE_GROUP : null;
        for (int i = 0; i < options.subscribers(); i++)
        {
            final RawNatsConnection connection = connect(options.subUrls(), i, "perf-sub-" + i);
            final Subscriber subscriber = new Subscriber(latency, recordLatency);
            connection.subscribe(options.subject(), queue, subscriber);
            connection.subscribe(probeSubject(), null, subscriber.probeHandler());
            connection.pingPong(PING_TIMEOUT_MS);
            subscribers.add(subscriber);
        }
        final List<Publisher> publishers = new ArrayList<>();
        final double ratePerPublisher = (double)options.rate() / options.publishers();
        for (int i = 0; i < options.publishers(); i++)
        {
            final RawNatsConnection connection = connect(options.urls(), i, "perf-pub-" + i);
            final long offsetNs = options.rate() > 0 ? (long)(i * 1e9 / options.rate()) : 0;
            publishers.add(new Publisher(connection, options.subject(), options.sizeBytes(), ratePerPublisher,
                offsetNs));
        }
        awaitInterest(connections.get(options.subscribers()), subscribers);

        final long deliveries = options.scenario().deliveriesPerMessage(options.subscribers());
        if (options.warmupNs() > 0)
        {
            final long[] sent = publishPhase(publishers, options.warmupNs(), 0);
            final long expected = sent[0] * deliveries;
            if (drain(subscribers, 0, expected) < expected)
            {
                warnings.add("warm-up did not drain: some warm-up messages may be counted as measured");
            }
        }
        final long baseline = totalReceived(subscribers);
        latency.reset();

        final long startNs;
        final long[] sent;
        final long received;
        try (ProgressReporter ignored = new ProgressReporter(latency,
            () -> publishers.stream().mapToLong(Publisher::sent).sum(),
            () -> totalReceived(subscribers) - baseline, progressOut, recordLatency))
        {
            startNs = System.nanoTime() + START_DELAY_NS;
            sent = publishPhase(publishers, options.durationNs(), options.maxMessages(), startNs);
            received = drain(subscribers, baseline, sent[0] * deliveries);
        }
        latency.sampleInterval();
        long lastReceiveNs = startNs;
        for (final Subscriber subscriber : subscribers)
        {
            lastReceiveNs = Math.max(lastReceiveNs, subscriber.lastReceiveNs());
        }
        return result(sent[0], received, sent[0] * deliveries, (sent[1] - startNs) / 1e9,
            (lastReceiveNs - startNs) / 1e9, recordLatency);
    }

    private PerfResult runRequestReply() throws IOException, InterruptedException
    {
        final List<Responder> responders = new ArrayList<>();
        for (int i = 0; i < options.subscribers(); i++)
        {
            final RawNatsConnection connection = connect(options.subUrls(), i, "perf-responder-" + i);
            final Responder responder = new Responder();
            connection.subscribe(options.subject(), QUEUE_GROUP, responder);
            connection.pingPong(PING_TIMEOUT_MS);
            responders.add(responder);
        }
        final List<Requester> requesters = new ArrayList<>();
        final double ratePerRequester = (double)options.rate() / options.publishers();
        for (int i = 0; i < options.publishers(); i++)
        {
            final RawNatsConnection connection = connect(options.urls(), i, "perf-requester-" + i);
            final String inbox = "_INBOX." + options.subject().replace('.', '_') + "." + i;
            final long offsetNs = options.rate() > 0 ? (long)(i * 1e9 / options.rate()) : 0;
            final Requester requester = new Requester(connection, options.subject(), inbox, options.sizeBytes(),
                ratePerRequester, offsetNs, options.replyTimeoutNs());
            connection.subscribe(inbox + ".*", null, requester);
            connection.pingPong(PING_TIMEOUT_MS);
            requesters.add(requester);
        }
        if (options.warmupNs() > 0)
        {
            final long startNs = System.nanoTime() + START_DELAY_NS;
            requestPhase(requesters, startNs, startNs + options.warmupNs(), 0);
        }
        latency.reset();
        final long startNs;
        final long endNs;
        try (ProgressReporter ignored = new ProgressReporter(latency,
            () -> requesters.stream().mapToLong(Requester::sent).sum(),
            () -> requesters.stream().mapToLong(Requester::received).sum(), progressOut, true))
        {
            startNs = System.nanoTime() + START_DELAY_NS;
            endNs = requestPhase(requesters, startNs, endOf(startNs, options.durationNs()), options.maxMessages());
        }
        latency.sampleInterval();
        final long sent = requesters.stream().mapToLong(Requester::sent).sum();
        final long received = requesters.stream().mapToLong(Requester::received).sum();
        final double seconds = (endNs - startNs) / 1e9;
        return result(sent, received, sent, seconds, seconds, true);
    }

    private PerfResult result(final long sent, final long received, final long expected, final double sendSeconds,
        final double receiveSeconds, final boolean latencyMeasured)
    {
        final List<String> errors = new ArrayList<>();
        for (final RawNatsConnection connection : connections)
        {
            if (connection.failure() != null)
            {
                errors.add(connection.failure());
            }
        }
        return new PerfResult(options, sent, received, expected, sendSeconds, receiveSeconds,
            latencyMeasured ? latency.total().copy() : null, List.copyOf(warnings), errors, null, null, null);
    }

    private RawNatsConnection connect(final List<NatsUrl> urls, final int index, final String name)
        throws IOException
    {
        final RawNatsConnection connection = RawNatsConnection.connect(urls.get(index % urls.size()), name);
        connections.add(connection);
        return connection;
    }

    private String probeSubject()
    {
        return options.subject() + ".ready";
    }

    /**
     * Publishes probes from the first publisher's connection until every subscriber saw one. Subscribers subscribe
     * to the load subject before the probe subject, so on a cluster the load interest has crossed the route first.
     */
    private void awaitInterest(final RawNatsConnection publisher, final List<Subscriber> subscribers)
        throws IOException, InterruptedException
    {
        final byte[] probe = probeSubject().getBytes(StandardCharsets.US_ASCII);
        final long deadlineNs = System.nanoTime() + INTEREST_TIMEOUT_NS;
        while (!subscribers.stream().allMatch(Subscriber::probed))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IOException("subscribers' interest did not reach the publishers' server within 10 s");
            }
            publisher.publish(probe, new byte[0], 0, 0);
            publisher.flush();
            Thread.sleep(20);
        }
    }

    private long[] publishPhase(final List<Publisher> publishers, final long durationNs, final long maxMessages)
        throws IOException, InterruptedException
    {
        return publishPhase(publishers, durationNs, maxMessages, System.nanoTime() + START_DELAY_NS);
    }

    /** Runs every publisher on its own thread; returns {total sent, nanoTime when the last one finished}. */
    private long[] publishPhase(final List<Publisher> publishers, final long durationNs, final long maxMessages,
        final long startNs) throws IOException, InterruptedException
    {
        final long endNs = endOf(startNs, durationNs);
        final int n = publishers.size();
        final long[] counts = new long[n];
        final IOException[] failures = new IOException[n];
        final Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++)
        {
            final int index = i;
            final long share = maxMessages / n + (i < maxMessages % n ? 1 : 0);
            if (maxMessages > 0 && share == 0)
            {
                continue;
            }
            threads[i] = new Thread(() ->
            {
                try
                {
                    counts[index] = publishers.get(index).run(startNs, endNs, share);
                }
                catch (final IOException ex)
                {
                    failures[index] = ex;
                }
            }, "perf-publisher-" + i);
            threads[i].start();
        }
        return joinAll(threads, failures, counts);
    }

    private long requestPhase(final List<Requester> requesters, final long startNs, final long endNs,
        final long maxRequests) throws IOException, InterruptedException
    {
        final int n = requesters.size();
        final IOException[] failures = new IOException[n];
        final Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++)
        {
            final int index = i;
            final long share = maxRequests / n + (i < maxRequests % n ? 1 : 0);
            if (maxRequests > 0 && share == 0)
            {
                continue;
            }
            threads[i] = new Thread(() ->
            {
                try
                {
                    requesters.get(index).run(startNs, endNs, share, latency);
                }
                catch (final IOException ex)
                {
                    failures[index] = ex;
                }
            }, "perf-requester-" + i);
            threads[i].start();
        }
        return joinAll(threads, failures, new long[n])[1];
    }

    private static long[] joinAll(final Thread[] threads, final IOException[] failures, final long[] counts)
        throws IOException, InterruptedException
    {
        for (final Thread thread : threads)
        {
            if (thread != null)
            {
                thread.join();
            }
        }
        final long finishedNs = System.nanoTime();
        for (final IOException failure : failures)
        {
            if (failure != null)
            {
                throw failure;
            }
        }
        long total = 0;
        for (final long count : counts)
        {
            total += count;
        }
        return new long[] {total, finishedNs};
    }

    /** Waits until {@code expected} deliveries arrived or none arrived for a second; returns those received. */
    private long drain(final List<Subscriber> subscribers, final long baseline, final long expected)
        throws InterruptedException
    {
        long last = -1;
        long lastChangeNs = System.nanoTime();
        while (true)
        {
            final long received = totalReceived(subscribers) - baseline;
            if (received >= expected)
            {
                return received;
            }
            final long nowNs = System.nanoTime();
            if (received != last)
            {
                last = received;
                lastChangeNs = nowNs;
            }
            else if (nowNs - lastChangeNs > DRAIN_QUIET_NS)
            {
                return received;
            }
            Thread.sleep(1);
        }
    }

    private static long totalReceived(final List<Subscriber> subscribers)
    {
        long total = 0;
        for (final Subscriber subscriber : subscribers)
        {
            total += subscriber.received();
        }
        return total;
    }

    private static long endOf(final long startNs, final long durationNs)
    {
        return durationNs > 0 ? startNs + durationNs : startNs + TimeUnit.DAYS.toNanos(365);
    }
}
