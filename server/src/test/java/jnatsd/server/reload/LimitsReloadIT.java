package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.reloadOutcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP reload of client limits and trace against a real jnatsd process, each checked on connections that were
 * open before the reload, as nats-server 2.9.10 applies them (its behaviour checked with the binary).
 */
class LimitsReloadIT
{
    @Test
    void maxPayloadShouldReachNewClientsInfoAndExistingClients() throws Exception
    {
        final int http = FreePort.next();
        try (ServerProcess s = ServerProcess.jnatsd("max_payload: 4096\n", "-m", Integer.toString(http));
            RawClient existing = RawClient.connected(s.port()))
        {
            final String added = reloadOutcome(s, "max_payload: 2048\n");
            assertTrue(added.contains("[INF] Reloaded: max_payload = 2048"), added);
            assertTrue(added.contains("[INF] Reloaded server configuration"), added);
            final String varz = new String(new URL("http://127.0.0.1:" + http + "/varz").openStream()
                .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(varz.contains("\"max_payload\": 2048,"), varz);
            try (RawClient fresh = RawClient.open(s.port()))
            {
                assertTrue(fresh.info().contains("\"max_payload\":2048,"), fresh.info());
            }
            // 3000 bytes were fine before the reload; now the existing client is over the limit.
            existing.send("PUB big 3000\r\n" + "x".repeat(3000) + "\r\n");
            assertEquals("-ERR 'Maximum Payload Violation'", existing.line());
            assertTrue(existing.closedByServer());
        }
    }

    @Test
    void severalChangesShouldBeLoggedInNatsServersOrder() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd(""))
        {
            final String added = reloadOutcome(s, "write_deadline: \"2s\"\nmax_payload: 5000\nmax_control_line: 600\n"
                + "ping_max: 4\nping_interval: \"3s\"\nmax_connections: 10\nlogtime: false\ndebug: true\n"
                + "authorization { timeout: 1.5 }\n");
            // As nats-server 2.9.10 logged the same file (its Options struct order, not the file's).
            final List<String> expected = List.of("debug = true", "logtime = false", "max_connections = 10",
                "authorization users", "accounts",
                "ping_interval = 3s", "ping_max = 4", "authorization timeout = 1.5", "max_control_line = 600",
                "max_payload = 5000",
                "write_deadline = 2s");
            final List<String> logged = new ArrayList<>();
            for (final String line : added.split("\n"))
            {
                final int at = line.indexOf("[INF] Reloaded: ");
                if (at >= 0)
                {
                    logged.add(line.substring(at + "[INF] Reloaded: ".length()));
                }
            }
            assertEquals(expected, logged, added);
        }
    }

    @Test
    void maxControlLineShouldApplyToExistingClients() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("");
            RawClient existing = RawClient.connected(s.port()))
        {
            final String subject = "s." + "a".repeat(400);
            existing.send("SUB " + subject + " 1\r\n");
            assertTrue(existing.alive(), "a 400-byte line is within the default 4096");
            final String added = reloadOutcome(s, "max_control_line: 256\n");
            assertTrue(added.contains("[INF] Reloaded: max_control_line = 256"), added);
            existing.send("SUB " + subject + " 2\r\n");
            assertEquals("-ERR 'maximum control line exceeded'", existing.line());
            assertTrue(existing.closedByServer());
        }
    }

    @Test
    void loweredMaxConnectionsShouldCloseClientsBeyondItAndRefuseNewOnes() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("max_connections: 10\n"))
        {
            final List<RawClient> clients = new ArrayList<>();
            try
            {
                for (int i = 0; i < 4; i++)
                {
                    clients.add(RawClient.connected(s.port()));
                }
                final String added = reloadOutcome(s, "max_connections: 2\n");
                assertTrue(added.contains("[INF] Reloaded: max_connections = 2"), added);
                assertTrue(s.awaitLog("[INF] Closed 2 connections to fall within max_connections", 10_000), s.log());
                int closed = 0;
                int alive = 0;
                for (final RawClient c : clients)
                {
                    c.send("PING\r\n");
                    final String l = c.line();
                    if ("-ERR 'maximum connections exceeded'".equals(l))
                    {
                        assertTrue(c.closedByServer());
                        closed++;
                    }
                    else
                    {
                        assertEquals("PONG", l);
                        alive++;
                    }
                }
                assertEquals(2, closed);
                assertEquals(2, alive);
                // The limit holds for new clients too: INFO, then the -ERR, then EOF, as nats-server.
                try (RawClient extra = RawClient.open(s.port()))
                {
                    assertTrue(extra.info().startsWith("INFO "), extra.info());
                    assertEquals("-ERR 'maximum connections exceeded'", extra.line());
                    assertTrue(extra.closedByServer());
                }
            }
            finally
            {
                for (final RawClient c : clients)
                {
                    c.close();
                }
            }
        }
    }

    @Test
    void pingIntervalAndPingMaxShouldApplyToExistingClientsFromTheirNextPing() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("ping_interval: \"10m\"\nping_max: 5\n");
            RawClient existing = RawClient.connected(s.port()))
        {
            final String added = reloadOutcome(s, "ping_interval: \"1s\"\nping_max: 1\n");
            assertTrue(added.contains("[INF] Reloaded: ping_interval = 1s"), added);
            assertTrue(added.contains("[INF] Reloaded: ping_max = 1"), added);
            // The client never answers: its first PING (at most 2 s after connect), then, one new interval later,
            // the stale close that ping_max 1 means (under the old options it would take 50 minutes).
            final long start = System.nanoTime();
            assertEquals("PING", existing.line());
            assertEquals("-ERR 'Stale Connection'", existing.line());
            final long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 8_000, "stale after " + ms + " ms");
            assertTrue(existing.closedByServer());
        }
    }

    @Test
    void writeDeadlineShouldApplyToClientsConnectingAfterTheReload() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("write_deadline: \"60s\"\n");
            RawClient before = RawClient.connected(s.port(), 4096))
        {
            before.send("SUB stuck 1\r\n");
            assertTrue(before.alive());
            final String added = reloadOutcome(s, "write_deadline: \"1s\"\n");
            assertTrue(added.contains("[INF] Reloaded: write_deadline = 1s"), added);
            try (RawClient after = RawClient.connected(s.port(), 4096);
                RawClient pub = RawClient.connected(s.port()))
            {
                after.send("SUB stuck 1\r\n");
                assertTrue(after.alive());
                // Neither subscriber reads: 4 MB fills both sockets, far below max_pending (64 MB).
                final String payload = "p".repeat(2048);
                for (int i = 0; i < 2000; i++)
                {
                    pub.send("PUB stuck 2048\r\n" + payload + "\r\n");
                }
                assertTrue(pub.alive());
                // As nats-server, a client keeps the deadline in force when it connected: only the new one goes.
                // nats-server 2.9.10: "Slow Consumer Detected: WriteDeadline of 1s exceeded with 5 chunks of 326744
                // total bytes."
                assertTrue(s.awaitLog("cid:" + after.cid() + " - Slow Consumer Detected: WriteDeadline of 1s "
                    + "exceeded with ", 15_000), s.log());
                assertTrue(s.log().matches(
                    "(?s).*WriteDeadline of 1s exceeded with \\d+ chunks of \\d+ total bytes\\.\n.*"), s.log());
                Thread.sleep(2_000);
                assertFalse(s.log().contains("cid:" + before.cid() + " - Slow Consumer"), s.log());
            }
        }
    }

    @Test
    void traceShouldCoverConnectionsOpenBeforeTheReload() throws Exception
    {
        try (ServerProcess s = ServerProcess.jnatsd("");
            RawClient existing = RawClient.connected(s.port()))
        {
            existing.send("SUB before.reload 1\r\n");
            assertTrue(existing.alive());
            final String added = reloadOutcome(s, "trace: true\n");
            assertTrue(added.contains("[INF] Reloaded: trace = true"), added);
            existing.send("SUB after.reload 2\r\n");
            assertTrue(existing.alive());
            // nats-server 2.9.10's format, no quotes: [TRC] 127.0.0.1:42004 - cid:70 - <<- [SUB foo 1]
            assertTrue(s.awaitLog("[TRC] 127.0.0.1:" + existing.localPort() + " - cid:" + existing.cid()
                + " - <<- [SUB after.reload 2]\n", 10_000), s.log());
            assertFalse(s.log().contains("before.reload"), s.log());
            // The rest of nats-server's trace for that connection: payload, deliveries, replies, removals.
            final String prefix = "[TRC] 127.0.0.1:" + existing.localPort() + " - cid:" + existing.cid();
            existing.send("PUB after.reload 5\r\nhello\r\nUNSUB 2\r\n");
            assertTrue(existing.alive());
            assertTrue(s.awaitLog(prefix + " - <<- MSG_PAYLOAD: [\"hello\"]\n", 10_000), s.log());
            assertTrue(s.awaitLog(prefix + " - ->> [MSG after.reload 2 5]\n", 10_000), s.log());
            assertTrue(s.awaitLog(prefix + " - <-> [DELSUB 2]\n", 10_000), s.log());
            assertTrue(s.awaitLog(prefix + " - ->> [PONG]\n", 10_000), s.log());
            // max_traced_msg_len reloads too: payloads are cut, "..." inside the quotes.
            reloadOutcome(s, "trace: true\nmax_traced_msg_len: 3\n");
            existing.send("PUB cut 5\r\nhello\r\n");
            assertTrue(existing.alive());
            assertTrue(s.awaitLog(prefix + " - <<- MSG_PAYLOAD: [\"hel...\"]\n", 10_000), s.log());
        }
    }
}
