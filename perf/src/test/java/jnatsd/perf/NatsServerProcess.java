package jnatsd.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts jnatsd (the packaged server jar, built earlier in the reactor) on a free loopback port; closing kills it. */
final class NatsServerProcess implements AutoCloseable
{
    private final Process process;
    private final int port;

    private NatsServerProcess(final Process process, final int port)
    {
        this.process = process;
        this.port = port;
    }

    static NatsServerProcess start(final Path logFile) throws IOException, InterruptedException
    {
        final Path jar = Path.of(System.getProperty("jnatsd.jar", "../server/target/jnatsd.jar"));
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException(jar + " is missing: build the server first (mvn -B verify builds it "
                + "before this module)");
        }
        final int port = freePort();
        final List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Dchronicle.analytics.disable=true");
        cmd.addAll(List.of("-jar", jar.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)));
        final Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(logFile.toFile()).start();
        final NatsServerProcess server = new NatsServerProcess(process, port);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!server.accepts())
        {
            if (!process.isAlive() || System.nanoTime() - deadlineNs > 0)
            {
                server.close();
                throw new IllegalStateException("jnatsd did not start on port " + port + ": "
                    + Files.readString(logFile));
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** The server's process id (the JVM itself: it is started without a wrapper script). */
    long pid()
    {
        return process.pid();
    }

    String url()
    {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
        }
    }

    private boolean accepts()
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
