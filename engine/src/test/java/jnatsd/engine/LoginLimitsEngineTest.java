package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnatsd.engine.session.LoginLimits;
import org.junit.jupiter.api.Test;

/** JWT login limits in the engine: the account's conn limit, subscription limits, the client's max_payload INFO. */
class LoginLimitsEngineTest
{
    private static final long SECOND = 1_000_000_000L;
    private static final String SUBS_ERR = "-ERR 'maximum subscriptions exceeded'\r\n";

    private final EngineDriver driver = new EngineDriver(List.of());

    @Test
    void shouldRefuseAClientBeyondTheAccountsConnectionLimitUntilOneLeaves()
    {
        final LoginLimits oneConn = new LoginLimits(-1, -1, 1);
        final EngineDriver.Client first = driver.client(oneConn);
        assertFalse(first.session.closed);
        final EngineDriver.Client second = driver.client(oneConn);
        assertTrue(second.session.closed, "the account has its one connection");
        assertEquals("Maximum Account Connections Exceeded", second.session.closeReason);
        assertTrue(second.connected.endsWith("-ERR 'maximum account active connections exceeded'\r\n"),
            second.connected);
        first.close();
        assertFalse(driver.client(oneConn).session.closed, "after the first left, a new one gets in");
        assertFalse(driver.client(LoginLimits.NONE).session.closed, "clients without the limit are not counted");
    }

    @Test
    void shouldRefuseSubscriptionsBeyondTheLimit()
    {
        final EngineDriver.Client c = driver.client(new LoginLimits(2, -1, -1));
        c.sub("a", "1");
        c.sub("b", "2");
        assertEquals("", c.read());
        c.sub("c", "3");
        assertEquals(SUBS_ERR, c.read());
        c.sub("a", "1");
        assertEquals("", c.read(), "a SUB with a sid it has already is no new subscription");
        c.unsub("1");
        c.sub("d", "4");
        assertEquals("", c.read(), "room again after an UNSUB");
        assertFalse(c.session.closed);
    }

    @Test
    void shouldTellAndCloseAClientWhoseLimitIsZero()
    {
        final long t0 = 500 * SECOND;
        driver.engine.clock(t0);
        final EngineDriver.Client c = driver.client(new LoginLimits(0, -1, -1));
        assertTrue(c.connected.endsWith(SUBS_ERR), c.connected);
        c.ping();
        assertEquals("PONG\r\n", c.read(), "still answered before the close");
        driver.engine.onTimer(t0 + SECOND);
        assertTrue(c.session.closed);
        assertEquals("Maximum Subscriptions Exceeded", c.session.closeReason);
    }

    @Test
    void shouldSendTheClientsMaxPayloadInAnInfoAfterTheFirstPong()
    {
        final EngineDriver.Client c = driver.client(new LoginLimits(-1, 8, -1));
        assertFalse(c.connected.contains("\"max_payload\":8"), "not in the first INFO");
        c.ping();
        final String out = c.read();
        assertTrue(out.startsWith("PONG\r\nINFO {"), out);
        assertTrue(out.contains(",\"max_payload\":8,\"client_id\":" + c.session.cid + ","), out);
        c.ping();
        assertEquals("PONG\r\n", c.read(), "only after the first PONG");
        final EngineDriver.Client big = driver.client(new LoginLimits(-1, 10_000_000, -1));
        big.ping();
        assertEquals("PONG\r\n", big.read(), "a limit above the server's max_payload changes nothing on the wire");
    }
}
