package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.reloadOutcome;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
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
        final int port = FreePort.next();
        final int other = FreePort.next();
        final String base = "host: \"127.0.0.1\"\nport: " + port + "\n";
        // The port comes from the file here (-p would win over the file in a reload too).
        try (ServerProcess s = ServerProcess.builder(ServerProcess.Kind.JNATSD).config(base).port(port)
            .addressFromConfig().start())
        {
            final Path conf = s.dir().resolve("server.conf");
            final Path log = s.logFile();
            final Process p = s.process();
            assertTrue(awaitFile(log, "Server is ready", 0), read(log));
            try (RawClient existing = RawClient.connected(port))
            {
                int from = read(log).length();
                Files.writeString(conf, "host: \"127.0.0.1\"\nport: " + other + "\n");
                s.signal("HUP");
                assertTrue(awaitFile(log, "[ERR] Failed to reload server configuration: config reload not supported "
                    + "for Port: old=" + port + ", new=" + other, from), read(log));
                assertTrue(existing.alive(), "existing clients are kept");
                try (RawClient fresh = RawClient.connected(port))
                {
                    assertTrue(fresh.alive(), "still accepting on the old port");
                }
                assertTrue(p.isAlive());

                from = read(log).length();
                Files.writeString(conf, base + "debug: true\n");
                s.signal("HUP");
                assertTrue(awaitFile(log, "[INF] Reloaded server configuration", from), read(log));
                assertTrue(read(log).substring(from).contains("[INF] Reloaded: debug = true"), read(log));
                assertTrue(existing.alive());
            }
        }
    }

    @Test
    void onlyTheFirstRefusedOptionShouldBeNamedAndNothingApplied() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("max_payload: 4096\n"))
        {
            final int http = FreePort.next();
            // nats-server checks options in its struct's order and stops at the first it cannot reload.
            String added = reloadOutcome(s, "max_payload: 2048\nmax_pending: 1000000\nhttp_port: " + http
                + "\nserver_name: \"srv\"\n");
            assertTrue(added.contains("[ERR] Failed to reload server configuration: config reload not supported for "
                + "ServerName: old=, new=srv\n"), added);
            assertFalse(added.contains("Reloaded"), "all or nothing: " + added);
            try (RawClient fresh = RawClient.open(s.port()))
            {
                assertTrue(fresh.info().contains("\"max_payload\":4096,"), fresh.info());
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
            try (RawClient fresh = RawClient.open(s.port()))
            {
                assertTrue(fresh.info().contains("\"max_payload\":2048,"), fresh.info());
            }
            assertTrue(s.process().isAlive());
        }
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
