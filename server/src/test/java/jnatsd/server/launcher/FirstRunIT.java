package jnatsd.server.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.Test;

/**
 * A server's first traffic pays no recompilation (issue 11): ./jnatsd, as a user runs it (the newest Java 24+ with
 * its AOT cache, else Java 17 with CDS and the background warm-up), gets floods, fan-out, 1 KB messages, a publisher
 * throttled by a subscriber whose socket fills, and request/reply. The JIT must not deoptimise a jnatsd method on
 * a branch or type its profile never saw (unstable_if, class_check): each such trap recompiles a loop of the hot
 * path while clients wait. A training that missed those paths gave 5-7 of them in a benchmark's 1 KB run.
 */
class FirstRunIT
{
    /** A trap taken by running code (not one C2 merely planned): its reason, its time, then where. */
    private static final Pattern TRAP = Pattern.compile("<uncommon_trap thread='\\d+' "
        + "reason='(unstable_if|class_check)'[^>]*stamp='(\\d+\\.\\d+)'>\\s*"
        + "<jvms bci='(\\d+)' method='([^ ']+) ([^ ']+)");
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n";

    @Test
    void theFirstTrafficAfterStartRecompilesNoJnatsdMethod() throws Exception
    {
        final Path dir = Files.createTempDirectory("jnatsd-first-run");
        Files.createDirectories(dir.resolve("server/target"));
        Files.copy(Path.of("..", "jnatsd"), dir.resolve("jnatsd"));
        dir.resolve("jnatsd").toFile().setExecutable(true);
        Files.copy(Path.of(System.getProperty("jnatsd.jar")), dir.resolve("server/target/jnatsd.jar"));
        // --version makes the class archive and waits for it, as the package and the image build do.
        final Process version = new ProcessBuilder(dir.resolve("jnatsd").toString(), "--version")
            .redirectErrorStream(true).redirectOutput(dir.resolve("version.log").toFile()).start();
        assertTrue(version.waitFor(180, TimeUnit.SECONDS), Files.readString(dir.resolve("version.log")));

        final int port = FreePort.next();
        final Path log = dir.resolve("server.log");
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port), "-D").redirectErrorStream(true).redirectOutput(log.toFile());
        // Java 17 has no deoptimization log tag; its compilation log records each trap (uncommon_trap).
        final Path jit = dir.resolve("jit.xml");
        pb.environment().put("JNATSD_JAVA_OPTS",
            "-XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile=" + jit);
        final Process p = pb.start();
        try
        {
            awaitLog(log, "Server is ready");
            // Java 17-23 compile from the background warm-up: traffic counts from its end. Java 24+ runs none (the
            // AOT cache has its profiles).
            final Matcher java = Pattern.compile("Java: +(\\d+)").matcher(Files.readString(log));
            assertTrue(java.find(), Files.readString(log));
            if (Integer.parseInt(java.group(1)) < 24)
            {
                awaitLog(log, "Hot path warmed up");
            }
            final double from = uptimeSeconds(p);
            traffic(port);
            Thread.sleep(200);
            final List<String> traps = traps(Files.readString(jit), from);
            assertTrue(traps.isEmpty(), "jnatsd methods recompiled during the first traffic: " + traps);
        }
        finally
        {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            p.destroyForcibly();
        }
    }

    /** The JVM's uptime now, in the compilation log's clock (seconds since its start). */
    private static double uptimeSeconds(final Process p)
    {
        final long startMs = p.info().startInstant().orElseThrow().toEpochMilli();
        // Rounded down a little: the clock's origin is the JVM's start, a few ms after exec.
        return Math.max(0, (System.currentTimeMillis() - startMs) / 1000.0 - 0.05);
    }

    private static List<String> traps(final String log, final double from)
    {
        final List<String> out = new ArrayList<>();
        final Matcher m = TRAP.matcher(log);
        while (m.find())
        {
            if (Double.parseDouble(m.group(2)) >= from && m.group(4).startsWith("jnatsd."))
            {
                out.add(m.group(4) + "." + m.group(5) + "@" + m.group(3) + " " + m.group(1));
            }
        }
        return out;
    }

    /** compare's shapes: a 16 B flood, a 4-way fan-out, 1 KB to a subscriber that stalls, then request/reply. */
    private static void traffic(final int port) throws Exception
    {
        flood(port, 1, 16, 300_000, false);
        flood(port, 4, 16, 150_000, false);
        flood(port, 1, 1024, 60_000, true);
        flood(port, 2, 1024, 30_000, true);
        try (Socket responder = open(port); Socket requester = open(port))
        {
            send(responder, CONNECT + "SUB rr 1\r\nPING\r\n");
            readPast(responder.getInputStream(), PONG);
            final Thread d = drain(responder);
            send(requester, CONNECT + "SUB _INBOX.fr.* 1\r\n");
            for (int i = 0; i < 500; i++)
            {
                send(requester, "PUB rr _INBOX.fr." + i + " 16\r\n0123456789abcdef\r\nPING\r\n");
                readPast(requester.getInputStream(), PONG);
            }
            responder.close();
            d.join(5_000);
        }
    }

    /**
     * One publisher, {@code subs} subscribers; with {@code stall}, the first subscriber stops reading for 50 ms now
     * and then, so its socket fills, the publisher is throttled and OP_WRITE resumes the flush.
     */
    private static void flood(final int port, final int subs, final int size, final int messages, final boolean stall)
        throws Exception
    {
        final List<Socket> readers = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();
        try (Socket pub = open(port))
        {
            final byte[] marker = "MSG end 2 0\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < subs; i++)
            {
                final Socket s = open(port);
                readers.add(s);
                send(s, CONNECT + "SUB flood 1\r\nSUB end 2\r\nPING\r\n");
                readPast(s.getInputStream(), PONG);
                final boolean stalls = stall && i == 0;
                final Thread t = new Thread(() -> readUntil(s, marker, stalls));
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
            send(pub, CONNECT);
            final Thread pubDrain = drain(pub);
            final byte[] one = ("PUB flood " + size + "\r\n" + "x".repeat(size) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
            final int perWrite = Math.max(1, 64 * 1024 / one.length);
            final byte[] batch = new byte[perWrite * one.length];
            for (int i = 0; i < perWrite; i++)
            {
                System.arraycopy(one, 0, batch, i * one.length, one.length);
            }
            final OutputStream out = pub.getOutputStream();
            for (int sent = 0; sent < messages; sent += perWrite)
            {
                out.write(batch);
            }
            out.write("PUB end 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (final Thread t : threads)
            {
                t.join(60_000);
                assertTrue(!t.isAlive(), "a subscriber did not get every message");
            }
            pub.close();
            pubDrain.join(5_000);
        }
        finally
        {
            for (final Socket s : readers)
            {
                s.close();
            }
        }
    }

    private static void readUntil(final Socket s, final byte[] marker, final boolean stalls)
    {
        try
        {
            final InputStream in = s.getInputStream();
            final byte[] buf = new byte[64 * 1024];
            int matched = 0;
            long bytes = 0;
            long nextStall = 1 << 20;
            int n;
            while ((n = in.read(buf)) > 0)
            {
                for (int k = 0; k < n; k++)
                {
                    matched = buf[k] == marker[matched] ? matched + 1 : buf[k] == marker[0] ? 1 : 0;
                    if (matched == marker.length)
                    {
                        return;
                    }
                }
                bytes += n;
                if (stalls && bytes >= nextStall)
                {
                    nextStall += 8 << 20;
                    Thread.sleep(50);
                }
            }
        }
        catch (final IOException | InterruptedException ignore)
        {
            // the test's assertion on the thread reports it
        }
    }

    private static void readPast(final InputStream in, final byte[] marker) throws IOException
    {
        int matched = 0;
        while (matched < marker.length)
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed");
            }
            matched = b == marker[matched] ? matched + 1 : b == marker[0] ? 1 : 0;
        }
    }

    private static Thread drain(final Socket s)
    {
        final Thread t = new Thread(() ->
        {
            try
            {
                final byte[] buf = new byte[16 * 1024];
                while (s.getInputStream().read(buf) >= 0)
                {
                    // discard
                }
            }
            catch (final IOException ignore)
            {
                // closed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static Socket open(final int port) throws IOException
    {
        final Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(60_000);
        readPast(s.getInputStream(), "\r\n".getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static void send(final Socket s, final String text) throws IOException
    {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    private static void awaitLog(final Path log, final String text) throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains(text))
        {
            assertTrue(System.nanoTime() - deadline < 0, "no \"" + text + "\" in " + Files.readString(log));
            Thread.sleep(20);
        }
    }
}
