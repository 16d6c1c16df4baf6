package jnatsd.server.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server process on a real socket, for integration tests: either jnatsd (the packaged jar) or the
 * reference nats-server binary. The client port is passed as {@code -p}, the host as {@code -a 127.0.0.1}.
 */
public final class ServerProcess implements AutoCloseable
{
    public enum Kind
    {
        JNATSD, NATS_SERVER
    }

    private final Kind kind;
    private final Process process;
    private final int port;
    private final Path dir;
    private final Path logFile;

    private ServerProcess(final Kind kind, final Process process, final int port, final Path dir, final Path logFile)
    {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.logFile = logFile;
    }

    /** Starts jnatsd with the given config text (may be empty) and extra flags; waits for its INFO. */
    public static ServerProcess jnatsd(final String config, final String... flags) throws IOException
    {
        return start(Kind.JNATSD, config, flags);
    }

    /** Starts nats-server (must be on PATH) with the given config text and flags; waits for its INFO. */
    public static ServerProcess natsServer(final String config, final String... flags) throws IOException
    {
        return start(Kind.NATS_SERVER, config, flags);
    }

    public static ServerProcess start(final Kind kind, final String config, final String... flags) throws IOException
    {
        return start(kind, config, List.of(), flags);
    }

    /** As {@link #start(Kind, String, String...)}, with JVM options for jnatsd (ignored for nats-server). */
    public static ServerProcess start(
        final Kind kind, final String config, final List<String> jvmOptions, final String... flags) throws IOException
    {
        final int port = freePort();
        final Path dir = Files.createTempDirectory("srv-" + kind.name().toLowerCase());
        final Path conf = dir.resolve("server.conf");
        Files.writeString(conf, config == null ? "" : config);
        final Path log = dir.resolve("server.log");
        final List<String> cmd = new ArrayList<>(command(kind));
        if (kind == Kind.JNATSD)
        {
            cmd.addAll(1, jvmOptions);
        }
        cmd.addAll(List.of("-c", conf.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        cmd.addAll(Arrays.asList(flags));
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        final ServerProcess sp = new ServerProcess(kind, p, port, dir, log);
        if (!sp.awaitInfo(30_000))
        {
            final String out = sp.log();
            sp.close();
            throw new IOException(kind + " did not start: " + cmd + "\n" + out);
        }
        return sp;
    }

    /** The command line that runs the given server kind, without arguments. */
    public static List<String> command(final Kind kind)
    {
        if (kind == Kind.NATS_SERVER)
        {
            return List.of("nats-server");
        }
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        final String jvmFlags = System.getProperty("jnatsd.jvm.flags", "");
        for (final String f : jvmFlags.trim().split("\\s+"))
        {
            if (!f.isEmpty())
            {
                cmd.add(f);
            }
        }
        cmd.add("-jar");
        cmd.add(System.getProperty("jnatsd.jar", "target/jnatsd.jar"));
        return cmd;
    }

    public static int freePort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }

    private boolean awaitInfo(final long timeoutMs)
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end)
        {
            if (!process.isAlive())
            {
                return false;
            }
            try (Socket s = new Socket())
            {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.setSoTimeout(2000);
                final InputStream in = s.getInputStream();
                final byte[] b = new byte[4];
                if (in.readNBytes(b, 0, 4) == 4 && new String(b, StandardCharsets.US_ASCII).equals("INFO"))
                {
                    return true;
                }
            }
            catch (final IOException ignore)
            {
                sleep(50);
            }
        }
        return false;
    }

    public Kind kind()
    {
        return kind;
    }

    public int port()
    {
        return port;
    }

    public String url()
    {
        return "nats://127.0.0.1:" + port;
    }

    public long pid()
    {
        return process.pid();
    }

    public Process process()
    {
        return process;
    }

    public Path dir()
    {
        return dir;
    }

    /** Everything the server printed so far. */
    public String log()
    {
        try
        {
            return Files.readString(logFile);
        }
        catch (final IOException ex)
        {
            return "";
        }
    }

    /** Waits until the log contains text; returns whether it did. */
    public boolean awaitLog(final String text, final long timeoutMs)
    {
        final long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end)
        {
            if (log().contains(text))
            {
                return true;
            }
            sleep(20);
        }
        return false;
    }

    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
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

    private static void sleep(final long ms)
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
