package jnatsd.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential wire test: every script in {@code src/test/resources/wire-scripts} is played against the reference
 * nats-server 2.9.10 and against the candidate (jnatsd by default), at the same time, and the transcripts (every
 * byte each client received, in order, per step, plus when the server closed each connection) must be equal. Only
 * volatile INFO values are masked (see {@link WireRender#VOLATILE_INFO_KEYS}).
 *
 * <p>System properties: {@code wire.candidate} = {@code jnatsd} (default) or {@code nats-server} (checks that the
 * harness is deterministic); {@code wire.scripts} = a regex selecting script names; {@code wire.dump} = where the
 * transcripts are written (default {@code target/wire-transcripts}). Servers are started once per
 * distinct config text and reused across scripts (restarted if they died).
 */
class WireDifferentialInteropIT
{
    /** Minimum corpus size the suite promises. */
    private static final int MIN_SCRIPTS = 60;
    /** Runs of a script before a differing transcript fails it (see candidateRepliesByteForByteLikeNatsServer). */
    private static final int ATTEMPTS = 3;
    private static final ServerProcess.Kind CANDIDATE = candidateKind();
    private static final Map<String, ServerProcess> REFERENCE_SERVERS = new HashMap<>();
    private static final Map<String, ServerProcess> CANDIDATE_SERVERS = new HashMap<>();
    private static final ExecutorService SIDES = Executors.newFixedThreadPool(2, r ->
    {
        final Thread t = new Thread(r, "wire-side");
        t.setDaemon(true);
        return t;
    });

    private static ServerProcess.Kind candidateKind()
    {
        final String c = System.getProperty("wire.candidate", "jnatsd").trim();
        return switch (c)
        {
            case "jnatsd" -> ServerProcess.Kind.JNATSD;
            case "nats-server" -> ServerProcess.Kind.NATS_SERVER;
            default -> throw new IllegalArgumentException("wire.candidate must be jnatsd or nats-server: " + c);
        };
    }

    static Path scriptDir() throws URISyntaxException
    {
        final URL url = WireDifferentialInteropIT.class.getClassLoader().getResource("wire-scripts");
        if (url != null && url.getProtocol().equals("file"))
        {
            return Path.of(url.toURI());
        }
        return Path.of("src/test/resources/wire-scripts");
    }

    static Stream<String> scriptNames() throws IOException, URISyntaxException
    {
        final Pattern filter = Pattern.compile(System.getProperty("wire.scripts", ".*"));
        return allScriptFiles().stream()
            .map(p -> p.getFileName().toString().replaceFirst("\\.script$", ""))
            .filter(n -> filter.matcher(n).find());
    }

    private static List<Path> allScriptFiles() throws IOException, URISyntaxException
    {
        try (Stream<Path> files = Files.list(scriptDir()))
        {
            return files.filter(p -> p.toString().endsWith(".script")).sorted().toList();
        }
    }

    @AfterAll
    static void stopServers()
    {
        REFERENCE_SERVERS.values().forEach(ServerProcess::close);
        CANDIDATE_SERVERS.values().forEach(ServerProcess::close);
        REFERENCE_SERVERS.clear();
        CANDIDATE_SERVERS.clear();
    }

    @Test
    void corpusIsLargeAndParses() throws Exception
    {
        final List<Path> files = allScriptFiles();
        assertTrue(files.size() >= MIN_SCRIPTS, "only " + files.size() + " scripts, want >= " + MIN_SCRIPTS);
        final List<String> broken = new ArrayList<>();
        for (final Path f : files)
        {
            try
            {
                assertTrue(WireScript.load(f).steps().size() > 0);
            }
            catch (final IllegalArgumentException ex)
            {
                broken.add(ex.getMessage());
            }
        }
        assertEquals(List.of(), broken, "scripts that do not parse");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scriptNames")
    void candidateRepliesByteForByteLikeNatsServer(final String name) throws Exception
    {
        final WireScript script = WireScript.load(scriptDir().resolve(name + ".script"));
        final ServerProcess reference = server(REFERENCE_SERVERS, ServerProcess.Kind.NATS_SERVER, script.config());
        final ServerProcess candidate = server(CANDIDATE_SERVERS, CANDIDATE, script.config());
        WireRun.Result ref;
        WireRun.Result cand;
        int attempt = 0;
        do
        {
            // A transcript records when replies arrived between sends: a reply slower than a read step's quiet time
            // (a loaded CI box) moves it, the bytes being the same. A real difference repeats; timing does not.
            final Future<WireRun.Result> refRun = SIDES.submit(() -> WireRun.run(script, reference.port()));
            final Future<WireRun.Result> candRun = SIDES.submit(() -> WireRun.run(script, candidate.port()));
            ref = get(refRun);
            cand = get(candRun);
        }
        while (!ref.text().equals(cand.text()) && ++attempt < ATTEMPTS);
        dump(name, "nats-server", ref);
        dump(name, CANDIDATE == ServerProcess.Kind.JNATSD ? "jnatsd" : "nats-server-2", cand);

        if (!ref.failures().isEmpty())
        {
            fail("script expectations fail against the reference nats-server (fix the script): " + ref.failures()
                + "\n--- reference transcript ---\n" + ref.text());
        }
        if (!ref.text().equals(cand.text()))
        {
            assertEquals(ref.text(), cand.text(), firstDifference(ref.transcript(), cand.transcript())
                + "\n--- reference (nats-server) ---\n" + ref.text() + "--- candidate (" + CANDIDATE + ") ---\n"
                + cand.text());
        }
        assertEquals(List.of(), cand.failures(), "script expectations fail against " + CANDIDATE);
    }

    /** Writes a transcript to {@code wire.dump} (default target/wire-transcripts) for reading after a run. */
    private static void dump(final String name, final String side, final WireRun.Result result) throws IOException
    {
        final Path dir = Path.of(System.getProperty("wire.dump", "target/wire-transcripts"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + "." + side + ".txt"), result.text());
    }

    private static WireRun.Result get(final Future<WireRun.Result> f) throws Exception
    {
        try
        {
            return f.get();
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof Exception e ? e : ex;
        }
    }

    private static String firstDifference(final List<String> ref, final List<String> cand)
    {
        final int n = Math.min(ref.size(), cand.size());
        for (int i = 0; i < n; i++)
        {
            if (!ref.get(i).equals(cand.get(i)))
            {
                return "first difference at transcript line " + (i + 1) + ":\n  nats-server: " + ref.get(i)
                    + "\n  candidate:   " + cand.get(i);
            }
        }
        return "transcripts differ in length: nats-server " + ref.size() + " lines, candidate " + cand.size();
    }

    private static synchronized ServerProcess server(
        final Map<String, ServerProcess> cache, final ServerProcess.Kind kind, final String config) throws IOException
    {
        final ServerProcess existing = cache.get(config);
        if (existing != null && existing.process().isAlive())
        {
            return existing;
        }
        if (existing != null)
        {
            existing.close();
        }
        // About a hundred servers start here; the JIT warm-up adds nothing to a byte-for-byte protocol comparison.
        final ServerProcess started = ServerProcess.start(kind, config, List.of("-Djnatsd.warmup.messages=2000"));
        cache.put(config, started);
        return started;
    }
}
