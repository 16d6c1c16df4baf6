package jnatsd.config.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jnatsd.config.ServerOptions;
import jnatsd.config.TrustOptions;
import jnatsd.config.UserOptions;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** nkey users and the operator-mode keys, with nats-server 2.9's error texts. */
class TrustConfigTest
{
    @TempDir
    Path dir;

    private final NKey user = NatsKeys.user();
    private final NKey operator = NatsKeys.operator();
    private final NKey account = NatsKeys.account();

    private Path write(final String text) throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, text);
        return file;
    }

    private ServerOptions load(final String text) throws Exception
    {
        return ConfigLoader.load(write(text), Map.of());
    }

    private String onlyError(final String text) throws Exception
    {
        final Problems p = ConfigLoader.applyFile(write(text), Map.of(), new OptionsDraft());
        assertEquals(1, p.errors().size(), p.errors().toString());
        return p.errors().get(0);
    }

    private static void assertEndsWith(final String suffix, final String actual)
    {
        assertTrue(actual.endsWith(suffix), "expected ..." + suffix + ", got: " + actual);
    }

    private String startError(final String text)
    {
        return assertThrows(IllegalArgumentException.class, () -> load(text)).getMessage();
    }

    @Test
    void shouldReadNkeyUsersBesidePasswordUsers() throws Exception
    {
        final String pub = NatsKeys.publicKey(user);
        final ServerOptions o = load("authorization {\n  users = [\n    { nkey: " + pub
            + ", permissions: { publish: \"a.>\" } }\n    { user: bob, password: pw }\n  ]\n}\n");
        final List<UserOptions> users = o.auth().users();
        assertEquals(2, users.size());
        assertEquals(pub, users.get(0).nkey());
        assertEquals("", users.get(0).user());
        assertEquals(List.of("a.>"), users.get(0).permissions().publish().allow());
        assertTrue(o.auth().hasNkeyUsers());
        assertTrue(o.auth().nonceRequired());
        assertTrue(o.unsupported().isEmpty(), o.unsupported().toString());
        assertFalse(load("authorization { users = [ { user: bob, password: pw } ] }\n").auth().nonceRequired(),
            "no nonce without nkey users");
    }

    @Test
    void shouldRefuseBadNkeyUsersAsNatsServerDoes() throws Exception
    {
        assertEndsWith("Not a valid public nkey for a user",
            onlyError("authorization { users = [ { nkey: UABC } ] }\n"));
        assertEndsWith("Not a valid public nkey for a user",
            onlyError("authorization { users = [ { nkey: " + NatsKeys.publicKey(account) + " } ] }\n"));
        assertEndsWith("Nkey users do not take usernames or passwords",
            onlyError("authorization { users = [ { nkey: " + NatsKeys.publicKey(user) + ", user: x } ] }\n"));
        final String pub = NatsKeys.publicKey(user);
        assertEndsWith("Duplicate nkey \"" + pub + "\" detected",
            onlyError("authorization { users = [ { nkey: " + pub + " }, { nkey: " + pub + " } ] }\n"));
    }

    @Test
    void shouldCheckNoAuthUserAsNatsServerDoes()
    {
        assertEquals("no_auth_user: \"bob\" present, but users are not defined", startError(
            "authorization { users = [ { nkey: " + NatsKeys.publicKey(user) + " } ] }\nno_auth_user: bob\n"),
            "nkey users are not users");
        assertEquals("no_auth_user: \"bob\" not present as user in authorization block or account configuration",
            startError("authorization { users = [ { user: a, password: b } ] }\nno_auth_user: bob\n"));
        assertEquals("no_auth_user not compatible with Trusted Operator", startError("operator: "
            + NatsKeys.operatorJwt(operator, "") + "\nresolver: MEMORY\nno_auth_user: bob\n"));
    }

    @Test
    void shouldReadOperatorModeWithPreloadedAccounts() throws Exception
    {
        final String accPub = NatsKeys.publicKey(account);
        final String opJwt = NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + accPub + "\"");
        final Path opFile = dir.resolve("op.jwt");
        Files.writeString(opFile,
            "-----BEGIN NATS OPERATOR JWT-----\n" + opJwt + "\n------END NATS OPERATOR JWT------\n");
        final String accJwt = NatsKeys.accountJwt(operator, account, 0,
            ",\"exports\":[{\"subject\":\"svc\",\"type\":\"service\"}]");
        for (final String operatorValue : List.of("\"" + opFile + "\"", opJwt))
        {
            final ServerOptions o = load("operator: " + operatorValue + "\nresolver: MEMORY\nresolver_preload: {\n  "
                + accPub + ": " + accJwt + "\n}\n");
            final TrustOptions t = o.auth().trust();
            assertTrue(t.enabled());
            assertEquals(TrustOptions.MEMORY_RESOLVER, t.resolver());
            assertEquals(accPub, t.systemAccount(), "the operator JWT's system account");
            assertEquals(List.of(opJwt), t.operatorJwts());
            assertEquals(List.of(NatsKeys.publicKey(operator)), t.trustedKeys());
            assertEquals(Map.of(accPub, accJwt), t.preload());
            assertTrue(o.auth().required());
            assertTrue(o.auth().nonceRequired());
            assertEquals(1, o.auth().accounts().size());
            assertEquals(accPub, o.auth().accounts().get(0).name(), "accounts are named by their public key");
            assertTrue(o.auth().accounts().get(0).exports().get(0).service());
            assertTrue(o.unsupported().isEmpty(), o.unsupported().toString());
        }
        final ServerOptions explicit = load("operator: " + opJwt + "\nresolver: MEM\nsystem_account: " + accPub
            + "\nresolver_preload: { " + accPub + ": " + accJwt + " }\n");
        assertEquals(accPub, explicit.auth().trust().systemAccount());
        assertEquals("error resolving system account: account missing",
            startError("operator: " + opJwt + "\nresolver: MEM\nsystem_account: " + accPub + "\n"));
    }

    @Test
    void shouldRefuseBadOperatorConfigs() throws Exception
    {
        assertEndsWith("error parsing operator JWT: open /nope/op.jwt: no such file or directory",
            onlyError("operator: \"/nope/op.jwt\"\nresolver: MEMORY\n"));
        final String userJwt = NatsKeys.userJwt(account, user, NatsKeys.now(), 0, "");
        assertEndsWith("error parsing operator JWT: not operator claim",
            onlyError("operator: " + userJwt + "\nresolver: MEMORY\n"));
        final String opJwt = NatsKeys.operatorJwt(operator, "");
        assertEndsWith("invalid account JWT",
            onlyError("operator: " + opJwt + "\nresolver: MEMORY\nresolver_preload: { "
            + NatsKeys.publicKey(account) + ": notajwt }\n"));
        assertEndsWith("error parsing account resolver, should be MEM or "
            + " URL(\"url\") or a map containing dir and type state=[FULL|CACHE])", onlyError("resolver: FILES\n"));
        assertEndsWith("preload should be a map of account_public_key:account_jwt",
            onlyError("resolver_preload: \"x\"\n"));
        assertEquals("operators require an account resolver to be configured", startError("operator: " + opJwt + "\n"));
        assertEquals("operators do not allow users to be configured directly", startError("operator: " + opJwt
            + "\nresolver: MEMORY\nauthorization { users = [ { user: a, password: b } ] }\n"));
        assertEquals("system_account in config and operator JWT must be identical", startError("operator: "
            + NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + NatsKeys.publicKey(account) + "\"")
            + "\nresolver: MEMORY\nsystem_account: " + NatsKeys.publicKey(NatsKeys.account()) + "\n"));
        final ServerOptions url = load("operator: " + opJwt + "\nresolver: URL(http://127.0.0.1:9090/jwt/v1)\n");
        assertEquals(1, url.unsupported().size(), url.unsupported().toString());
    }
}
