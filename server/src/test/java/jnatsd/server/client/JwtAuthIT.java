package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import io.nats.client.support.JwtUtils;
import java.time.Duration;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/**
 * JWT operator mode: an operator → account → user chain made in the test. Users with a valid JWT signed by a
 * preloaded account (or its signing key) get in with their JWT's permissions; expired, revoked, untrusted and
 * malformed ones get nats-server's -ERR and "authentication error" line, and nobody else is disturbed.
 */
class JwtAuthIT extends AuthTestSupport
{
    private final NKey operator = NatsKeys.operator();
    private final NKey account = NatsKeys.account();
    private final NKey signingKey = NatsKeys.account();
    private final NKey system = NatsKeys.account();
    private final NKey otherOperator = NatsKeys.operator();
    private final NKey untrustedAccount = NatsKeys.account();
    private final NKey user = NatsKeys.user();
    private final NKey revoked = NatsKeys.user();
    private final long startedAt = NatsKeys.now();

    @Override
    protected String serverConfig()
    {
        final String accountJwt = NatsKeys.accountJwt(operator, account, 0,
            ",\"signing_keys\":[\"" + NatsKeys.publicKey(signingKey) + "\"],\"revocations\":{\""
                + NatsKeys.publicKey(revoked) + "\":" + startedAt + "}");
        return "debug: true\n"
            + "operator: " + NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + NatsKeys.publicKey(system)
                + "\"") + "\n"
            + "system_account: " + NatsKeys.publicKey(system) + "\n"
            + "resolver: MEMORY\n"
            + "resolver_preload: {\n"
            + "  " + NatsKeys.publicKey(account) + ": " + accountJwt + "\n"
            + "  " + NatsKeys.publicKey(system) + ": " + NatsKeys.accountJwt(operator, system, 0, "") + "\n"
            + "  " + NatsKeys.publicKey(untrustedAccount) + ": "
            + NatsKeys.accountJwt(otherOperator, untrustedAccount, 0, "") + "\n"
            + "}\n";
    }

    private String userJwt(final String natsFields)
    {
        return NatsKeys.userJwt(account, user, NatsKeys.now(), 0, natsFields);
    }

    @Test
    void infoShouldCarryANonceAndRequireAuth() throws Exception
    {
        try (RawClient raw = RawClient.open(server.port()))
        {
            assertTrue(WireLogin.nonce(raw.info()) != null, raw.info());
            assertTrue(raw.info().contains("\"auth_required\":true"), raw.info());
        }
        assertTrue(server.log().contains("Trusted Operators"), server.log());
    }

    @Test
    void shouldLetInAUserJnatsIssuedWithStaticCredentials() throws Exception
    {
        final String jwt = JwtUtils.issueUserJWT(account, NatsKeys.publicKey(account), NatsKeys.publicKey(user),
            "jnats-user", Duration.ofHours(1));
        assertAccepted(options().authHandler(Nats.staticCredentials(jwt.toCharArray(), user.getSeed())));
        assertTrue(server.awaitLog("Authenticated JWT: Client \"" + NatsKeys.publicKey(user) + "\"", 5_000));
    }

    @Test
    void shouldApplyTheJwtsPermissions() throws Exception
    {
        final ErrorRecorder errors = new ErrorRecorder();
        final Connection limited = connect(options(errors).authHandler(NatsKeys.handler(userJwt(
            ",\"pub\":{\"allow\":[\"jwt.ok.>\"]},\"sub\":{\"deny\":[\"jwt.hidden\"]}"), user)));
        final Connection free = connect(options().authHandler(NatsKeys.handler(userJwt(""), user)));
        final Subscription all = free.subscribe("jwt.>");
        flush(free);
        limited.publish("jwt.ok.1", bytes("allowed"));
        limited.publish("jwt.no", bytes("denied"));
        errors.awaitError("Permissions Violation for Publish to \"jwt.no\"");
        limited.subscribe("jwt.hidden");
        errors.awaitError("Permissions Violation for Subscription to \"jwt.hidden\"");
        barrier(limited, free);
        assertEquals(List.of("allowed"), drain(all));
        assertEquals(Connection.Status.CONNECTED, limited.getStatus());
    }

    @Test
    void shouldLetInAUserSignedByTheAccountsSigningKey() throws Exception
    {
        final String jwt = NatsKeys.jwt(signingKey, NatsKeys.publicKey(user), "sk-user", NatsKeys.now(), 0, "user",
            NatsKeys.UNLIMITED_USER + ",\"issuer_account\":\"" + NatsKeys.publicKey(account) + "\"");
        WireLogin.login(server, user, user, jwt).close();
    }

    @Test
    void shouldRefuseBadUsersWithNatsServersAnswerAndDisturbNobody() throws Exception
    {
        final Connection bystander = connect(options().authHandler(NatsKeys.handler(userJwt(""), user)));
        final Subscription s = bystander.subscribe("jwt.bystander");
        flush(bystander);
        final long now = NatsKeys.now();

        final String expired = NatsKeys.userJwt(account, user, now - 100, now - 10, "");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, user, expired), "expired user JWT");
        assertTrue(server.awaitLog("User JWT no longer valid", 5_000), server.log());
        assertRejected(options().authHandler(NatsKeys.handler(expired, user)));

        final String old = NatsKeys.userJwt(account, revoked, startedAt - 5, 0, "");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, revoked, revoked, old), "revoked user");
        assertTrue(server.awaitLog("User authentication revoked", 5_000));
        final String reissued = NatsKeys.userJwt(account, revoked, startedAt + 1, 0, "");
        WireLogin.login(server, revoked, revoked, reissued).close();

        final NKey unknownAccount = NatsKeys.account();
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, user,
            NatsKeys.userJwt(unknownAccount, user, now, 0, "")), "signed by an account the resolver lacks");
        assertTrue(server.awaitLog("Account JWT lookup error", 5_000));
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, user,
            NatsKeys.userJwt(untrustedAccount, user, now, 0, "")), "account signed by an untrusted operator");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, user,
            NatsKeys.userJwt(operator, user, now, 0, "")), "user JWT signed by the operator, not an account");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, user, "eyJhbGciOi.bad.jwt"), "malformed");
        assertTrue(server.awaitLog("User JWT not valid", 5_000));
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, revoked, userJwt("")), "wrong signature");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, user, null, userJwt("")), "no signature");
        assertRejectedOnWire("\"user\":\"a\",\"pass\":\"b\"");
        assertTrue(server.awaitLog("Authentication requires a user JWT", 5_000));
        assertTrue(server.log().contains("[ERR] 127.0.0.1:") && server.log().contains(" - authentication error\n"),
            "operator mode logs the plain authentication error line");

        bystander.publish("jwt.bystander", bytes("still here"));
        assertEquals("still here", text(nextMessage(s, "the bystander's own message")));
        assertFalse(server.log().contains(new String(user.getSeed())), "no seed is ever logged");
    }
}
