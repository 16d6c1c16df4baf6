package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/** {@link TrustReloadInteropIT}'s script against jnatsd alone, with nats-server's observations written out. */
class TrustReloadIT
{
    @Test
    void shouldApplyRevocationsAndRefuseAnotherOperator() throws Exception
    {
        final List<String> out = TrustReloadInteropIT.script(ServerProcess.Kind.JNATSD);
        assertEquals("alice: [-ERR 'User Authentication Revoked']", out.get(0));
        assertEquals("bob: []", out.get(1), "a user the account still trusts stays");
        assertEquals("alice again: [-ERR 'Authorization Violation']", out.get(2));
        assertTrue(out.get(3).startsWith("other operator: Failed to reload server configuration: config reload not "
            + "supported for TrustedOperators: old=[{\n  \"jti\": "), out.get(3));
        assertEquals("bob after: []", out.get(4), "a refused reload changes nothing");
        assertEquals("errors: 1", out.get(5), "only the new login is an authentication error");
        assertEquals("reloaded: [[INF] Reloaded: authorization users, [INF] Reloaded: accounts, "
            + "[INF] Reloaded: accounts]", out.get(6));
    }
}
