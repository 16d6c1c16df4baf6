package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import java.time.Duration;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;

/**
 * Operator mode: {@code system_account} names the system account by its public key, and a user whose JWT that
 * account issued sends the {@code $SYS.REQ} requests; a user of another account of the operator cannot. Runs
 * against nats-server too ({@code -Dit.server=nats-server}).
 */
class JwtSystemAccountIT extends AuthTestSupport
{
    private final NKey operator = NatsKeys.operator();
    private final NKey system = NatsKeys.account();
    private final NKey alpha = NatsKeys.account();
    private final NKey systemUser = NatsKeys.user();
    private final NKey alphaUser = NatsKeys.user();

    @Override
    protected String serverConfig()
    {
        return "operator: " + NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + NatsKeys.publicKey(system)
                + "\"") + "\n"
            + "system_account: " + NatsKeys.publicKey(system) + "\n"
            + "resolver: MEMORY\n"
            + "resolver_preload: {\n"
            + "  " + NatsKeys.publicKey(system) + ": " + NatsKeys.accountJwt(operator, system, 0, "") + "\n"
            + "  " + NatsKeys.publicKey(alpha) + ": " + NatsKeys.accountJwt(operator, alpha, 0, "") + "\n"
            + "}\n";
    }

    private Connection login(final NKey account, final NKey user) throws Exception
    {
        final String jwt = NatsKeys.userJwt(account, user, NatsKeys.now(), 0, "");
        return connect(options().authHandler(NatsKeys.handler(jwt, user)));
    }

    @Test
    void aUserOfTheSystemAccountShouldGetTheServersAnswers() throws Exception
    {
        final Connection sys = login(system, systemUser);
        final JsonNode ping = SystemAccountIT.request(sys, "$SYS.REQ.SERVER.PING", "");
        assertEquals(sys.getServerInfo().getServerId(), ping.get("server").get("id").asText());
        assertTrue(ping.get("statsz").has("connections"), ping.toString());
        final JsonNode accountz = SystemAccountIT.request(sys, "$SYS.REQ.SERVER.PING.ACCOUNTZ", "").get("data");
        assertEquals(NatsKeys.publicKey(system), accountz.get("system_account").asText());
        final JsonNode varz = SystemAccountIT.request(sys, "$SYS.REQ.SERVER.PING.VARZ", "").get("data");
        assertEquals(NatsKeys.publicKey(system), varz.get("system_account").asText());
    }

    @Test
    void aUserOfAnotherAccountShouldNotReachIt() throws Exception
    {
        final Connection a = login(alpha, alphaUser);
        final Subscription inbox = a.subscribe("outsider.inbox");
        flush(a);
        a.publish("$SYS.REQ.SERVER.PING", "outsider.inbox", new byte[0]);
        final Message m = inbox.nextMessage(Duration.ofSeconds(1));
        assertTrue(m == null || m.isStatusMessage(), "a user of another account got an answer");
    }
}
