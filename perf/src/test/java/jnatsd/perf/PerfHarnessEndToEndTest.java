package jnatsd.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jnatsd.testsupport.ServerProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives jnatsd through {@link PerfMain#run} (the command's own code path) with short runs of
 * three topologies, and checks counts, latency and the output files. Fails, never skips, without the server jar.
 */
class PerfHarnessEndToEndTest
{
    @TempDir
    static Path dir;
    private static ServerProcess server;

    @BeforeAll
    static void startServer() throws Exception
    {
        server = ServerProcess.builder(ServerProcess.Kind.JNATSD).dir(dir).start();
    }

    @AfterAll
    static void stopServer() throws Exception
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void shouldDeliverEveryMessageOneToOneAndWriteHgrmAndPlot() throws Exception
    {
        final Path out = dir.resolve("one-to-one");
        final ByteArrayOutputStream progress = new ByteArrayOutputStream();
        final PerfResult result = PerfMain.run(PerfOptions.parse("one-to-one", "--url", server.url(), "--size", "64",
            "--rate", "2000", "--duration", "2s", "--warmup", "500ms", "--out", out.toString()),
            new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertTrue(result.errors().isEmpty(), () -> "errors: " + result.errors());
        assertTrue(Math.abs(result.sent() - 4000) <= 1, () -> "sent at 2000/s for 2 s: " + result.sent());
        assertEquals(result.sent(), result.received(), "received == sent");
        assertEquals(0, result.lost());
        assertNotNull(result.latency());
        assertEquals(result.sent(), result.latency().getTotalCount(), "one latency sample per message");
        assertTrue(result.latency().getValueAtPercentile(50) > 0, "p50 > 0");
        assertTrue(result.latency().getMaxValue() >= result.latency().getValueAtPercentile(99.99));
        assertNonEmpty(result.hgrmFile());
        assertNonEmpty(result.plotFile());
        assertNonEmpty(result.summaryFile());
        assertTrue(Files.readString(result.hgrmFile()).contains("#[Max     ="), "hgrm has HdrHistogram's footer");
        final byte[] png = Files.readAllBytes(result.plotFile());
        assertEquals((byte)0x89, png[0]);
        assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains("[jnatsd-perf]"), "progress line printed");
    }

    @Test
    void shouldDeliverEveryMessageToEachFanOutSubscriber() throws Exception
    {
        final PerfResult result = PerfMain.run(PerfOptions.parse("fan-out", "--url", server.url(), "--subscribers",
            "3", "--size", "128", "--rate", "1000", "--duration", "1s", "--warmup", "200ms", "--quiet", "--out",
            dir.resolve("fan-out").toString()), System.err);

        assertTrue(result.errors().isEmpty(), () -> "errors: " + result.errors());
        assertTrue(result.sent() >= 999, () -> "sent " + result.sent());
        assertEquals(3 * result.sent(), result.expected());
        assertEquals(result.expected(), result.received(), "every subscriber got every message");
        assertEquals(result.received(), result.latency().getTotalCount());
        assertNonEmpty(result.hgrmFile());
    }

    @Test
    void shouldAnswerEveryRequestAndCorrectForCoordinatedOmission() throws Exception
    {
        final PerfResult result = PerfMain.run(PerfOptions.parse("request-reply", "--url", server.url(), "--size",
            "32", "--rate", "500", "--duration", "1s", "--warmup", "200ms", "--quiet", "--out",
            dir.resolve("request-reply").toString()), System.err);

        assertTrue(result.errors().isEmpty(), () -> "errors: " + result.errors());
        assertTrue(result.sent() > 0);
        assertEquals(result.sent(), result.received(), "every request answered");
        assertTrue(result.latency().getTotalCount() >= result.received(),
            "at least one sample per reply (more when late replies are back-filled)");
        assertTrue(result.latency().getValueAtPercentile(50) > 0, "p50 > 0");
        assertNonEmpty(result.plotFile());
    }

    @Test
    void shouldMeasureThroughputOnlyForPayloadsWithoutRoomForATimestamp() throws Exception
    {
        final PerfResult result = PerfMain.run(PerfOptions.parse("queue", "--url", server.url(), "--size", "0",
            "--subscribers", "2", "--rate", "1000", "--duration", "500ms", "--warmup", "0", "--quiet", "--out",
            dir.resolve("queue").toString()), System.err);

        assertEquals(result.sent(), result.received(), "a queue group delivers each message once");
        assertEquals(null, result.latency());
        assertEquals(null, result.hgrmFile());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("throughput only")));
    }

    private static void assertNonEmpty(final Path file) throws Exception
    {
        assertNotNull(file);
        assertTrue(Files.size(file) > 0, () -> file + " is empty");
    }
}
