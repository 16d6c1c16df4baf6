package jnatsd.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import jnatsd.perf.interest.ManySubjectsOptions;
import jnatsd.perf.interest.ManySubjectsResult;
import jnatsd.perf.interest.ManySubjectsRun;
import jnatsd.perf.interest.SubjectSet;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The many-subjects tool end to end at small scale: 10,000 subscriptions (10% wildcards) on 3 connections against
 * the packaged jnatsd; every message must reach exactly the subscriptions the subject set says it matches.
 */
class ManySubjectsEndToEndTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryMessageToEveryMatchingSubscription() throws Exception
    {
        final ManySubjectsOptions options = ManySubjectsOptions.parse("--subscriptions", "10k", "--wildcard-percent",
            "10", "--connections", "3", "--duration", "1s", "--warmup", "300ms", "--window", "5000");
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final ManySubjectsResult r;
        final ServerProcess server = ServerProcess.builder(ServerProcess.Kind.JNATSD).dir(dir).start();
        try
        {
            r = new ManySubjectsRun(options, new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run(server.url(), server.pid());
        }
        finally
        {
            server.close();
        }

        assertTrue(r.errors().isEmpty(), () -> "errors: " + r.errors());
        assertEquals(10_000, r.subscriptions());
        assertTrue(r.published() > 0 && r.delivered() > 0, r::summary);
        assertTrue(r.expectedTotal() >= r.published(), "at least the literal subscriber gets each message");
        assertEquals(r.expectedTotal(), r.receivedTotal(), "every due delivery arrived, no extra ones");
        assertTrue(r.rssStartBytes() > 0 && r.rssSubscribedBytes() > 0 && r.rssEndBytes() > 0, r::summary);
        assertTrue(r.serverCpuNs() >= 0, r::summary);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[many-subjects] subscribed 10,000"));
    }

    @Test
    void shouldKnowWhichSubscriptionsEachSubjectMatches()
    {
        final SubjectSet set = new SubjectSet(1_000_000, 10);
        assertEquals(900_000, set.literals());
        assertEquals(100_000, set.wildcards());
        final byte[] b = new byte[SubjectSet.MAX_SUBJECT_BYTES];
        assertEquals("bench.12.34.56", new String(b, 0, set.subscriptionSubject(123_456, b, 0),
            StandardCharsets.US_ASCII));
        assertEquals("bench.0.7.*", new String(b, 0, set.subscriptionSubject(900_007, b, 0),
            StandardCharsets.US_ASCII));
        assertEquals("bench.3.>", new String(b, 0, set.subscriptionSubject(950_003, b, 0),
            StandardCharsets.US_ASCII));
        assertEquals(3, set.deliveriesOf(123_456), "itself, bench.12.34.* and bench.12.>");
        final SubjectSet small = new SubjectSet(10_000, 10);
        assertEquals(3, small.deliveriesOf(8_999));
        assertEquals(1, new SubjectSet(100, 0).deliveriesOf(99));
    }
}
