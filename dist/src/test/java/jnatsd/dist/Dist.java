package jnatsd.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.RawClient;

/**
 * What the distribution tests share: running a command with a bounded wait, the unpacked tarball (one per test JVM,
 * so its class archive is made once), a server process started from a launcher, and a pub/sub round trip.
 */
final class Dist
{
    /** A first start may make the class archive (2-4 s idle, much longer on a loaded 2-core box). */
    static final long START_TIMEOUT_MS = 120_000;

    private static Path unpacked;

    private Dist()
    {
    }

    /** Output and exit code of a finished command. */
    record Result(int code, String out)
    {
    }

    /** Runs a command to its end (stdout and stderr together); fails if it takes longer than the timeout. */
    static Result run(final List<String> cmd, final Map<String, String> env, final long timeoutMs)
        throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile("dist-cmd", ".log");
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        final Process p = pb.start();
        if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(cmd + " did not finish in " + timeoutMs + " ms:\n" + Files.readString(out));
        }
        final String text = Files.readString(out);
        Files.deleteIfExists(out);
        return new Result(p.exitValue(), text);
    }

    static Result run(final String... cmd) throws IOException, InterruptedException
    {
        return run(List.of(cmd), Map.of(), START_TIMEOUT_MS);
    }

    /** Runs a command that must succeed; returns its output. */
    static String ok(final String... cmd) throws IOException, InterruptedException
    {
        final Result r = run(cmd);
        assertEquals(0, r.code(), String.join(" ", cmd) + " failed:\n" + r.out());
        return r.out();
    }

    /** The tarball's top directory (jnatsd-VERSION/), unpacked once with tar as a user would. */
    static synchronized Path tarball() throws IOException, InterruptedException
    {
        if (unpacked == null)
        {
            final Path tgz = Path.of(System.getProperty("jnatsd.tarball"));
            assertTrue(Files.isRegularFile(tgz), tgz + " is missing: mvn package builds it");
            final Path dir = Files.createTempDirectory("jnatsd-tarball");
            ok("tar", "-xzf", tgz.toString(), "-C", dir.toString());
            final String name = tgz.getFileName().toString().replace(".tar.gz", "");
            unpacked = dir.resolve(name);
        }
        return unpacked;
    }

    /** A server started from a launcher; its output goes to a file, it is stopped (TERM, then KILL) on close. */
    static final class Server implements AutoCloseable
    {
        private final Process process;
        private final Path log;
        private final int port;

        Server(final List<String> cmd, final Map<String, String> env, final int port) throws IOException
        {
            this.log = Files.createTempFile("dist-server", ".log");
            this.port = port;
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            this.process = pb.start();
            if (!awaitInfo())
            {
                final String out = log();
                close();
                throw new AssertionError(cmd + " did not answer with INFO on port " + port + ":\n" + out);
            }
        }

        private boolean awaitInfo()
        {
            final long end = System.currentTimeMillis() + START_TIMEOUT_MS;
            while (System.currentTimeMillis() < end && process.isAlive())
            {
                try (Socket s = new Socket())
                {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    s.setSoTimeout(5000);
                    final byte[] b = s.getInputStream().readNBytes(4);
                    if ("INFO".equals(new String(b, StandardCharsets.US_ASCII)))
                    {
                        return true;
                    }
                }
                catch (final IOException ex)
                {
                    sleep(100);
                }
            }
            return false;
        }

        String log()
        {
            try
            {
                return Files.readString(log);
            }
            catch (final IOException ex)
            {
                return "";
            }
        }

        Process process()
        {
            return process;
        }

        int port()
        {
            return port;
        }

        @Override
        public void close()
        {
            process.destroy();
            try
            {
                if (!process.waitFor(15, TimeUnit.SECONDS))
                {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * A subscriber on one port and a publisher on another (the same server, or another node of a cluster): the
     * message comes back through the server(s). Publishes again until it arrives, since a subscription reaches the
     * other nodes of a cluster a little after its PONG (bounded: 60 tries, 30 s).
     */
    static void roundTrip(final int subPort, final int pubPort) throws IOException
    {
        // A first client served at leisure: a JVM just started (no class archive yet, a loaded box) may take longer
        // than the subscriber's 500 ms to answer its first PING; the wait below is for messages, not for that.
        for (final int port : new int[] {subPort, pubPort})
        {
            try (RawClient first = RawClient.open(port, 0, 30_000))
            {
                first.sendConnect("");
                first.sync();
            }
        }
        try (RawClient sub = RawClient.open(subPort, 0, 500))
        {
            sub.sendConnect("");
            sub.send("SUB dist.test 1\r\n").sync();
            for (int i = 0; i < 60; i++)
            {
                // A cluster node may send an INFO (new connect_urls) before the PONG: sync() skips it.
                try (RawClient pub = RawClient.open(pubPort))
                {
                    pub.sendConnect("");
                    pub.send("PUB dist.test 5\r\nhello\r\n").sync();
                }
                try
                {
                    final RawClient.RawMsg m = sub.nextMsg();
                    assertEquals("dist.test", m.subject());
                    assertEquals("hello", m.payload());
                    return;
                }
                catch (final SocketTimeoutException ex)
                {
                    // not there yet: publish again
                }
            }
            throw new AssertionError("no message from port " + pubPort + " reached the subscriber on " + subPort);
        }
    }

    /** The same command with its arguments, as a mutable list. */
    static List<String> cmd(final String... parts)
    {
        return new ArrayList<>(List.of(parts));
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
