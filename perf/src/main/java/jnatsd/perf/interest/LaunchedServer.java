package jnatsd.perf.interest;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
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
 * A server started from a command line (nats-server's flags: {@code -a 127.0.0.1 -p PORT} are appended) on a free
 * loopback port. Its pid is the launched process's, so a wrapper script must {@code exec} the server.
 */
public final class LaunchedServer implements AutoCloseable
{
    private final String command;
    private final Process process;
    private final int port;
    private final Path log;

    private LaunchedServer(final String command, final Process process, final int port, final Path log)
    {
        this.command = command;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code command} (split on blanks) and waits until it sends INFO. */
    public static LaunchedServer start(final String command, final Path log) throws IOException, InterruptedException
    {
        final int port = freePort();
        final List<String> cmd = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        cmd.addAll(List.of("-a", "127.0.0.1", "-p", Integer.toString(port)));
        final Process process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final LaunchedServer server = new LaunchedServer(command, process, port, log);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.sendsInfo())
        {
            if (!process.isAlive() || System.nanoTime() - deadlineNs > 0)
            {
                server.close();
                throw new IOException("'" + command + "' did not start on port " + port + ": " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return server;
    }

    public String command()
    {
        return command;
    }

    public long pid()
    {
        return process.pid();
    }

    public String url()
    {
        return "nats://127.0.0.1:" + port;
    }

    public Path log()
    {
        return log;
    }

    /** SIGTERM, then SIGKILL after 10 s; an interrupt while waiting kills at once and keeps the interrupt flag. */
    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean sendsInfo()
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            final InputStream in = socket.getInputStream();
            final byte[] head = new byte[4];
            int n = 0;
            while (n < head.length)
            {
                final int r = in.read(head, n, head.length - n);
                if (r < 0)
                {
                    return false;
                }
                n += r;
            }
            return "INFO".equals(new String(head, StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
