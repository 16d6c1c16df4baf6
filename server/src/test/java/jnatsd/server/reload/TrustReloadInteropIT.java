package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.logLines;
import static jnatsd.server.reload.ReloadTestSupport.reload;
import static jnatsd.server.reload.ReloadTestSupport.reloadOutcome;
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
 * Operator mode under reload, against nats-server 2.9.10 and jnatsd (-Pinterop): new preloads apply (a user the
 * account now revokes is refused and, if connected, closed with an Authorization Violation), and another operator
 * is refused with nats-server's text.
 */
class TrustReloadInteropIT
{
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]*)\"");
    private static final NKey OPERATOR = NatsKeys.operator();
    private static final NKey OTHER = NatsKeys.operator();
    private static final NKey ACCOUNT = NatsKeys.account();
    private static final NKey ALICE = NatsKeys.user();
    private static final NKey BOB = NatsKeys.user();
    private static final long NOW = NatsKeys.now();
    private static final String OPERATOR_JWT = NatsKeys.operatorJwt(OPERATOR, "");
    private static final String ALICE_JWT = NatsKeys.userJwt(ACCOUNT, ALICE, NOW - 5, 0, "");
    private static final String BOB_JWT = NatsKeys.userJwt(ACCOUNT, BOB, NOW - 5, 0, "");
    private static final String BEFORE = config(OPERATOR_JWT, NatsKeys.accountJwt(OPERATOR, ACCOUNT, 0, ""));
    private static final String REVOKING = config(OPERATOR_JWT, NatsKeys.accountJwt(OPERATOR, ACCOUNT, 0,
        ",\"revocations\":{\"" + NatsKeys.publicKey(ALICE) + "\":" + NOW + "}"));
    private static final String OTHER_OPERATOR = config(NatsKeys.operatorJwt(OTHER, ""),
        NatsKeys.accountJwt(OTHER, ACCOUNT, 0, ""));

    private static String config(final String operatorJwt, final String accountJwt)
    {
        return "operator: " + operatorJwt + "\nresolver: MEMORY\nresolver_preload: { " + NatsKeys.publicKey(ACCOUNT)
            + ": " + accountJwt + " }\n";
    }

    @Test
    void operatorModeReloadsAlike() throws Exception
    {
        assertEquals(script(ServerProcess.Kind.NATS_SERVER), script(ServerProcess.Kind.JNATSD));
    }

    static List<String> script(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ReloadTestSupport.start(kind, BEFORE))
        {
            final List<String> out = new ArrayList<>();
            final RawClient alice = login(s, ALICE, ALICE_JWT);
            final RawClient bob = login(s, BOB, BOB_JWT);
            reload(s, REVOKING);
            out.add("alice: " + alice.untilClosed());
            out.add("bob: " + bob.ping());
            try (RawClient again = open(s, ALICE, ALICE_JWT))
            {
                out.add("alice again: " + again.untilClosed());
            }
            final String refused = reloadOutcome(s, OTHER_OPERATOR);
            out.add("other operator: " + refused.substring(refused.indexOf("Failed to reload")).trim());
            out.add("bob after: " + bob.ping());
            out.add("errors: " + logLines(s, "authentication error").size());
            out.add("reloaded: " + logLines(s, "Reloaded: a"));
            bob.close();
            return out;
        }
    }

    private static RawClient login(final ServerProcess s, final NKey key, final String jwt) throws Exception
    {
        final RawClient raw = open(s, key, jwt);
        assertEquals(List.of(), raw.ping(), "JWT login");
        return raw;
    }

    /** CONNECT with the JWT and the nonce's signature, but no nkey field (as nats.go sends it). */
    private static RawClient open(final ServerProcess s, final NKey key, final String jwt) throws Exception
    {
        final RawClient raw = RawClient.open(s.port(), 0, ReloadTestSupport.READ_TIMEOUT_MS);
        final Matcher m = NONCE.matcher(raw.info());
        final String nonce = m.find() ? m.group(1) : "";
        raw.sendConnect("\"jwt\":\"" + jwt + "\",\"sig\":\""
            + NatsKeys.sign(key, nonce.getBytes(StandardCharsets.US_ASCII)) + "\"");
        return raw;
    }
}
