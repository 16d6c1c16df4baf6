package jnatsd.config.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import io.nats.client.support.JsonSerializable;
import io.nats.client.support.JwtUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import jnatsd.config.AccountOptions;
import jnatsd.config.Permissions;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;

class JwtTest
{
    /** nats-io/nkeys' creds test JWT (creds_utils_test.go): well formed, but its signature is not the issuer's. */
    private static final String NKEYS_TEST_JWT = "eyJ0eXAiOiJqd3QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJHVDRO"
        + "VU5NRUY3Wk1XQ1JCWFZWVURLUVQ2WllQWjc3VzRKUlFYRDNMMjRIS1VKRUNRSDdRIiwiaWF0IjoxNTkwNzgxNTkzLCJpc3MiOiJBQURXTF"
        + "RISUNWNFNVQUdGNkVLTlZFVzVCQlA3WVJESUJHV0dHSFo1SkJET1FZQTdHVUZNNkFRVSIsIm5hbWUiOiJPUEVSQVRPUiIsInN1YiI6IlVE"
        + "RTZXVEdMVFRQQ1JKUkpDS0JKUkdWTlpUTElWUjdMRUVFTFI0Q1lXV1dCS0pTN1hZSUtYRFVVIiwibmF0cyI6eyJwdWIiOnt9LCJzdWIiOnt"
        + "9LCJ0eXBlIjoidXNlciIsInZlcnNpb24iOjJ9fQ.c_XQT04wEoVVNDRjPHeKwe17BOrSpQTcftwIbB7KoNEIz6peZCJDc4-J3emVepHofU"
        + "OWy7IAo9TlLwYhuGHWAQ";

    private final NKey operator = NatsKeys.operator();
    private final NKey account = NatsKeys.account();
    private final NKey user = NatsKeys.user();

    @Test
    void shouldRefuseAJwtWhoseSignatureIsNotTheIssuers()
    {
        final Jwt.JwtException ex = assertThrows(Jwt.JwtException.class, () -> Jwt.decodeUser(NKEYS_TEST_JWT));
        assertEquals("claim failed V2 signature verification", ex.getMessage());
    }

    @Test
    void shouldDecodeAnOperatorAccountUserChain() throws Exception
    {
        final String opPub = NatsKeys.publicKey(operator);
        final String accPub = NatsKeys.publicKey(account);
        final String userPub = NatsKeys.publicKey(user);
        final OperatorClaims op = Jwt.decodeOperator(NatsKeys.operatorJwt(operator,
            ",\"system_account\":\"" + accPub + "\""));
        assertEquals(opPub, op.claims().subject());
        assertEquals(accPub, op.systemAccount());
        assertEquals(List.of(opPub), op.trustedKeys());

        final AccountClaims acc = Jwt.decodeAccount(NatsKeys.accountJwt(operator, account, 0,
            ",\"exports\":[{\"name\":\"s\",\"subject\":\"svc.>\",\"type\":\"service\"},"
                + "{\"subject\":\"events.*\",\"type\":\"stream\"}],"
                + "\"imports\":[{\"account\":\"" + accPub + "\",\"subject\":\"x\",\"local_subject\":\"y\","
                + "\"type\":\"stream\"}],\"revocations\":{\"" + userPub + "\":100}"));
        assertEquals(opPub, acc.claims().issuer());
        assertTrue(acc.hasIssuer(accPub, false), "an account signs its own users");
        assertFalse(acc.hasIssuer(accPub, true), "unless its operator demands signing keys");
        assertTrue(acc.revoked(userPub, 100), "issued at the revocation time");
        assertFalse(acc.revoked(userPub, 101), "issued after it");
        assertEquals(new AccountOptions(accPub,
            List.of(new AccountOptions.ExportOptions("svc.>", true, List.of()),
                new AccountOptions.ExportOptions("events.*", false, List.of())),
            List.of(new AccountOptions.ImportOptions(accPub, "x", "y", false))), acc.toAccountOptions());

        final UserClaims u = Jwt.decodeUser(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ",\"pub\":{\"allow\":[\"a.>\"],\"deny\":[\"a.b\"]},\"sub\":{\"allow\":[\"c\"]},"
                + "\"resp\":{\"max\":2,\"ttl\":5000000000}"));
        assertEquals(userPub, u.claims().subject());
        assertEquals(accPub, u.account());
        assertEquals(List.of("a.>"), u.permissions().publish().allow());
        assertEquals(List.of("a.b"), u.permissions().publish().deny());
        assertEquals(List.of("c"), u.permissions().subscribe().allow());
        assertEquals(2, u.permissions().responsesMax());
        assertEquals(5_000_000_000L, u.permissions().responsesTtlNs());
        assertEquals(List.of(), u.issues(NatsKeys.now()));
    }

    @Test
    void shouldReadUserJwtsJnatsIssues() throws Exception
    {
        final String token = JwtUtils.issueUserJWT(account, NatsKeys.publicKey(account), NatsKeys.publicKey(user),
            "jnats-user", Duration.ofHours(1));
        final UserClaims u = Jwt.decodeUser(token);
        assertEquals(NatsKeys.publicKey(user), u.claims().subject());
        assertEquals("jnats-user", u.claims().name());
        assertNull(u.permissions(), "no permissions set: the account's defaults apply");
        assertTrue(u.claims().expires() > NatsKeys.now());
        assertEquals(List.of(), u.issues(NatsKeys.now()));
    }

    @Test
    void shouldReportExpiredAndNotYetValidClaims() throws Exception
    {
        final long now = NatsKeys.now();
        final UserClaims expired = Jwt.decodeUser(NatsKeys.userJwt(account, user, now - 100, now - 10, ""));
        assertEquals(List.of("claim is expired"), expired.issues(now));
        assertEquals(List.of(), expired.issues(now - 20), "valid before its exp");
    }

    @Test
    void shouldRefuseMalformedAndMisissuedJwts() throws Exception
    {
        assertEquals("expected 3 chunks", message("abc.def"));
        assertEquals("expected 3 chunks", message(""));
        final String good = NatsKeys.userJwt(account, user, NatsKeys.now(), 0, "");
        final String[] parts = good.split("\\.");
        assertTrue(message(parts[0] + ".!!!." + parts[2]).startsWith("illegal base64 data at input byte"));
        final String otherBody = Base64.getUrlEncoder().withoutPadding().encodeToString(
            new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"U\"", "\"V\"")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("claim failed V2 signature verification", message(parts[0] + "." + otherBody + "." + parts[2]));
        final String badHeader = Base64.getUrlEncoder().withoutPadding().encodeToString(
            "{\"typ\":\"XYZ\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("not supported type \"XYZ\"", message(badHeader + "." + parts[1] + "." + parts[2]));
        // A user JWT signed by an operator instead of an account.
        assertEquals("unable to validate expected prefixes - [account]",
            message(NatsKeys.userJwt(operator, user, NatsKeys.now(), 0, "")));
        // An account JWT where a user JWT is expected.
        assertEquals("not user claim", message(NatsKeys.accountJwt(operator, account, 0, "")));
    }

    private static String message(final String token)
    {
        return assertThrows(Jwt.JwtException.class, () -> Jwt.decodeUser(token)).getMessage();
    }

    /** The worked example of docs/security.md, as written there. */
    @Test
    void docsExampleChainDecodesAndVerifies() throws Exception
    {
        final NKey app = NKey.createAccount(null);
        final NKey alice = NKey.createUser(null);
        final String op = new String(operator.getPublicKey());
        final String acc = new String(app.getPublicKey());
        final JsonSerializable operatorClaim = () -> "{\"type\":\"operator\",\"version\":2}";
        final String operatorJwt = JwtUtils.issueJWT(operator, op, "DEMO", null, JwtUtils.currentTimeSeconds(), op,
            operatorClaim);
        final JsonSerializable accountClaim = () -> "{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,"
            + "\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}}";
        final String accountJwt = JwtUtils.issueJWT(operator, acc, "APP", null, JwtUtils.currentTimeSeconds(), op,
            accountClaim);
        final JwtUtils.UserClaim claim = new JwtUtils.UserClaim(acc)
            .pub(new JwtUtils.Permission().allow("orders.>"))
            .sub(new JwtUtils.Permission().allow("_INBOX.>"));
        final String userJwt = JwtUtils.issueUserJWT(app, new String(alice.getPublicKey()), "alice",
            Duration.ofDays(1), JwtUtils.currentTimeSeconds(), claim);

        assertEquals("DEMO", Jwt.decodeOperator(operatorJwt).claims().name());
        assertEquals(op, Jwt.decodeAccount(accountJwt).claims().issuer());
        final UserClaims u = Jwt.decodeUser(userJwt);
        assertEquals(acc, u.account());
        assertEquals(List.of("orders.>"), u.permissions().publish().allow());
        assertEquals(List.of(), u.issues(NatsKeys.now()));
    }

    @Test
    void shouldFindTheJwtInADecoratedFile()
    {
        final String token = NatsKeys.operatorJwt(operator, "");
        assertEquals(token, Jwt.parseDecorated("-----BEGIN NATS OPERATOR JWT-----\n" + token
            + "\n------END NATS OPERATOR JWT------\n"));
        assertEquals(token, Jwt.parseDecorated(token), "a bare JWT stays as it is");
    }

    @Test
    void shouldMapUserPermissionsAsNatsServerDoes() throws Exception
    {
        final UserClaims none = Jwt.decodeUser(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ",\"pub\":{},\"sub\":{}"));
        assertNull(none.permissions(), "empty pub and sub: no permissions");
        final UserClaims resp = Jwt.decodeUser(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ",\"resp\":{\"max\":0,\"ttl\":0}"));
        assertEquals(new Permissions(null, null, Permissions.DEFAULT_RESPONSES_MAX,
            Permissions.DEFAULT_RESPONSES_TTL_NS), resp.permissions());
        final UserClaims queue = Jwt.decodeUser(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ",\"pub\":{\"allow\":[\"a b\"]}"));
        assertEquals(List.of("Permission Subject \"a b\" is not allowed to contain queue"),
            queue.issues(NatsKeys.now()));
    }
}
