package jnatsd.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.TrustOptions;
import jnatsd.config.UserOptions;
import jnatsd.config.trust.Jwt;
import jnatsd.engine.session.Credentials;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;

/** nkey users (signature of the INFO nonce) and operator mode (user JWT chains), with nats-server's reasons. */
class NkeyJwtAuthenticatorTest
{
    private static final String NONCE = Nonces.next();

    /** Records the reasons, as the client's debug and error lines. */
    private static final class Reasons implements AuthLog
    {
        final List<String> lines = new ArrayList<>();

        @Override
        public void debug(final String message)
        {
            lines.add("DBG " + message);
        }

        @Override
        public void error(final String message)
        {
            lines.add("ERR " + message);
        }

        @Override
        public void warn(final String message)
        {
            lines.add("WRN " + message);
        }
    }

    private final NKey alice = NatsKeys.user();
    private final NKey operator = NatsKeys.operator();
    private final NKey account = NatsKeys.account();
    private final NKey user = NatsKeys.user();

    private static Credentials nkey(final NKey key, final String sig)
    {
        return new Credentials(null, null, null, NatsKeys.publicKey(key), sig, null, NONCE, 0);
    }

    private static String signNonce(final NKey key)
    {
        return NatsKeys.sign(key, NONCE.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void nonceIs15Base64UrlCharactersAndFresh()
    {
        final String a = Nonces.next();
        assertTrue(a.matches("[A-Za-z0-9_-]{15}"), a);
        assertFalse(a.equals(Nonces.next()));
    }

    @Test
    void shouldLetAnNkeyUserInOnlyWithItsSignatureOfTheNonce()
    {
        final Permissions p = new Permissions(new SubjectPermission(List.of("a.>"), List.of()), null);
        final Authenticator a = new Authenticator(new AuthOptions("", "", "", List.of(
            new UserOptions("", "", NatsKeys.publicKey(alice), "", p, List.of())), null, "", 0));
        assertTrue(a.nonceRequired());
        assertTrue(a.required());
        final Authenticator.Identity id = a.login(nkey(alice, signNonce(alice)), "127.0.0.1", AuthLog.NONE);
        assertNotNull(id);
        assertEquals(NatsKeys.publicKey(alice), id.user());
        assertEquals(p, id.permissions());
        assertTrue(a.hasUser(NatsKeys.publicKey(alice)));

        final Reasons r = new Reasons();
        assertNull(a.login(nkey(alice, signNonce(user)), "127.0.0.1", r), "someone else's signature");
        assertNull(a.login(nkey(alice, ""), "127.0.0.1", r));
        assertNull(a.login(nkey(alice, "%%%"), "127.0.0.1", r));
        assertNull(a.login(nkey(user, signNonce(user)), "127.0.0.1", r), "unknown nkey");
        assertNull(a.login(new Credentials("bob", "pw", null, 0), "127.0.0.1", r), "no nkey sent");
        assertEquals(List.of("DBG Signature not verified", "DBG Signature missing", "DBG Signature not valid base64"),
            r.lines);
        final Credentials otherNonce = new Credentials(null, null, null, NatsKeys.publicKey(alice), signNonce(alice),
            null, "another-nonce", 0);
        assertNull(a.login(otherNonce, "127.0.0.1", AuthLog.NONE), "signature of another nonce");
        assertEquals("authentication error - Nkey \"" + NatsKeys.publicKey(user) + "\"",
            a.failureText("", NatsKeys.publicKey(user)));
        assertEquals("authentication error - Nkey \"\"", a.failureText("bob", null));
    }

    private Authenticator operatorMode(final String accountJwt, final String operatorFields, final String... more)
    {
        final Map<String, String> preload = new LinkedHashMap<>();
        preload.put(NatsKeys.publicKey(account), accountJwt);
        for (int i = 0; i + 1 < more.length; i += 2)
        {
            preload.put(more[i], more[i + 1]);
        }
        try
        {
            final TrustOptions t = new TrustOptions(List.of(), List.of(Jwt.decodeOperator(NatsKeys.operatorJwt(
                operator, operatorFields))), "", TrustOptions.MEMORY_RESOLVER,
                preload);
            return new Authenticator(new AuthOptions("", "", "", List.of(), null, "", 0, List.of(), t));
        }
        catch (final Jwt.JwtException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private Credentials jwtLogin(final String userJwt, final NKey signer)
    {
        return new Credentials(null, null, null, NatsKeys.publicKey(signer), signNonce(signer), userJwt, NONCE, 0);
    }

    @Test
    void shouldAcceptAUserOfAnAccountTheOperatorSigned()
    {
        final Authenticator a = operatorMode(NatsKeys.accountJwt(operator, account, 0,
            ",\"default_permissions\":{\"sub\":{\"deny\":[\"secret\"]}}"), "");
        assertTrue(a.nonceRequired());
        assertTrue(a.required());
        assertTrue(a.operatorMode());
        final Reasons r = new Reasons();
        final Authenticator.Identity id = a.login(jwtLogin(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ""), user), "127.0.0.1", r);
        assertNotNull(id, r.lines.toString());
        assertEquals(NatsKeys.publicKey(user), id.user());
        assertEquals(NatsKeys.publicKey(account), id.account(), "the session belongs to the issuing account");
        assertEquals(List.of("secret"), id.permissions().subscribe().deny(), "the account's default permissions");
        final Authenticator.Identity own = a.login(jwtLogin(NatsKeys.userJwt(account, user, NatsKeys.now(), 0,
            ",\"pub\":{\"allow\":[\"x\"]}"), user), "127.0.0.1", r);
        assertEquals(List.of("x"), own.permissions().publish().allow(), "the JWT's own permissions");
        assertNull(own.permissions().subscribe());
        assertEquals("authentication error", a.failureText("u", "n"));
    }

    @Test
    void shouldRefuseEachBrokenLinkWithNatsServersReason()
    {
        final long now = NatsKeys.now();
        final NKey stranger = NatsKeys.account();
        final NKey strangeOperator = NatsKeys.operator();
        final String userPub = NatsKeys.publicKey(user);
        final Authenticator a = operatorMode(NatsKeys.accountJwt(operator, account, 0,
            ",\"revocations\":{\"" + userPub + "\":" + (now - 50) + "}"), "",
            NatsKeys.publicKey(stranger), NatsKeys.accountJwt(strangeOperator, stranger, 0, ""));
        final String good = NatsKeys.userJwt(account, user, now, 0, "");
        assertNotNull(a.login(jwtLogin(good, user), "127.0.0.1", AuthLog.NONE));

        assertEquals("DBG Authentication requires a user JWT",
            reason(a, new Credentials(null, null, null, userPub, signNonce(user), null, NONCE, 0)));
        assertTrue(reason(a, jwtLogin("not.a.jwt", user)).startsWith("DBG User JWT not valid: "));
        assertEquals("DBG User JWT no longer valid: &{Issues:[claim is expired]}",
            reason(a, jwtLogin(NatsKeys.userJwt(account, user, now - 100, now - 10, ""), user)));
        assertEquals("DBG Signature not verified", reason(a, jwtLogin(good, alice)), "signed by another key");
        assertEquals("DBG User authentication revoked",
            reason(a, jwtLogin(NatsKeys.userJwt(account, user, now - 60, 0, ""), user)));
        assertEquals("WRN Account fetch failed: account missing | DBG Account JWT lookup error: account missing",
            reason(a, jwtLogin(NatsKeys.userJwt(NatsKeys.account(), user, now, 0, ""), user)), "unknown account");
        assertEquals("DBG Account JWT lookup error: account validation failed",
            reason(a, jwtLogin(NatsKeys.userJwt(stranger, user, now, 0, ""), user)), "untrusted operator");
        assertEquals("DBG User JWT issuer is not known", reason(a, jwtLogin(NatsKeys.jwt(stranger, userPub, "u", now,
            0, "user", ",\"issuer_account\":\"" + NatsKeys.publicKey(account) + "\""), user)), "not a signing key");
        assertEquals("ERR Bad src Ip 127.0.0.1",
            reason(a, jwtLogin(NatsKeys.userJwt(account, user, now, 0, ",\"src\":[\"10.0.0.0/8\"]"), user)));
        assertNotNull(a.login(jwtLogin(NatsKeys.userJwt(account, user, now, 0,
            ",\"src\":[\"127.0.0.0/8\"]"), user), "127.0.0.1", AuthLog.NONE));
    }

    @Test
    void shouldHonourAccountExpiryAndSigningKeys()
    {
        final long now = NatsKeys.now();
        final Authenticator expired = operatorMode(NatsKeys.jwt(operator, NatsKeys.publicKey(account), "A", now - 100,
            now - 10, "account", ""), "");
        assertEquals("DBG Account JWT lookup error: account validation failed",
            reason(expired, jwtLogin(NatsKeys.userJwt(account, user, now, 0, ""), user)));

        final NKey signing = NatsKeys.account();
        final String fields = ",\"signing_keys\":[\"" + NatsKeys.publicKey(signing) + "\"]";
        final Authenticator a = operatorMode(NatsKeys.accountJwt(operator, account, 0, fields), "");
        final String bySigningKey = NatsKeys.jwt(signing, NatsKeys.publicKey(user), "u", now, 0, "user",
            ",\"issuer_account\":\"" + NatsKeys.publicKey(account) + "\"");
        final Authenticator.Identity id = a.login(jwtLogin(bySigningKey, user), "127.0.0.1", AuthLog.NONE);
        assertNotNull(id);
        assertEquals(NatsKeys.publicKey(account), id.account());

        // A strict operator: accounts signed by its signing key, which then sign users only with their own.
        final NKey operatorSigning = NatsKeys.operator();
        final Authenticator strict = operatorMode(NatsKeys.accountJwt(operatorSigning, account, 0, fields),
            ",\"strict_signing_key_usage\":true,\"signing_keys\":[\"" + NatsKeys.publicKey(operatorSigning) + "\"]");
        assertEquals("DBG User JWT issuer is not known",
            reason(strict, jwtLogin(NatsKeys.userJwt(account, user, now, 0, ""), user)));
        assertNotNull(strict.login(jwtLogin(bySigningKey, user), "127.0.0.1", AuthLog.NONE));
        final Authenticator notSigning = operatorMode(NatsKeys.accountJwt(operator, account, 0, fields),
            ",\"strict_signing_key_usage\":true,\"signing_keys\":[\"" + NatsKeys.publicKey(operatorSigning) + "\"]");
        assertEquals("DBG Account JWT lookup error: account validation failed",
            reason(notSigning, jwtLogin(bySigningKey, user)), "a strict operator's own key signs no account");
    }

    @Test
    void shouldHonourConnectTimesAndExpireAtTheirEnd()
    {
        final long now = NatsKeys.now();
        final Authenticator a = operatorMode(NatsKeys.accountJwt(operator, account, 0, ""), "");
        final LocalTime t = LocalTime.now(ZoneOffset.UTC).withNano(0);
        final DateTimeFormatter hms = DateTimeFormatter.ofPattern("HH:mm:ss");
        final String inside = ",\"times_location\":\"UTC\",\"times\":[{\"start\":\"" + t.minusHours(1).format(hms)
            + "\",\"end\":\"" + t.plusHours(1).format(hms) + "\"}]";
        final Authenticator.Identity id = a.login(jwtLogin(NatsKeys.userJwt(account, user, now, 0, inside), user),
            "127.0.0.1", AuthLog.NONE);
        assertNotNull(id);
        assertTrue(Math.abs(id.userExpires() - (now + 3600)) <= 2, "expires at the range's end: " + id.userExpires());
        final String outside = ",\"times_location\":\"UTC\",\"times\":[{\"start\":\"" + t.plusHours(1).format(hms)
            + "\",\"end\":\"" + t.plusHours(2).format(hms) + "\"}]";
        assertEquals("ERR Outside connect times",
            reason(a, jwtLogin(NatsKeys.userJwt(account, user, now, 0, outside), user)));
    }

    @Test
    void shouldAcceptAV1Chain() throws Exception
    {
        // Older nsc's JWTs: type at the top level, v1 signatures; nats-server 2.9 still reads them.
        final NKey signing = NatsKeys.account();
        final String accountJwt = NatsKeys.jwtV1(operator, NatsKeys.publicKey(account), "account", "",
            "{\"limits\":{\"conn\":-1},\"signing_keys\":[\"" + NatsKeys.publicKey(signing) + "\"]}");
        final TrustOptions t = new TrustOptions(List.of(), List.of(Jwt.decodeOperator(NatsKeys.jwtV1(operator,
            NatsKeys.publicKey(operator), "operator", "", "{}"))), "", TrustOptions.MEMORY_RESOLVER,
            Map.of(NatsKeys.publicKey(account), accountJwt));
        final Authenticator a = new Authenticator(new AuthOptions("", "", "", List.of(), null, "", 0, List.of(), t));
        final String userJwt = NatsKeys.jwtV1(signing, NatsKeys.publicKey(user), "user",
            ",\"issuer_account\":\"" + NatsKeys.publicKey(account) + "\"", "{\"pub\":{\"allow\":[\"v1.>\"]}}");
        final Reasons r = new Reasons();
        final Authenticator.Identity id = a.login(jwtLogin(userJwt, user), "127.0.0.1", r);
        assertNotNull(id, r.lines.toString());
        assertEquals(NatsKeys.publicKey(account), id.account());
        assertEquals(List.of("v1.>"), id.permissions().publish().allow());
    }

    @Test
    void shouldTellWhenTheLoginExpiresAndWhy()
    {
        final long now = NatsKeys.now();
        final Authenticator a = operatorMode(NatsKeys.accountJwt(operator, account, now + 100, ""), "");
        final Authenticator.Identity user10 = a.login(jwtLogin(NatsKeys.userJwt(account, user, now, now + 10, ""),
            user), "127.0.0.1", AuthLog.NONE);
        assertEquals(now + 10, user10.userExpires());
        assertEquals(now + 100, user10.accountExpires());
        assertEquals("User Authentication Expired", user10.expiredText());
        assertEquals(10_000_000_000L, user10.expiresInNs(now * 1000));
        final Authenticator.Identity forever = a.login(jwtLogin(NatsKeys.userJwt(account, user, now, 0, ""), user),
            "127.0.0.1", AuthLog.NONE);
        assertEquals("Account Authentication Expired", forever.expiredText());
        assertEquals(100_000_000_000L, forever.expiresInNs(now * 1000));
        assertEquals(0, new Authenticator.Identity("u", null, null).expiresInNs(now * 1000), "no JWT: never");
    }

    private static String reason(final Authenticator a, final Credentials c)
    {
        final Reasons r = new Reasons();
        assertNull(a.login(c, "127.0.0.1", r), "must be refused");
        return String.join(" | ", r.lines);
    }
}
