package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.logLines;
import static jnatsd.server.reload.ReloadTestSupport.reload;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Reloading nkey users, as nats-server 2.9.10 does (checked against the binary, and by NkeyReloadInteropIT): a client
 * whose nkey is gone is closed without -ERR ("Client Closed"); one that stays is checked again with the nonce it
 * signed and gets its new permissions; the reload logs "authorization nkey users" first.
 */
class NkeyReloadIT
{
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]*)\"");

    static final NKey ALICE = NatsKeys.user();
    static final NKey BOB = NatsKeys.user();
    static final String BEFORE = "authorization { users = [ { nkey: " + NatsKeys.publicKey(ALICE) + " }, { nkey: "
        + NatsKeys.publicKey(BOB) + " } ] }\n";
    static final String AFTER = "authorization { users = [ { nkey: " + NatsKeys.publicKey(BOB)
        + ", permissions: { subscribe: \"x\" } } ] }\n";

    @Test
    void shouldCloseRemovedNkeyUsersAndReapplyPermissions() throws Exception
    {
        assertEquals(List.of(
            "alice: []",
            "bob: [-ERR 'Permissions Violation for Subscription to \"y\" (sid \"1\")']",
            "bob still there: []",
            "reloaded: [[INF] Reloaded: authorization nkey users, [INF] Reloaded: authorization users, "
                + "[INF] Reloaded: accounts]",
            "alice again: [-ERR 'Authorization Violation']"),
            script(ServerProcess.Kind.JNATSD));
    }

    static List<String> script(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ReloadTestSupport.start(kind, BEFORE))
        {
            final List<String> out = new ArrayList<>();
            final RawClient alice = login(s, ALICE);
            final RawClient bob = login(s, BOB);
            bob.send("SUB y 1\r\n");
            assertEquals(List.of(), bob.ping());
            reload(s, AFTER);
            out.add("alice: " + alice.untilClosed());
            out.add("bob: " + bob.ping());
            out.add("bob still there: " + bob.ping());
            out.add("reloaded: " + logLines(s, "Reloaded: a"));
            try (RawClient again = RawClient.open(s.port(), 0, ReloadTestSupport.READ_TIMEOUT_MS))
            {
                again.sendConnect(fields(again.info(), ALICE));
                out.add("alice again: " + again.untilClosed());
            }
            bob.close();
            return out;
        }
    }

    private static RawClient login(final ServerProcess s, final NKey key) throws Exception
    {
        final RawClient raw = RawClient.open(s.port(), 0, ReloadTestSupport.READ_TIMEOUT_MS);
        raw.sendConnect(fields(raw.info(), key));
        assertEquals(List.of(), raw.ping(), "nkey login");
        return raw;
    }

    private static String fields(final String info, final NKey key)
    {
        final Matcher m = NONCE.matcher(info);
        final String nonce = m.find() ? m.group(1) : "";
        return "\"nkey\":\"" + NatsKeys.publicKey(key) + "\",\"sig\":\""
            + NatsKeys.sign(key, nonce.getBytes(StandardCharsets.US_ASCII)) + "\"";
    }
}
