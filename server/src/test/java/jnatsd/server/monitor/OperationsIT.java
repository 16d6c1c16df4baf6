package jnatsd.server.monitor;

import static jnatsd.server.monitor.MonitorTestSupport.get;
import static jnatsd.server.monitor.MonitorTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Signals and process-level operations against a real jnatsd process: SIGHUP reload (applied, refused, broken
 * file), SIGUSR1 log reopen, size-based log rotation, SIGUSR2 lame duck mode, SIGTERM, --signal, pid and ports
 * files.
 */
class OperationsIT
{
    @Test
    void hupShouldReloadLoggingLevelsAndLogEachChange() throws Exception
    {
        final int http = FreePort.next();
        try (ServerProcess s = ServerProcess.jnatsd("debug: false\n", "-m", Integer.toString(http)))
        {
            final String loadTime = json(http, "/varz").get("config_load_time").asText();
            try (RawClient c = RawClient.named(s.port(), "before"))
            {
                c.sync();
            }
            MonitorTestSupport.sleep(200);
            assertFalse(s.log().contains("[DBG]"), "no debug logging yet");

            Files.writeString(s.dir().resolve("server.conf"), "debug: true\nlogtime: false\n");
            signal(s, "HUP");
            assertTrue(s.awaitLog("Reloaded server configuration", 10_000), s.log());
            assertTrue(s.log().contains("[INF] Reloaded: debug = true"), s.log());
            assertTrue(s.log().contains("[INF] Reloaded: logtime = false"), s.log());
            try (RawClient c = RawClient.named(s.port(), "after"))
            {
                c.sync();
            }
            assertTrue(s.awaitLog("[DBG] 127.0.0.1:", 5_000), "debug lines after the reload: " + s.log());
            assertNotEquals(loadTime, json(http, "/varz").get("config_load_time").asText());
        }
    }

    /**
     * nohup leaves SIGHUP ignored and a script's background job SIGINT; the JVM would keep them ignored. The
     * launcher hands them back (nats-server handles both regardless), so reload and stop still work.
     */
    @Test
    void launcherUnderNohupStillReloadsOnHupAndStopsOnInt() throws Exception
    {
        final Path dir = Files.createTempDirectory("jnatsd-nohup");
        final Path conf = dir.resolve("server.conf");
        Files.writeString(conf, "debug: false\n");
        final Path out = dir.resolve("out.log");
        final Path launcher = Path.of("..", "jnatsd").toAbsolutePath().normalize();
        final Process p = new ProcessBuilder("nohup", launcher.toString(), "-c", conf.toString(), "-a", "127.0.0.1",
            "-p", Integer.toString(FreePort.next())).redirectErrorStream(true).redirectOutput(out.toFile())
            .start();
        try
        {
            // nohup, the launcher and env each exec the next: the process is the JVM.
            assertTrue(awaitFile(out, "Server is ready", 60_000), Files.readString(out));
            kill("HUP", p.pid());
            assertTrue(awaitFile(out, "Reloaded server configuration", 10_000), Files.readString(out));
            kill("INT", p.pid());
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), Files.readString(out));
            assertTrue(Files.readString(out).contains("Server Exiting.."), Files.readString(out));
        }
        finally
        {
            p.destroyForcibly();
        }
    }

    private static void kill(final String signal, final long pid) throws Exception
    {
        ServerProcess.signal(pid, signal);
    }

    @Test
    void hupShouldKeepTheRunningConfigWhenTheFileIsBrokenOrChangesWhatCannotChange() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("max_pending: 2000000\n"))
        {
            Files.writeString(s.dir().resolve("server.conf"), "max_pending: {\n");
            signal(s, "HUP");
            assertTrue(s.awaitLog("[ERR] Failed to reload server configuration: ", 10_000), s.log());

            Files.writeString(s.dir().resolve("server.conf"), "max_pending: 3000000\ndebug: true\n");
            signal(s, "HUP");
            assertTrue(s.awaitLog("config reload not supported for MaxPending: old=2000000, new=3000000", 10_000),
                s.log());
            assertFalse(s.log().contains("Reloaded: debug"), "all or nothing, as nats-server");

            try (RawClient c = RawClient.named(s.port(), "still-up"))
            {
                c.sync();
            }
            assertTrue(s.process().isAlive());
        }
    }

    @Test
    void usr1ShouldReopenTheLogFileAndSizeLimitShouldRotateIt() throws Exception
    {
        final Path dir = Files.createTempDirectory("jnatsd-log");
        final Path log = dir.resolve("jnatsd.log");
        final String conf = "log_file: \"" + log + "\"\nlogfile_size_limit: 3000\ndebug: true\n";
        try (ServerProcess s = ServerProcess.jnatsd(conf))
        {
            assertTrue(awaitFile(log, "Server is ready"), "logs to the file");
            final Path moved = dir.resolve("moved.log");
            Files.move(log, moved);
            signal(s, "USR1");
            assertTrue(awaitFile(log, "[INF] File log re-opened"), "a new file after USR1");

            for (int i = 0; i < 20; i++)
            {
                try (RawClient c = RawClient.named(s.port(), "rotate-" + i))
                {
                    c.send("SUB a.b 1\r\nPUB a.b 2\r\nhi\r\n").sync();
                }
            }
            final List<Path> backups = new ArrayList<>();
            for (int i = 0; i < 100 && backups.isEmpty(); i++)
            {
                MonitorTestSupport.sleep(50);
                try (Stream<Path> files = Files.list(dir))
                {
                    files.filter(p -> p.getFileName().toString()
                        .matches("jnatsd\\.log\\.\\d{4}\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d\\d\\.\\d{9}"))
                        .forEach(backups::add);
                }
            }
            assertFalse(backups.isEmpty(), "a rotated backup named <file>.yyyy.MM.dd.HH.mm.ss.nanos");
            assertTrue(awaitFile(log, "[INF] Rotated log, backup saved as \"" + dir), "the new file says where");
            assertTrue(Files.size(backups.get(0)) > 3000);
        }
    }

    @Test
    void usr2ShouldEnterLameDuckModeTellClientsAndCloseThem() throws Exception
    {
        final int http = FreePort.next();
        final String conf = "lame_duck_duration: \"30s\"\nlame_duck_grace_period: \"1s\"\n";
        try (ServerProcess s = ServerProcess.jnatsd(conf, "-m", Integer.toString(http));
            RawClient a = RawClient.named(s.port(), "a");
            RawClient b = RawClient.named(s.port(), "b"))
        {
            a.sync();
            b.sync();
            final long start = System.nanoTime();
            signal(s, "USR2");
            String info = a.line();
            while ("PING".equals(info))
            {
                info = a.line();
            }
            assertTrue(info != null && info.startsWith("INFO {") && info.endsWith(",\"ldm\":true} "), info);
            assertTrue(s.awaitLog("[INF] Entering lame duck mode, stop accepting new clients", 5_000));
            final HttpResponse<String> health = get(http, "/healthz");
            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"error\""), health.body());
            assertRefused(s.port());

            assertNull(drain(a), "closed by the server");
            assertNull(drain(b), "closed by the server");
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs >= 900, "not before the grace period: " + tookMs);
            assertTrue(s.process().waitFor(15, TimeUnit.SECONDS), "exits after the last client");
            assertEquals(0, s.process().exitValue());
            assertTrue(s.log().contains("[INF] Closing existing clients"), s.log());
            assertTrue(s.log().contains("Server Exiting.."), s.log());
        }
    }

    @Test
    void termShouldStopGracefullyAndRemoveThePortsFile() throws Exception
    {
        final int http = FreePort.next();
        final Path dir = Files.createTempDirectory("jnatsd-ports");
        final Path pidFile = dir.resolve("jnatsd.pid");
        try (ServerProcess s = ServerProcess.jnatsd("", "-m", Integer.toString(http), "--ports_file_dir",
            dir.toString(), "-P", pidFile.toString()))
        {
            final Path ports = dir.resolve("jnatsd_" + s.pid() + ".ports");
            assertTrue(awaitExists(ports), "ports file " + ports);
            assertEquals("{\"nats\":[\"nats://127.0.0.1:" + s.port() + "\"],\"monitoring\":[\"http://127.0.0.1:" + http
                + "\"]}", Files.readString(ports));
            assertEquals(Long.toString(s.pid()), Files.readString(pidFile));

            final ProcessResult reload = jnatsdCommand("--signal", "reload=" + pidFile);
            assertEquals(0, reload.exit(), reload.output());
            assertTrue(s.awaitLog("[INF] Reloaded server configuration", 10_000), s.log());

            final ProcessResult term = jnatsdCommand("--signal", "term=" + s.pid());
            assertEquals(0, term.exit(), term.output());
            assertTrue(s.process().waitFor(15, TimeUnit.SECONDS));
            assertTrue(s.log().contains("Server Exiting.."), s.log());
            assertFalse(Files.exists(ports), "ports file removed at exit");

            final ProcessResult dead = jnatsdCommand("--signal", "reload=" + s.pid());
            assertEquals(1, dead.exit());
            assertTrue(dead.output().contains("no such process"), dead.output());
        }
    }

    private static void assertRefused(final int port)
    {
        try (Socket ignored = new Socket("127.0.0.1", port))
        {
            throw new AssertionError("still accepting clients in lame duck mode");
        }
        catch (final ConnectException expected)
        {
            // the listener is closed
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** Reads until end of stream (the INFO first); null then. */
    private static String drain(final RawClient c) throws IOException
    {
        String line;
        while ((line = c.line()) != null)
        {
            assertTrue(line.startsWith("INFO ") || "PING".equals(line), line);
        }
        return null;
    }

    static void signal(final ServerProcess s, final String name) throws Exception
    {
        s.signal(name);
    }

    record ProcessResult(int exit, String output)
    {
    }

    static ProcessResult jnatsdCommand(final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(ServerProcess.command(ServerProcess.Kind.JNATSD));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new ProcessResult(p.exitValue(), out);
    }

    private static boolean awaitFile(final Path file, final String text) throws IOException
    {
        return awaitFile(file, text, 10_000);
    }

    private static boolean awaitFile(final Path file, final String text, final long timeoutMs) throws IOException
    {
        for (long i = 0; i < timeoutMs / 50; i++)
        {
            if (Files.exists(file) && Files.readString(file).contains(text))
            {
                return true;
            }
            MonitorTestSupport.sleep(50);
        }
        return false;
    }

    private static boolean awaitExists(final Path file)
    {
        for (int i = 0; i < 200 && !Files.exists(file); i++)
        {
            MonitorTestSupport.sleep(25);
        }
        return Files.exists(file);
    }
}
