package jnatsd.server.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * An official NATS client's check program (src/test/clients/LANG, built into target/clients/LANG) against a 2-node
 * cluster, once of jnatsd and once of nats-server 2.9.10 (so a failure can be told apart from a client problem). The
 * program gets both client URLs, connects to node 1 and prints one line per check; at READY-FOR-KILL node 1 gets
 * SIGTERM and the program must reconnect to node 2. A missing prerequisite fails the test, naming what to install.
 */
abstract class ClientInteropSupport
{
    /** The program's lines, in order, when every check passes. */
    static final List<String> EXPECTED = List.of("ok connect", "ok wildcards", "ok queue", "ok request",
        "ok headers", "ok no-responders", "READY-FOR-KILL", "ok reconnect");
    private static final String READY = "READY-FOR-KILL";
    private static final String EOF = "\u0000EOF";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    /** The command line of the built program, without the server URLs; builds it first if needed. */
    abstract List<String> command() throws Exception;

    @Test
    void shouldPassEveryCheckAgainstJnatsdCluster() throws Exception
    {
        runScenario(ServerProcess.Kind.JNATSD);
    }

    @Test
    void shouldPassEveryCheckAgainstNatsServerCluster() throws Exception
    {
        runScenario(ServerProcess.Kind.NATS_SERVER);
    }

    private void runScenario(final ServerProcess.Kind kind) throws Exception
    {
        final List<String> cmd = new ArrayList<>(command());
        final int route1 = FreePort.next();
        try (ServerProcess n1 = node(kind, "N1", route1, "");
            ServerProcess n2 = node(kind, "N2", FreePort.next(), ", routes: [ nats-route://127.0.0.1:" + route1 + " ]"))
        {
            // Both nodes answer a PING before the program runs: a node still slow to serve on a loaded box would
            // make the client's first connect fall over to node 2 (the program checks it got node 1).
            for (final ServerProcess n : List.of(n1, n2))
            {
                try (RawClient probe = RawClient.connected(n.port()))
                {
                    assertTrue(probe.cid() > 0);
                }
            }
            cmd.add(n1.url());
            cmd.add(n2.url());
            final List<String> out = runProgram(cmd, n1);
            final String all = String.join("\n", out);
            final String context = kind + " cluster, " + cmd + ":\n" + all + "\n--- node 1 log:\n" + tail(n1.log())
                + "\n--- node 2 log:\n" + tail(n2.log());
            final List<String> checks = out.stream()
                .filter(l -> l.startsWith("ok ") || l.startsWith("FAIL ") || l.equals(READY)).toList();
            assertEquals(EXPECTED, checks, context);
            assertEquals("exit 0", out.get(out.size() - 1), "exit code, " + context);
            assertTrue(n1.process().waitFor(15, TimeUnit.SECONDS), "node 1 exits after SIGTERM\n" + n1.log());
        }
    }

    private static ServerProcess node(final ServerProcess.Kind kind, final String name, final int routePort,
        final String routes) throws IOException
    {
        final String config = "server_name: " + name + "\ncluster { name: C1, listen: 127.0.0.1:" + routePort + routes
            + " }\n";
        // A short start-up warm-up keeps the test quick on a small machine (ignored by nats-server).
        return ServerProcess.builder(kind).config(config).jvmOptions(List.of("-Djnatsd.warmup.messages=2000"))
            .start();
    }

    /**
     * Runs the program, sends node 1 SIGTERM when it prints READY-FOR-KILL; returns its output lines, the last one
     * "exit CODE". Fails if it runs longer than {@link #RUN_TIMEOUT}.
     */
    private static List<String> runProgram(final List<String> cmd, final ServerProcess node1) throws Exception
    {
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() -> readLines(p, lines), "client-output");
        reader.setDaemon(true);
        reader.start();
        final List<String> out = new ArrayList<>();
        final long end = System.nanoTime() + RUN_TIMEOUT.toNanos();
        try
        {
            while (true)
            {
                final String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null)
                {
                    fail("client program still running after " + RUN_TIMEOUT + ": " + cmd + "\n"
                        + String.join("\n", out));
                }
                if (line.equals(EOF))
                {
                    break;
                }
                out.add(line);
                if (line.equals(READY))
                {
                    node1.signal("TERM");
                }
            }
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "client program exits after closing its output");
            out.add("exit " + p.exitValue());
            return out;
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    private static void readLines(final Process p, final BlockingQueue<String> lines)
    {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException ex)
        {
            lines.add("(reading the output failed: " + ex + ")");
        }
        lines.add(EOF);
    }

    private static String tail(final String log)
    {
        final int max = 4000;
        return log.length() <= max ? log : "..." + log.substring(log.length() - max);
    }

    /** src/test/clients/LANG: the program's sources. */
    static Path source(final String lang)
    {
        return Path.of("src", "test", "clients", lang).toAbsolutePath();
    }

    /** target/clients/LANG: where the program is built (kept between runs). */
    static Path work(final String lang) throws IOException
    {
        return Files.createDirectories(Path.of("target", "clients", lang).toAbsolutePath());
    }

    /** Fails, naming what to install, unless the command is an executable on PATH. */
    static void requireCommand(final String command, final String install)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":"))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command)))
            {
                return;
            }
        }
        fail(command + " is not on PATH: install " + install + " (.ci/run does)");
    }

    /** Fails, naming what to install, unless the path exists. */
    static void requirePath(final Path path, final String install)
    {
        if (!Files.exists(path))
        {
            fail(path + " is missing: install " + install + " (.ci/run does)");
        }
    }

    /** Whether target is missing or older than any of the sources. */
    static boolean stale(final Path target, final Path... sources) throws IOException
    {
        if (!Files.exists(target))
        {
            return true;
        }
        for (final Path s : sources)
        {
            if (Files.getLastModifiedTime(s).compareTo(Files.getLastModifiedTime(target)) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Copies a file (replacing it) and returns the copy. */
    static Path copy(final Path from, final Path toDir) throws IOException
    {
        return Files.copy(from, toDir.resolve(from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs a build step in dir with extra environment; fails with its output unless it exits 0 in time. */
    static void build(final Path dir, final Map<String, String> env, final Duration timeout, final String... cmd)
        throws IOException, InterruptedException
    {
        final Path log = dir.resolve("build.log");
        final ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        final Process p = pb.start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " still running after " + timeout + ":\n" + Files.readString(log));
        }
        if (p.exitValue() != 0)
        {
            fail(String.join(" ", cmd) + " exited " + p.exitValue() + ":\n" + Files.readString(log));
        }
    }
}
