package jnatsd.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the class archive ./jnatsd starts with (docs/tuning.md, "Start-up"): a CDS archive on Java 17-23
 * ({@code -XX:ArchiveClassesAtExit}), an AOT cache on 24+ ({@code -XX:AOTCacheOutput}). Run as
 * {@code java <server's JVM flags> -cp jnatsd.jar jnatsd.server.ArchiveTraining <archive or directory>}: it starts
 * a child JVM with the same flags that runs the server once (start-up warm-up, a client's CONNECT, SUB, PUB, HPUB,
 * UNSUB and PING; no monitoring, see {@link #train}), then moves the archive into place only if the child
 * succeeded, so a half-written archive never has the name the launcher looks for.
 */
public final class ArchiveTraining
{
    private static final String RUN = "--run";

    private ArchiveTraining()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length == 1 && !RUN.equals(args[0]))
        {
            final Path target = Path.of(args[0]);
            System.exit(create(Files.isDirectory(target) ? target.resolve(defaultName()) : target));
        }
        else if (args.length == 1)
        {
            int rc = 1;
            try
            {
                train();
                rc = 0;
            }
            finally
            {
                // Exits either way (the server's threads would keep the JVM up); only a clean run keeps the archive.
                System.exit(rc);
            }
        }
        else
        {
            System.err.println("usage: java <flags> -cp jnatsd.jar " + ArchiveTraining.class.getName() + " <archive>");
            System.exit(2);
        }
    }

    /** The name ./jnatsd looks for: one archive per Java build (its release file's JAVA_VERSION). */
    static String defaultName()
    {
        return "jnatsd-" + System.getProperty("java.version") + (Runtime.version().feature() >= 24 ? ".aot" : ".jsa");
    }

    private static int create(final Path archive) throws IOException, InterruptedException
    {
        final Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp" + ProcessHandle.current().pid());
        final Path log = archive.resolveSibling(archive.getFileName() + ".log");
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (!a.startsWith("-XX:SharedArchiveFile") && !a.startsWith("-XX:AOTCache"))
            {
                cmd.add(a);
            }
        }
        if (Runtime.version().feature() >= 24)
        {
            cmd.add("-XX:AOTCacheOutput=" + tmp);
            // The cache keeps the profiles the training run gathered, and C2 stops profiling a method once it
            // compiles it: a branch first taken after that (a publisher paused, a socket full) was missing, and a
            // server's first benchmark recompiled the loops that took it. Profiling code only (C1 with full
            // profiles) records the whole run.
            cmd.add("-XX:TieredStopAtLevel=3");
        }
        else
        {
            // Java 17's dynamic archive keeps each method's access flags as they are at exit, "queued for
            // compilation" among them: a method in the JIT's queue then is never compiled again in a server started
            // from the archive (Engine::onEvent ran interpreted, 13x slower). Without a JIT nothing is queued; a short
            // warm-up still loads its classes.
            cmd.add("-Xint");
            cmd.add("-Djnatsd.warmup.messages=2000");
            cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ArchiveTraining.class.getName());
        cmd.add(RUN);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final int rc = p.waitFor();
        if (rc != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0)
        {
            Files.deleteIfExists(tmp);
            System.err.println("jnatsd: class archive not created (exit " + rc + "), see " + log);
            return 1;
        }
        // The size goes first: the launcher uses an archive only at this size (Java 17 crashes on a truncated one).
        try
        {
            Files.writeString(archive.resolveSibling(archive.getFileName() + ".size"), Long.toString(Files.size(tmp)));
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return 0;
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(tmp);
            System.err.println("jnatsd: class archive not created: " + ex);
            return 1;
        }
    }

    /** The child: the server as ./jnatsd starts it, one client's session, then an exit (the archive is written). */
    private static void train() throws IOException
    {
        final int port = freePort();
        // No monitoring port: the archive holds what a default server runs. Java 24+ loads every class of an AOT
        // cache at start, and both Javas relocate (touch) the whole archive, so the ~300 classes of the HTTP
        // monitor, Prometheus and its Jackson serializers cost every server ~2.3 MB of idle RSS (Java 25: 64.8 ->
        // 62.5 MB), used or not. With -m they load from the jar on the first request instead.
        Main.main(new String[] {"-a", "127.0.0.1", "-p", Integer.toString(port)});
        try (Socket sub = new Socket("127.0.0.1", port); Socket pub = new Socket("127.0.0.1", port))
        {
            sub.setSoTimeout(10_000);
            pub.setSoTimeout(10_000);
            readUntil(sub.getInputStream(), "\r\n");
            readUntil(pub.getInputStream(), "\r\n");
            final String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,"
                + "\"no_responders\":true,\"name\":\"training\",\"lang\":\"java\",\"protocol\":1}\r\n";
            send(sub, connect + "SUB t.* 1\r\nSUB t.q workers 2\r\nPING\r\n");
            readUntil(sub.getInputStream(), "PONG\r\n");
            send(pub, connect + "PUB t.a 5\r\nhello\r\nPUB t.q _INBOX.r 5\r\nhello\r\n"
                + "HPUB t.a 18 23\r\nNATS/1.0\r\nK: v\r\n\r\nhello\r\nPING\r\n");
            readUntil(pub.getInputStream(), "PONG\r\n");
            send(sub, "UNSUB 1\r\nPING\r\n");
            readUntil(sub.getInputStream(), "PONG\r\n");
        }
        awaitWarmUp();
    }

    /** The background warm-up ends before the archive is written (its classes are in it, no compile is pending). */
    private static void awaitWarmUp() throws IOException
    {
        final long deadline = System.nanoTime() + 60_000_000_000L;
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("warm-up")))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException("the warm-up did not end within 60 s");
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", ex);
            }
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0))
        {
            return s.getLocalPort();
        }
    }

    private static void send(final Socket s, final String text) throws IOException
    {
        final OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void readUntil(final InputStream in, final String end) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        while (sb.indexOf(end) < 0)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed before " + end.trim());
            }
            sb.append((char)b);
        }
    }
}
