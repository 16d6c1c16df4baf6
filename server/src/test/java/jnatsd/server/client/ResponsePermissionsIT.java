package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.NKey;
import io.nats.client.Options;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * allow_responses with jnats, for config users and for JWT users with {@code resp}: a service that may only answer
 * answers a request, a second answer beyond max and an answer after the expiry are refused with nats-server's -ERR
 * and log line, and so is a publish anywhere else; the connections stay up.
 */
class ResponsePermissionsIT
{
    @Test
    void configUsersMayAnswerOnlyWhatTheyWereAsked() throws Exception
    {
        try (ServerProcess s = ServerProcess.start(ServerProcess.Kind.JNATSD, ResponsePermissionsScenario.USERS_CONFIG))
        {
            final List<String> seen = ResponsePermissionsScenario.run(s,
                name -> ResponsePermissionsScenario.configLogin(name, new Options.Builder()));
            assertEquals(expected("User \"svc\"", "User \"svc2\"", "User \"svc3\""), seen);
        }
    }

    @Test
    void jwtUsersWithRespMayAnswerOnlyWhatTheyWereAsked() throws Exception
    {
        final ResponsePermissionsScenario.Jwts jwts = new ResponsePermissionsScenario.Jwts();
        try (ServerProcess s = ServerProcess.start(ServerProcess.Kind.JNATSD, jwts.config()))
        {
            final List<String> seen = ResponsePermissionsScenario.run(s,
                name -> jwts.login(name, new Options.Builder()));
            // nats-server names a JWT user by its nkey in the violation line.
            assertEquals(expected(nkey(jwts.svc), nkey(jwts.svc2), nkey(jwts.svc3)), seen);
        }
    }

    private static String nkey(final NKey user)
    {
        return "Nkey \"" + NatsKeys.publicKey(user) + "\"";
    }

    /** svc, svc2, svc3: how the violation log line names each service user. */
    private static List<String> expected(final String svc, final String svc2, final String svc3)
    {
        return List.of(
            "request answered: pong",
            "svc got: svc.echo reply _INBOX.rp.1",
            "svc errors: [Permissions Violation for Publish to \"_INBOX.rp.1\", "
                + "Permissions Violation for Publish to \"svc.elsewhere\"]",
            "svc2 errors: [Permissions Violation for Publish to \"_INBOX.rp.2\"]",
            "svc3 errors: [Permissions Violation for Publish to \"_INBOX.rp.3\"]",
            "client got: [_INBOX.rp.1=a1, _INBOX.rp.2=b1, _INBOX.rp.2=b2]",
            "client got elsewhere: []",
            "still connected: true",
            "other errors: [][][]",
            "log: [Publish Violation - " + svc + ", Subject \"_INBOX.rp.1\", "
                + "Publish Violation - " + svc + ", Subject \"svc.elsewhere\", "
                + "Publish Violation - " + svc2 + ", Subject \"_INBOX.rp.2\", "
                + "Publish Violation - " + svc3 + ", Subject \"_INBOX.rp.3\"]");
    }
}
