package jnatsd.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real server process on a real socket, for integration tests: either jnatsd (the packaged jar, system property
 * {@code jnatsd.jar}, JVM flags from {@code jnatsd.jvm.flags}) or the reference nats-server binary on PATH. Its
 * configuration is {@code server.conf} in its directory, its output {@code server.log} there; the client port is
 * passed as {@code -p}, the host as {@code -a 127.0.0.1}. Started means it answered a connection with INFO.
 */
public final class ServerProcess implements AutoCloseable
{
    public enum Kind
    {
        JNATSD, NATS_SERVER
    }

    private static final long START_TIMEOUT_MS = 30_000;

    private final Kind kind;
    private final Process process;
    private final String host;
    private final int port;
    private final Path dir;
    private final Path logFile;

    private ServerProcess(
        final Kind kind, final Process process, final String host, final int port, final Path dir, final Path logFile)
    {
        this.kind = kind;
        this.process = process;
        this.host = host;
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
        return builder(kind).config(config).jvmOptions(jvmOptions).flags(flags).start();
    }

    /** For what the shortcuts above do not set: a fixed port or directory, or the address from the config file. */
    public static Builder builder(final Kind kind)
    {
        return new Builder(kind);
    }

    /** The command line that runs the given server kind, without arguments. */
    public static List<String> command(final Kind kind)
    {
        if (kind == Kind.NATS_SERVER)
        {
            return List.of("nats-server");
        }
        final Path jar = Path.of(System.getProperty("jnatsd.jar", "target/jnatsd.jar"));
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package the server first (mvn -B "
                + "verify builds it before the tests that start it)");
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
        cmd.add(jar.toString());
        return cmd;
    }

    /** Sends a signal by name (HUP, USR2, INT...) to a process with kill(1); asserts kill succeeded. */
    public static void signal(final long pid, final String name) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + name + " " + pid);
    }

    /** Options of one start; {@link #start()} may be called again with the same directory (a restart). */
    public static final class Builder
    {
        private final Kind kind;
        private final Map<String, String> env = new LinkedHashMap<>();
        private String config = "";
        private List<String> jvmOptions = List.of();
        private List<String> flags = List.of();
        private List<String> prefix = List.of();
        private String host = "127.0.0.1";
        private int port;
        private Path dir;
        private boolean addressFlags = true;
        private String configFlag = "-c";
        private String configName = "server.conf";
        private boolean truncateLog;
        private boolean awaitInfo = true;

        private Builder(final Kind kind)
        {
            this.kind = kind;
        }

        /** The text of server.conf (null or empty: an empty file). */
        public Builder config(final String text)
        {
            this.config = text == null ? "" : text;
            return this;
        }

        /** JVM options for jnatsd, placed before -jar (ignored for nats-server). */
        public Builder jvmOptions(final List<String> options)
        {
            this.jvmOptions = List.copyOf(options);
            return this;
        }

        /** Flags after -c, -a and -p. */
        public Builder flags(final String... more)
        {
            this.flags = List.of(more);
            return this;
        }

        /** The client port (default: a free one). */
        public Builder port(final int clientPort)
        {
            this.port = clientPort;
            return this;
        }

        /** The server's directory (default: a new temporary one); its server.log is appended to, not replaced. */
        public Builder dir(final Path directory)
        {
            this.dir = directory;
            return this;
        }

        /** Leaves out -a and -p: host and port come from the config file ({@link #port} says where to wait). */
        public Builder addressFromConfig()
        {
            this.addressFlags = false;
            return this;
        }

        /** The address passed as -a and waited on (default 127.0.0.1). */
        public Builder host(final String address)
        {
            this.host = address;
            return this;
        }

        /** A command the server runs under, e.g. {@code ip netns exec NS}; it must exec the server (same pid). */
        public Builder prefix(final List<String> command)
        {
            this.prefix = List.copyOf(command);
            return this;
        }

        /** One more environment variable of the server process. */
        public Builder env(final String name, final String value)
        {
            env.put(name, value);
            return this;
        }

        /** The config file's name in the directory and the flag that names it (default server.conf and -c). */
        public Builder configFile(final String fileName, final String flag)
        {
            this.configName = fileName;
            this.configFlag = flag;
            return this;
        }

        /** Starts server.log afresh instead of appending to it. */
        public Builder freshLog()
        {
            this.truncateLog = true;
            return this;
        }

        /** Returns once the process runs, without waiting for INFO (to watch a start from its first moment). */
        public Builder noWait()
        {
            this.awaitInfo = false;
            return this;
        }

        public ServerProcess start() throws IOException
        {
            final int p = port != 0 ? port : FreePort.next();
            final Path d = dir != null ? dir : Files.createTempDirectory("srv-" + kind.name().toLowerCase(Locale.ROOT));
            Files.createDirectories(d);
            final Path conf = d.resolve(configName);
            Files.writeString(conf, config);
            final Path log = d.resolve("server.log");
            final List<String> server = new ArrayList<>(command(kind));
            if (kind == Kind.JNATSD)
            {
                server.addAll(1, jvmOptions);
            }
            final List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(server);
            cmd.addAll(List.of(configFlag, conf.toString()));
            if (addressFlags)
            {
                cmd.addAll(List.of("-a", host, "-p", Integer.toString(p)));
            }
            cmd.addAll(flags);
            final ProcessBuilder pb = new ProcessBuilder(cmd).directory(d.toFile()).redirectErrorStream(true)
                .redirectOutput(truncateLog ? ProcessBuilder.Redirect.to(log.toFile())
                    : ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            final ServerProcess sp = new ServerProcess(kind, pb.start(), host, p, d, log);
            if (awaitInfo && !sp.awaitInfo(START_TIMEOUT_MS))
            {
                final String out = sp.log();
                sp.close();
                throw new IOException(kind + " did not start: " + cmd + "\n" + out);
            }
            return sp;
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
                s.connect(new InetSocketAddress(host, port), 500);
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

    public String host()
    {
        return host;
    }

    public String url()
    {
        return "nats://" + host + ":" + port;
    }

    /** The server's own pid: the JVM or nats-server, started without a wrapper script. */
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

    public Path logFile()
    {
        return logFile;
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

    /** Sends a signal by name (HUP, USR2, INT...); asserts kill succeeded. */
    public void signal(final String name) throws IOException, InterruptedException
    {
        signal(process.pid(), name);
    }

    public boolean alive()
    {
        return process.isAlive();
    }

    /** Waits for the process to end; returns whether it did. */
    public boolean awaitExit(final long timeoutMs) throws InterruptedException
    {
        return process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Log lines that report an error ([ERR] or [FTL]), for "no error in the logs". */
    public List<String> errorLines()
    {
        final List<String> out = new ArrayList<>();
        for (final String line : log().split("\n"))
        {
            if (line.contains("[ERR]") || line.contains("[FTL]"))
            {
                out.add(line);
            }
        }
        return out;
    }

    /** SIGKILL, no shutdown. */
    public void kill9() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; SIGKILL after 10 s. */
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

    /** Thread.sleep that keeps the interrupt flag instead of throwing. */
    public static void sleep(final long ms)
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
