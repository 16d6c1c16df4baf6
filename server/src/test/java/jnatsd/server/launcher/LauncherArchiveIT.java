package jnatsd.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ./jnatsd and its class archive (docs/tuning.md, "Start-up"): a missing archive is made once, and a stale,
 * corrupt or truncated one never stops the server from starting, nor puts JVM warnings in its output. Each case
 * runs a copy of the launcher beside a copy of the jar, so the build's own archive is left alone.
 */
class LauncherArchiveIT
{
    /** The launcher runs the test's own Java (it would otherwise prefer an installed Java 24+). */
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private Path dir;
    private Path jar;

    @BeforeEach
    void sandbox() throws IOException
    {
        dir = Files.createTempDirectory("jnatsd-archive");
        Files.createDirectories(dir.resolve("server/target"));
        Files.copy(Path.of("..", "jnatsd"), dir.resolve("jnatsd"));
        dir.resolve("jnatsd").toFile().setExecutable(true);
        jar = dir.resolve("server/target/jnatsd.jar");
        Files.copy(Path.of(System.getProperty("jnatsd.jar")), jar);
    }

    @Test
    void shouldCreateTheArchiveOnFirstUseAndStartWithIt() throws Exception
    {
        final String out = startAndStop();
        assertTrue(out.contains("creating the class archive"), out);
        final Path archive = archive();
        assertEquals(Long.toString(Files.size(archive)), Files.readString(sizeFile(archive)));
        final String again = startAndStop();
        assertFalse(again.contains("creating the class archive"), "made once: " + again);
    }

    /**
     * Java 17's dynamic archive keeps a method's "queued for compilation" flag as it was when the archive was
     * written: a method queued then is never compiled in a server started from it (Engine::onEvent ran interpreted,
     * 13x slower). The hot path must still reach C2 from the archive.
     */
    @Test
    void shouldCompileTheHotPathWhenStartedFromTheArchive() throws Exception
    {
        startAndStop();
        assertTrue(Files.isRegularFile(archive()));
        final int port = FreePort.next();
        final Path log = Files.createTempFile(dir, "jit", ".log");
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JNATSD_JAVA_OPTS", "-XX:+PrintCompilation -Djnatsd.warmup.messages=0");
        pb.environment().put("JNATSD_JAVA", JAVA);
        final Process p = pb.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Server is ready") && System.nanoTime() - deadline < 0)
            {
                Thread.sleep(20);
            }
            try (Socket s = new Socket("127.0.0.1", port))
            {
                s.setSoTimeout(30_000);
                line(s.getInputStream());
                final StringBuilder batch = new StringBuilder("CONNECT {\"verbose\":false}\r\nSUB a 1\r\n");
                for (int i = 0; i < 1000; i++)
                {
                    batch.append("PUB a 2\r\nhi\r\n");
                }
                final byte[] bytes = batch.toString().getBytes(StandardCharsets.US_ASCII);
                final Thread reader = new Thread(() -> drain(s));
                reader.setDaemon(true);
                reader.start();
                for (int round = 0; round < 300 && !compiledAtTier4(log, "jnatsd.engine.Engine::onEvent "); round++)
                {
                    s.getOutputStream().write(bytes);
                    s.getOutputStream().flush();
                    Thread.sleep(10);
                }
            }
            assertTrue(compiledAtTier4(log, "jnatsd.engine.Engine::onEvent "),
                "Engine::onEvent never reached C2 with the archive");
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    private static boolean compiledAtTier4(final Path log, final String method) throws IOException
    {
        try (Stream<String> lines = Files.lines(log))
        {
            return lines.anyMatch(l -> l.contains(method) && l.matches("^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+.*"));
        }
    }

    private static void drain(final Socket s)
    {
        try
        {
            final byte[] buf = new byte[65536];
            while (s.getInputStream().read(buf) >= 0)
            {
                // discard: only the server's compilations matter here
            }
        }
        catch (final IOException ex)
        {
            // closed by the test
        }
    }

    @Test
    void shouldPreferAJava24OrLaterFromJavaHome() throws Exception
    {
        // A stand-in JDK 99 that records how it was called: the launcher must pick it over the java on PATH.
        final Path home = Files.createDirectories(dir.resolve("jdk99/bin"));
        Files.writeString(dir.resolve("jdk99/release"), "JAVA_VERSION=\"99.0.1\"\n");
        final Path calls = dir.resolve("calls.txt");
        final Path fake = home.resolve("java");
        Files.writeString(fake, "#!/bin/sh\necho \"$*\" >> " + calls + "\nexit 3\n");
        fake.toFile().setExecutable(true);
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "-p", "4999")
            .redirectErrorStream(true).redirectOutput(dir.resolve("pick.log").toFile());
        pb.environment().put("JAVA_HOME", dir.resolve("jdk99").toString());
        pb.environment().remove("JNATSD_JAVA");
        final Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        awaitTraining();
        final String called = Files.readString(calls);
        // Once to make its AOT cache (jnatsd-99.0.1.aot), which fails here, then to run the server.
        assertTrue(called.contains("ArchiveTraining") && called.contains("jnatsd-99.0.1.aot"), called);
        assertTrue(called.contains("-jar " + jar + " -p 4999"), called);
        assertEquals(3, p.exitValue());
    }

    @Test
    void shouldStartWithACorruptArchive() throws Exception
    {
        startAndStop();
        final Path archive = archive();
        final byte[] junk = new byte[(int)Files.size(archive)];
        new Random(42).nextBytes(junk);
        archive.toFile().setWritable(true);
        Files.write(archive, junk);
        // Same size as recorded, so the launcher hands it to the JVM, which must reject it quietly.
        final String out = startAndStop();
        assertFalse(out.contains("creating the class archive"), out);
    }

    @Test
    void shouldStartWithATruncatedArchive() throws Exception
    {
        startAndStop();
        final Path archive = archive();
        final byte[] all = Files.readAllBytes(archive);
        archive.toFile().setWritable(true);
        Files.write(archive, Arrays.copyOf(all, all.length / 3));
        // Java 17 would die of SIGBUS mapping it; the launcher must not pass it on.
        startAndStop();
    }

    @Test
    void shouldStartWithAStaleArchiveAndReplaceIt() throws Exception
    {
        startAndStop();
        final Path archive = archive();
        // A rebuilt jar: newer than the archive, as after `mvn package` without the archive step.
        final long now = System.currentTimeMillis();
        Files.setLastModifiedTime(archive, FileTime.fromMillis(now - 20_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 10_000));
        final String out = startAndStop();
        assertTrue(out.contains("creating the class archive"), out);
        assertTrue(Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0);
    }

    @Test
    void shouldStartWhenTheArchiveCannotBeMade() throws Exception
    {
        // The size record cannot be written (a directory is in its place): the training fails, the server starts
        // without an archive, and later starts do not retry until the jar changes.
        final String name = "jnatsd-" + System.getProperty("java.version")
            + (Runtime.version().feature() >= 24 ? ".aot" : ".jsa");
        Files.createDirectories(dir.resolve("server/target/" + name + ".size"));
        final String first = startAndStop();
        assertTrue(first.contains("class archive not created"), first);
        assertFalse(Files.exists(dir.resolve("server/target/" + name)), "no archive without its size record");
        final String second = startAndStop();
        assertFalse(second.contains("creating the class archive"), "not retried: " + second);
    }

    private Path archive() throws IOException
    {
        try (Stream<Path> s = Files.list(dir.resolve("server/target")))
        {
            return s.filter(p -> p.toString().endsWith(".jsa") || p.toString().endsWith(".aot")).findFirst()
                .orElseThrow(() -> new AssertionError("no archive in " + dir));
        }
    }

    private static Path sizeFile(final Path archive)
    {
        return archive.resolveSibling(archive.getFileName() + ".size");
    }

    /** The launcher trains the archive in the background, holding a lock directory: waits until it is done. */
    private void awaitTraining() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() - deadline < 0)
        {
            try (Stream<Path> s = Files.list(dir.resolve("server/target")))
            {
                if (s.noneMatch(x -> x.getFileName().toString().endsWith(".lock")))
                {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the background archive training did not finish");
    }

    /** Starts the copied launcher, reads INFO from it, stops it; returns everything it printed. */
    private String startAndStop() throws Exception
    {
        final int port = FreePort.next();
        final Path log = Files.createTempFile(dir, "out", ".log");
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JNATSD_JAVA", JAVA);
        final Process p = pb.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!Files.readString(log).contains("Server is ready") && System.nanoTime() - deadline < 0
                && p.isAlive())
            {
                Thread.sleep(50);
            }
            final String out = Files.readString(log);
            assertTrue(out.contains("Server is ready"), "not ready; output:\n" + out);
            try (Socket s = new Socket("127.0.0.1", port))
            {
                s.setSoTimeout(10_000);
                final String info = line(s.getInputStream());
                assertTrue(info.startsWith("INFO {") && info.contains("\"port\":" + port), info);
            }
            // The shutdown hook goes in just after "Server is ready"; a TERM before it would skip "Server Exiting..".
            Thread.sleep(500);
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), out);
            awaitTraining();
            final String all = Files.readString(log);
            assertFalse(all.contains("[warning]") || all.contains("[error]") || all.contains("fatal error"),
                "JVM messages in the server's output:\n" + all);
            assertTrue(all.contains("Server Exiting.."), all);
            return all;
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    private static String line(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n')
        {
            sb.append((char)b);
        }
        return sb.toString();
    }
}
