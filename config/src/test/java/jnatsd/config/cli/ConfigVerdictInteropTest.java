package jnatsd.config.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Differential test: for every corpus file, {@code nats-server -t -c F} and {@code jnatsd -t -c F} give the same
 * verdict. File names state the expected verdict (ok-* valid, bad-* invalid), so both servers are also held to
 * it. Runs only with -Pinterop (needs nats-server 2.9.10 on PATH).
 */
class ConfigVerdictInteropTest
{
    /** Environment variables the corpus refers to, given to both servers. */
    private static final Map<String, String> ENV = Map.of("NATS_CORPUS_MAXP", "2MB", "NATS_CORPUS_NAME", "envsrv");

    static Stream<Path> corpus() throws Exception
    {
        final Path dir = Path.of(ConfigVerdictInteropTest.class.getResource("/corpus").toURI());
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter(f -> f.toString().endsWith(".conf")).sorted().toList().stream();
        }
    }

    @Test
    void shouldHaveALargeCorpusOfBothVerdicts() throws Exception
    {
        final List<Path> files = corpus().toList();
        assertTrue(files.size() >= 40, "corpus size " + files.size());
        assertTrue(files.stream().filter(f -> f.getFileName().toString().startsWith("ok-")).count() >= 20);
        assertTrue(files.stream().filter(f -> f.getFileName().toString().startsWith("bad-")).count() >= 20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void shouldGiveTheSameVerdictAsNatsServer(final Path file) throws Exception
    {
        final int expected = file.getFileName().toString().startsWith("ok-") ? 0 : 1;
        final NatsVerdict nats = natsServer(file);
        final CliResult ours = Cli.parse(new String[] {"-t", "-c", file.toString()}, ENV);
        assertEquals(CliResult.Action.EXIT, ours.action());
        assertEquals(expected, nats.exitCode(), "nats-server on " + file.getFileName() + ": " + nats.output());
        assertEquals(nats.exitCode(), ours.exitCode(), file.getFileName() + "\nnats-server: " + nats.output()
            + "\njnatsd:      " + ours.message());
        if (expected == 1)
        {
            assertTrue(ours.message().contains(file.getFileName().toString()) || ours.message().contains("inc/"),
                "the error names the file: " + ours.message());
        }
    }

    private record NatsVerdict(int exitCode, String output)
    {
    }

    private static NatsVerdict natsServer(final Path file) throws IOException, InterruptedException
    {
        final ProcessBuilder pb = new ProcessBuilder("nats-server", "-t", "-c", file.toString())
            .redirectErrorStream(true);
        pb.environment().putAll(ENV);
        final Process p = pb.start();
        final String output = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "nats-server -t did not finish");
        return new NatsVerdict(p.exitValue(), output);
    }
}
