package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;

/**
 * Operator mode meets accounts: each user is in the account that issued its JWT, named by the account's public
 * key, so two preloaded accounts are two subject spaces; a stream exported in one account's JWT and imported in the
 * other's crosses, and nothing else does. Runs against nats-server too ({@code -Dit.server=nats-server}).
 */
class JwtAccountsIT extends AuthTestSupport
{
    private final NKey operator = NatsKeys.operator();
    private final NKey system = NatsKeys.account();
    private final NKey alpha = NatsKeys.account();
    private final NKey beta = NatsKeys.account();
    private final NKey alphaUser = NatsKeys.user();
    private final NKey betaUser = NatsKeys.user();

    @Override
    protected String serverConfig()
    {
        // alpha exports the stream news.>, beta imports it; everything else stays in its own account.
        final String alphaJwt = NatsKeys.accountJwt(operator, alpha, 0,
            ",\"exports\":[{\"name\":\"news\",\"subject\":\"news.>\",\"type\":\"stream\"}]");
        final String betaJwt = NatsKeys.accountJwt(operator, beta, 0,
            ",\"imports\":[{\"name\":\"news\",\"subject\":\"news.>\",\"account\":\"" + NatsKeys.publicKey(alpha)
                + "\",\"type\":\"stream\"}]");
        return "operator: " + NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + NatsKeys.publicKey(system)
                + "\"") + "\n"
            + "system_account: " + NatsKeys.publicKey(system) + "\n"
            + "resolver: MEMORY\n"
            + "resolver_preload: {\n"
            + "  " + NatsKeys.publicKey(system) + ": " + NatsKeys.accountJwt(operator, system, 0, "") + "\n"
            + "  " + NatsKeys.publicKey(alpha) + ": " + alphaJwt + "\n"
            + "  " + NatsKeys.publicKey(beta) + ": " + betaJwt + "\n"
            + "}\n";
    }

    private Connection login(final NKey account, final NKey user) throws Exception
    {
        final String jwt = NatsKeys.userJwt(account, user, NatsKeys.now(), 0, "");
        return connect(options().authHandler(NatsKeys.handler(jwt, user)));
    }

    @Test
    void accountsOfTheOperatorShouldBeSeparateSubjectSpaces() throws Exception
    {
        final Connection a = login(alpha, alphaUser);
        final Connection b = login(beta, betaUser);
        final Subscription inA = a.subscribe("iso.>");
        final Subscription inB = b.subscribe("iso.>");
        barrier(a, b);

        a.publish("iso.x", bytes("from alpha"));
        b.publish("iso.x", bytes("from beta"));
        barrier(a, b);
        barrier(b, a);

        assertEquals(List.of("from alpha"), drain(inA), "alpha sees only its own account's message");
        assertEquals(List.of("from beta"), drain(inB), "beta sees only its own account's message");
    }

    @Test
    void aStreamExportedByOneAccountJwtShouldReachTheImporterOnly() throws Exception
    {
        final Connection a = login(alpha, alphaUser);
        final Connection b = login(beta, betaUser);
        final Subscription newsInB = b.subscribe("news.>");
        final Subscription newsInA = a.subscribe("news.>");
        barrier(a, b);

        a.publish("news.today", bytes("exported"));
        barrier(a, b);
        assertEquals("exported", text(nextMessage(newsInB, "alpha's exported stream in beta")));
        assertEquals("exported", text(nextMessage(newsInA, "alpha's own subscriber")));

        // beta's own news.> publish stays in beta: the import goes one way.
        b.publish("news.local", bytes("beta only"));
        barrier(b, a);
        assertEquals("beta only", text(nextMessage(newsInB, "beta's own message")));
        assertEquals(List.of(), drain(newsInA), "nothing flows back to the exporter");
    }
}
