package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * JWT account and user limits against nats-server 2.9.10 and jnatsd (-Pinterop): the same keys and steps; every
 * answer on the wire (INFO with its varying fields masked, -ERR, closes) and the [ERR] lines must be the same.
 */
class JwtLimitsInteropIT
{
    @Test
    void limitsBehaveAlike() throws Exception
    {
        final JwtLimitsScenario scenario = new JwtLimitsScenario();
        assertEquals(run(ServerProcess.Kind.NATS_SERVER, scenario), run(ServerProcess.Kind.JNATSD, scenario));
    }

    private static List<String> run(final ServerProcess.Kind kind, final JwtLimitsScenario scenario) throws Exception
    {
        try (ServerProcess s = ServerProcess.start(kind, scenario.config()))
        {
            return scenario.run(s);
        }
    }
}
