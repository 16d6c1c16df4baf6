package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import jnatsd.config.AccountOptions;
import jnatsd.config.AuthOptions;
import jnatsd.config.LimitOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.TrustOptions;
import jnatsd.config.UserOptions;
import jnatsd.server.ops.AuthReload;
import org.junit.jupiter.api.Test;

/** What a reload accepts and logs for authorization, in nats-server 2.9.10's words (checked with the binary). */
class AuthReloadRulesTest
{
    private static final List<UserOptions> AC =
        List.of(new UserOptions("a", "b", null), new UserOptions("c", "d", null));

    private static AuthOptions noAuthUser(final List<UserOptions> users, final String name)
    {
        return new AuthOptions("", "", "", users, null, name, 0);
    }

    private static AuthOptions system(final String name)
    {
        return new AuthOptions("", "", "", AC, null, "", 0, List.of(new AccountOptions("SYS", List.of(), List.of()),
            new AccountOptions("A", List.of(), List.of())), new TrustOptions(List.of(), List.of(), name, "", Map.of()));
    }

    @Test
    void shouldRefuseChangingTheSystemAccountWithoutAnOperatorToo()
    {
        // nats-server 2.9.10: "Failed to reload server configuration: config reload not supported for ..."
        assertNull(AuthReload.refusal(system("SYS"), system("SYS")));
        assertEquals("config reload not supported for SystemAccount: old=SYS, new=A",
            AuthReload.refusal(system("SYS"), system("A")));
        assertEquals("config reload not supported for SystemAccount: old=, new=SYS",
            AuthReload.refusal(system(""), system("SYS")));
    }

    @Test
    void shouldOnlyAllowRemovingNoAuthUserTogetherWithItsUser()
    {
        assertNull(AuthReload.refusal(noAuthUser(AC, "a"), noAuthUser(AC, "a")));
        assertNull(AuthReload.refusal(noAuthUser(AC, "a"), noAuthUser(List.of(AC.get(1)), "")));
        assertEquals("config reload not supported for NoAuthUser: old=a, new=c",
            AuthReload.refusal(noAuthUser(AC, "a"), noAuthUser(AC, "c")));
        assertEquals("config reload not supported for NoAuthUser: old=a, new=",
            AuthReload.refusal(noAuthUser(AC, "a"), noAuthUser(AC, "")));
        assertEquals("config reload not supported for NoAuthUser: old=, new=a",
            AuthReload.refusal(noAuthUser(AC, ""), noAuthUser(AC, "a")));
    }

    @Test
    void shouldDescribeChangesAsNatsServerLogsThem()
    {
        final ServerOptions d = ServerOptions.defaults();
        assertEquals(List.of("authorization users", "accounts"), AuthReload.describe(d, d),
            "nats-server logs these two on every reload");
        final ServerOptions single = with(d, new AuthOptions("u", "p", "", List.of(), null, "", 1_500_000_000L));
        assertEquals(List.of("authorization users", "accounts", "authorization username", "authorization password",
            "authorization timeout = 1.5"), AuthReload.describe(d, single));
        final ServerOptions token = with(d, new AuthOptions("", "", "t", List.of(), null, "", 0));
        assertEquals(List.of("authorization users", "accounts", "authorization token"), AuthReload.describe(d, token));
    }

    private static ServerOptions with(final ServerOptions o, final AuthOptions auth)
    {
        final LimitOptions l = o.limits();
        final LimitOptions limits = new LimitOptions(l.maxPayloadBytes(), l.maxControlLineBytes(), l.maxPendingBytes(),
            l.maxConnections(), l.maxSubscriptions(), l.pingIntervalNs(), l.pingMax(),
            auth.timeoutNs() > 0 ? auth.timeoutNs() : l.authTimeoutNs(), l.writeDeadlineNs(), l.maxSubTokens(),
            l.noHeaderSupport());
        return new ServerOptions(o.listen(), o.serverName(), limits, o.logging(), o.monitor(), auth, o.tls(),
            o.cluster(), o.engine(), o.operations(), o.configFile(), o.unsupported());
    }
}
