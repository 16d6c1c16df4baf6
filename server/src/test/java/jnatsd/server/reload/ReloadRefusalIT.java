package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.reloadOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnatsd.server.it.ServerProcess;
import jnatsd.server.reload.LimitsReloadSupport.Raw;
import org.junit.jupiter.api.Test;

/**
 * What a reload refuses, as nats-server 2.9.10 (texts checked with the binary): the first option it cannot change,
 * named by nats-server's Go field name, with nothing applied; the server keeps running and serving, and a good
 * reload afterwards still works.
 */
class ReloadRefusalIT
{
    @Test
    void portChangeShouldBeRefusedWhileTheServerKeepsServing() throws Exception
    {
        final int port = ServerProcess.freePort();
        final int other = ServerProcess.freePort();
        final Path dir = Files.createTempDirectory("jnatsd-refusal");
        final Path conf = dir.resolve("server.conf");
        final Path log = dir.resolve("server.log");
        final String base = "host: \"127.0.0.1\"\nport: " + port + "\n";
        Files.writeString(conf, base);
        // The port comes from the file here (ServerProcess passes -p, which a reload keeps over the file).
        final List<String> cmd = new ArrayList<>(ServerProcess.command(ServerProcess.Kind.JNATSD));
        cmd.addAll(List.of("-c", conf.toString()));
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        try
        {
            assertTrue(awaitFile(log, "Server is ready", 0), read(log));
            try (Raw existing = Raw.connected(port))
            {
                int from = read(log).length();
                Files.writeString(conf, "host: \"127.0.0.1\"\nport: " + other + "\n");
                hup(p.pid());
                assertTrue(awaitFile(log, "[ERR] Failed to reload server configuration: config reload not supported "
                    + "for Port: old=" + port + ", new=" + other, from), read(log));
                assertTrue(existing.alive(), "existing clients are kept");
                try (Raw fresh = Raw.connected(port))
                {
                    assertTrue(fresh.alive(), "still accepting on the old port");
                }
                assertTrue(p.isAlive());

                from = read(log).length();
                Files.writeString(conf, base + "debug: true\n");
                hup(p.pid());
                assertTrue(awaitFile(log, "[INF] Reloaded server configuration", from), read(log));
                assertTrue(read(log).substring(from).contains("[INF] Reloaded: debug = true"), read(log));
                assertTrue(existing.alive());
            }
        }
        finally
        {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void onlyTheFirstRefusedOptionShouldBeNamedAndNothingApplied() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("max_payload: 4096\n"))
        {
            final int http = ServerProcess.freePort();
            // nats-server checks options in its struct's order and stops at the first it cannot reload.
            String added = reloadOutcome(s, "max_payload: 2048\nmax_pending: 1000000\nhttp_port: " + http
                + "\nserver_name: \"srv\"\n");
            assertTrue(added.contains("[ERR] Failed to reload server configuration: config reload not supported for "
                + "ServerName: old=, new=srv\n"), added);
            assertFalse(added.contains("Reloaded"), "all or nothing: " + added);
            try (Raw fresh = new Raw(s.port()))
            {
                assertTrue(fresh.info.contains("\"max_payload\":4096,"), fresh.info);
            }

            added = reloadOutcome(s, "max_payload: 2048\nmax_pending: 1000000\nhttp_port: " + http + "\n");
            assertTrue(added.contains("config reload not supported for HTTPPort: old=0, new=" + http + "\n"), added);
            added = reloadOutcome(s, "max_payload: 2048\nmax_pending: 1000000\n");
            assertTrue(added.contains("config reload not supported for MaxPending: old=67108864, new=1000000\n"),
                added);
            added = reloadOutcome(s, "max_payload: 4096\nmax_subscriptions: 5\nmax_sub_tokens: 4\n");
            assertTrue(added.contains("config reload not supported for MaxSubs: old=0, new=5\n"), added);
            added = reloadOutcome(s, "max_payload: 4096\nlame_duck_duration: \"30s\"\n");
            assertTrue(added.contains("config reload not supported for LameDuckDuration: old=2m0s, new=30s\n"),
                added);

            added = reloadOutcome(s, "max_payload: 2048\n");
            assertTrue(added.contains("[INF] Reloaded: max_payload = 2048"), added);
            try (Raw fresh = new Raw(s.port()))
            {
                assertTrue(fresh.info.contains("\"max_payload\":2048,"), fresh.info);
            }
            assertTrue(s.process().isAlive());
        }
    }

    private static void hup(final long pid) throws Exception
    {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start().waitFor());
    }

    private static String read(final Path log)
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

    private static boolean awaitFile(final Path log, final String text, final int from) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end)
        {
            final String s = read(log);
            if (s.length() > from && s.substring(from).contains(text))
            {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
