package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/**
 * A connected client whose user JWT, or whose account's JWT, expires is told so and closed, as nats-server's
 * expiration timers do: {@code -ERR 'User Authentication Expired'} or {@code -ERR 'Account Authentication
 * Expired'}. Clients of other accounts stay.
 */
class JwtExpiryIT extends AuthTestSupport
{
    /**
     * The short-lived account expires this long after the config is written (a loaded machine may take several
     * seconds to start the server).
     */
    private static final long ACCOUNT_LIFETIME_S = 10;

    private final NKey operator = NatsKeys.operator();
    private final NKey account = NatsKeys.account();
    private final NKey shortLived = NatsKeys.account();
    private final NKey user = NatsKeys.user();
    private final long startedAt = NatsKeys.now();

    @Override
    protected String serverConfig()
    {
        return "debug: true\n"
            + "operator: " + NatsKeys.operatorJwt(operator, "") + "\n"
            + "resolver: MEMORY\n"
            + "resolver_preload: {\n"
            + "  " + NatsKeys.publicKey(account) + ": " + NatsKeys.accountJwt(operator, account, 0, "") + "\n"
            + "  " + NatsKeys.publicKey(shortLived) + ": "
            + NatsKeys.accountJwt(operator, shortLived, startedAt + ACCOUNT_LIFETIME_S, "") + "\n"
            + "}\n";
    }

    @Test
    void shouldCloseClientsWhoseUserOrAccountJwtExpires() throws Exception
    {
        final long now = NatsKeys.now();
        try (RawClient staying = WireLogin.login(server, user, user, NatsKeys.userJwt(account, user, now, 0, ""));
            RawClient userExpiring = WireLogin.login(server, user, user,
                NatsKeys.userJwt(account, user, now, now + 2, ""));
            RawClient accountExpiring = WireLogin.login(server, user, user,
                NatsKeys.userJwt(shortLived, user, now, 0, ""), (int)(ACCOUNT_LIFETIME_S + 5) * 1000))
        {
            assertEquals(List.of("-ERR 'User Authentication Expired'"), userExpiring.untilClosed());
            assertEquals(List.of("-ERR 'Account Authentication Expired'"), accountExpiring.untilClosed());
            assertTrue(NatsKeys.now() - startedAt >= ACCOUNT_LIFETIME_S - 1, "closed at the account's expiry");
            assertEquals(List.of(), staying.ping(), "a client of another account stays");
        }
        assertTrue(server.awaitLog("Client connection closed: Authentication Expired", 5_000), server.log());
    }
}
