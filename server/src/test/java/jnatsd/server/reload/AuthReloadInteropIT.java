package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.logLines;
import static jnatsd.server.reload.ReloadTestSupport.reload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The same authorization reload run against nats-server 2.9.10 and jnatsd (-Pinterop): what each open client
 * receives (-ERR lines, closes) and the log lines must be the same. Subscriptions removed by a reload are compared
 * as a set: nats-server walks them in map order.
 */
class AuthReloadInteropIT
{
    private static final String BEFORE = "authorization { users = [\n"
        + "{user: alice, password: a1}\n"
        + "{user: bob, password: b1, permissions: {publish: \">\", subscribe: \">\"}}\n"
        + "{user: carol, password: c1}\n] }\n";
    private static final String AFTER = "authorization { users = [\n"
        + "{user: alice, password: a2}\n"
        + "{user: bob, password: b1, permissions: {publish: \"foo\", subscribe: {allow: [\"foo\", \"baz.*\"]}}}\n"
        + "{user: dave, password: d1}\n] }\n";

    @Test
    void usersPasswordsAndPermissionsReloadAlike() throws Exception
    {
        assertEquals(usersScript(ServerProcess.Kind.NATS_SERVER), usersScript(ServerProcess.Kind.JNATSD));
    }

    @Test
    void tokenReloadAlike() throws Exception
    {
        assertEquals(tokenScript(ServerProcess.Kind.NATS_SERVER), tokenScript(ServerProcess.Kind.JNATSD));
    }

    private static List<String> usersScript(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ReloadTestSupport.start(kind, BEFORE))
        {
            final List<String> out = new ArrayList<>();
            final RawClient alice = RawClient.login(s, "\"user\":\"alice\",\"pass\":\"a1\"");
            final RawClient bob = RawClient.login(s, "\"user\":\"bob\",\"pass\":\"b1\"");
            bob.send("SUB foo 1\r\nSUB bar 2\r\nSUB baz.* 3\r\nSUB > 4\r\nSUB bar q 5\r\n");
            out.add("bob subscribed: " + bob.ping());
            final RawClient carol = RawClient.login(s, "\"user\":\"carol\",\"pass\":\"c1\"");

            reload(s, AFTER);

            out.add("alice: " + alice.untilClosed());
            out.add("carol: " + carol.untilClosed());
            out.add("bob after reload: " + sorted(bob.ping()));
            bob.send("PUB bar 1\r\nx\r\nPUB foo 1\r\ny\r\n");
            out.add("bob publishes: " + bob.ping());
            try (RawClient dave = RawClient.connect(s, "\"user\":\"dave\",\"pass\":\"d1\""))
            {
                out.add("dave: " + dave.ping());
            }
            try (RawClient oldAlice = RawClient.connect(s, "\"user\":\"alice\",\"pass\":\"a1\""))
            {
                out.add("alice again: " + oldAlice.untilClosed());
            }
            out.add("log: " + logOf(s));
            out.add("removed: " + sorted(logLines(s, "Removed sub")));
            // After the reload: the refused login and the refused publish, logged as nats-server logs them.
            s.awaitLog("Publish Violation", 5_000);
            final long end = System.currentTimeMillis() + 5_000;
            while (logLines(s, "authentication error").size() < 2 && System.currentTimeMillis() < end)
            {
                Thread.sleep(20);
            }
            out.add("violations: " + sorted(violations(s)));
            bob.close();
            return out;
        }
    }

    private static List<String> tokenScript(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ReloadTestSupport.start(kind, "authorization { token: t-one }\n"))
        {
            final List<String> out = new ArrayList<>();
            final RawClient old = RawClient.login(s, "\"auth_token\":\"t-one\"");
            reload(s, "authorization { token: t-two }\n");
            out.add("old: " + old.untilClosed());
            try (RawClient fresh = RawClient.connect(s, "\"auth_token\":\"t-two\""))
            {
                out.add("new token: " + fresh.ping());
            }
            out.add("log: " + logOf(s));
            return out;
        }
    }

    /**
     * The reload and authorization lines up to the end of the reload (in the order logged), without time, client
     * address and id; removed subscriptions are compared apart.
     */
    private static List<String> logOf(final ServerProcess s)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : logLines(s, ""))
        {
            if (line.contains("Reloaded") || line.contains("authentication error")
                || line.contains("Client connection closed: "))
            {
                out.add(line.replaceAll("127\\.0\\.0\\.1:\\d+ - cid:\\d+", "CLIENT"));
            }
            if (line.contains("Reloaded server configuration"))
            {
                break;
            }
        }
        return out;
    }

    private static List<String> violations(final ServerProcess s)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : logLines(s, ""))
        {
            if (line.contains("Violation - ") || line.contains("authentication error"))
            {
                out.add(line.replaceAll("127\\.0\\.0\\.1:\\d+ - cid:\\d+", "CLIENT"));
            }
        }
        return out;
    }

    private static List<String> sorted(final List<String> lines)
    {
        final List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }
}
