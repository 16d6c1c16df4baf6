package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * JWT account and user limits (nats-server 2.9.10's): account conn, subs and payload, user subs and payload, the
 * smaller one applying, a missing limit read as 0, data not enforced for clients; exact -ERR texts, INFO with the
 * client's max_payload, closes and log lines. jnats sees the client's max_payload too.
 */
class JwtLimitsIT
{
    private static final String INFO = "INFO {\"server_id\":\"*\",\"server_name\":\"*\",\"version\":\"2.9.10\","
        + "\"proto\":1,\"go\":\"*\",\"host\":\"127.0.0.1\",\"port\":0,\"headers\":true,\"auth_required\":true,"
        + "\"max_payload\":%d,\"client_id\":0,\"client_ip\":\"127.0.0.1\"} ";
    private static final String PAYLOAD_ERR = "-ERR 'Maximum Payload Violation'";
    private static final String SUBS_ERR = "-ERR 'maximum subscriptions exceeded'";

    @Test
    void limitsAreEnforcedAsNatsServerDoes() throws Exception
    {
        final JwtLimitsScenario scenario = new JwtLimitsScenario();
        try (ServerProcess s = ServerProcess.start(ServerProcess.Kind.JNATSD, scenario.config()))
        {
            assertEquals(List.of(
                "conn 1, second: [-ERR 'maximum account active connections exceeded']",
                "conn 1, after the first left: [PONG]",
                "account subs 2: [" + SUBS_ERR + ", " + SUBS_ERR + "]",
                "account subs 2 after unsub: []",
                "account payload 8: [" + info(8) + ", PONG, " + PAYLOAD_ERR + ", closed]",
                "user subs 1: [" + SUBS_ERR + "]",
                "user payload 4: [" + info(4) + ", PONG, " + PAYLOAD_ERR + ", closed]",
                "user payload 100 in account payload 8: [" + info(8) + ", PONG, " + PAYLOAD_ERR + ", closed]",
                "no user limits: [" + SUBS_ERR + ", " + info(0) + ", PONG]",
                "no user limits but subs, pub: [" + info(0) + ", " + PAYLOAD_ERR + ", closed]",
                "user data 4: [MSG a 1 10 0123456789, MSG a 1 10 0123456789]",
                "log: [maximum account active connections exceeded, maximum account active connections exceeded, "
                    + "maximum subscriptions exceeded, maximum payload exceeded: 9 vs 8, "
                    + "maximum subscriptions exceeded, maximum payload exceeded: 9 vs 4, "
                    + "maximum payload exceeded: 9 vs 8, maximum subscriptions exceeded, "
                    + "maximum payload exceeded: 4 vs 0]"),
                scenario.run(s));
        }
    }

    @Test
    void jnatsLearnsItsMaxPayloadAndAFullAccountRefusesIt() throws Exception
    {
        final JwtLimitsScenario scenario = new JwtLimitsScenario();
        try (ServerProcess s = ServerProcess.start(ServerProcess.Kind.JNATSD, scenario.config());
            Connection small = Nats.connect(options(s, scenario.unlimitedUser(scenario.smallPay), scenario)))
        {
            small.flush(Duration.ofSeconds(5));
            assertEquals(8, small.getMaxPayload(), "the account's payload limit, from the INFO after the PONG");
            assertThrows(IllegalArgumentException.class,
                () -> small.publish("x", "123456789".getBytes(StandardCharsets.US_ASCII)),
                "jnats refuses a payload above it");
            try (Connection first = Nats.connect(options(s, scenario.unlimitedUser(scenario.oneConn), scenario)))
            {
                assertEquals(Connection.Status.CONNECTED, first.getStatus());
                assertThrows(Exception.class,
                    () -> Nats.connect(options(s, scenario.unlimitedUser(scenario.oneConn), scenario)),
                    "the second connection of a conn-1 account is refused");
                first.flush(Duration.ofSeconds(5));
                assertEquals(Connection.Status.CONNECTED, first.getStatus(), "the first is not disturbed");
            }
        }
    }

    private static Options options(final ServerProcess s, final String jwt, final JwtLimitsScenario scenario)
    {
        return new Options.Builder().server(s.url()).connectionTimeout(Duration.ofSeconds(5)).noReconnect()
            .authHandler(NatsKeys.handler(jwt, scenario.user)).build();
    }

    private static String info(final int maxPayload)
    {
        return String.format(INFO, maxPayload);
    }
}
