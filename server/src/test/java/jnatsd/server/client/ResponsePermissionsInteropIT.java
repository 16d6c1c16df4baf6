package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Options;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * allow_responses against nats-server 2.9.10 and jnatsd (-Pinterop): the same users, JWTs and steps; what the jnats
 * clients saw (answers delivered, -ERR texts, connection state) and the Publish Violation log lines must be the same.
 */
class ResponsePermissionsInteropIT
{
    @Test
    void configUsersBehaveAlike() throws Exception
    {
        assertEquals(configRun(ServerProcess.Kind.NATS_SERVER), configRun(ServerProcess.Kind.JNATSD));
    }

    @Test
    void jwtUsersBehaveAlike() throws Exception
    {
        final ResponsePermissionsScenario.Jwts jwts = new ResponsePermissionsScenario.Jwts();
        assertEquals(jwtRun(ServerProcess.Kind.NATS_SERVER, jwts), jwtRun(ServerProcess.Kind.JNATSD, jwts));
    }

    private static List<String> configRun(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ServerProcess.start(kind, ResponsePermissionsScenario.USERS_CONFIG))
        {
            return ResponsePermissionsScenario.run(s,
                name -> ResponsePermissionsScenario.configLogin(name, new Options.Builder()));
        }
    }

    private static List<String> jwtRun(final ServerProcess.Kind kind, final ResponsePermissionsScenario.Jwts jwts)
        throws Exception
    {
        try (ServerProcess s = ServerProcess.start(kind, jwts.config()))
        {
            return ResponsePermissionsScenario.run(s, name -> jwts.login(name, new Options.Builder()));
        }
    }
}
