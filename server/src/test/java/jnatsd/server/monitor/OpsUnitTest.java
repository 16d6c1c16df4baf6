package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnatsd.config.LoggingOptions;
import jnatsd.config.ServerOptions;
import jnatsd.server.ops.ConfigReload;
import jnatsd.server.ops.LameDuck;
import org.junit.jupiter.api.Test;

/** The bounded closed-connection ring and the Go-compatible helpers, without a server. */
class OpsUnitTest
{
    @Test
    void closedRingShouldKeepTheLastTenThousand()
    {
        final ClosedConnections ring = new ClosedConnections();
        for (int i = 1; i <= ClosedConnections.CAPACITY + 5; i++)
        {
            ring.add(new ConnSnapshot(i, "127.0.0.1", 1, 1, 1, 2, i % 2 == 0 ? "Client Closed" : "Stale Connection",
                0, 0, 0, 0, 0, 0, 0, "", "", "", "", "", "", List.of(), "$G"));
        }
        assertEquals(ClosedConnections.CAPACITY, ring.size());
        assertEquals(6, ring.list().get(0).cid(), "the oldest five are gone");
        assertEquals(ClosedConnections.CAPACITY + 5L,
            ring.reasons().values().stream().mapToLong(Long::longValue).sum(), "per-reason counts are not bounded");
    }

    @Test
    void subjectMatchingShouldFollowNatsWildcards()
    {
        assertEquals(true, SubjectMatch.matches("foo.x", "foo.>"));
        assertEquals(false, SubjectMatch.matches("foo", "foo.>"));
        assertEquals(true, SubjectMatch.matches("foo.x.y", "foo.*.y"));
        assertEquals(false, SubjectMatch.matches("foo.x", "foo.*.y"));
        assertEquals(true, SubjectMatch.matches("a", "a"));
        assertEquals(false, SubjectMatch.isValidLiteral("foo.*"));
        assertEquals(false, SubjectMatch.isValidLiteral("foo..bar"));
        assertEquals(true, SubjectMatch.isValidLiteral("foo.bar"));
    }

    @Test
    void baseAndHostShouldFollowNats()
    {
        assertEquals("/", MonitorHttpServer.normalizeBasePath(""));
        assertEquals("/mon", MonitorHttpServer.normalizeBasePath("mon/"));
        assertEquals("/a/b", MonitorHttpServer.normalizeBasePath("//a//b"));
        assertEquals("[::1]:8222", MonitorHttpServer.hostPort("::1", 8222));
    }

    @Test
    void reloadDiffShouldNameOptionsAsTheConfigFileDoes()
    {
        final ServerOptions a = ServerOptions.defaults();
        final LoggingOptions l = a.logging();
        final ServerOptions b = new ServerOptions(a.listen(), a.serverName(), a.limits(),
            new LoggingOptions(true, l.trace(), l.traceVerbose(), l.logtime(), l.logFile(), l.logSizeLimitBytes(),
                l.syslog(), l.remoteSyslog(), l.maxTracedMsgLen()),
            a.monitor(), a.auth(), a.tls(), a.cluster(), a.engine(), a.operations(), a.configFile());
        final var changes = ConfigReload.describeChanges(a, b);
        assertEquals(List.of("debug = true"), changes);
    }

    @Test
    void ldmInfoShouldAppendTheFlagToTheConnectInfo()
    {
        final byte[] info = "INFO {\"server_id\":\"N\",\"client_id\":3} \r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals("INFO {\"server_id\":\"N\",\"client_id\":3,\"ldm\":true} \r\n",
            new String(LameDuck.ldmInfo(info), StandardCharsets.US_ASCII));
    }
}
