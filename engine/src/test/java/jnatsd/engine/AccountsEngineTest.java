package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.config.AccountOptions;
import jnatsd.config.AccountOptions.ExportOptions;
import jnatsd.config.AccountOptions.ImportOptions;
import jnatsd.engine.account.ResponseRoute;
import org.junit.jupiter.api.Test;

/** Accounts in the engine: isolation, stream imports (shadow subscriptions), service imports and their replies. */
class AccountsEngineTest
{
    private static final List<AccountOptions> ACCOUNTS = List.of(
        new AccountOptions("A", List.of(new ExportOptions("news.>", false, List.of()),
            new ExportOptions("svc.echo", true, List.of("B"))), List.of()),
        new AccountOptions("B", List.of(), List.of(
            new ImportOptions("A", "news.>", "from_a.news.>", false),
            new ImportOptions("A", "svc.echo", "echo", true))),
        new AccountOptions("C", List.of(), List.of(new ImportOptions("A", "news.sports", "sports", false))));

    private final EngineDriver d = new EngineDriver(ACCOUNTS);

    @Test
    void shouldKeepEachAccountsMessagesInIt()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client b = d.client("B");
        final EngineDriver.Client g = d.client("");
        a.sub(">", "1");
        b.sub(">", "1");
        g.sub(">", "1");
        a.pub("x.y", "", "from-a");
        g.pub("x.y", "", "from-g");
        final String toA = a.read();
        assertTrue(toA.contains("MSG x.y 1 6\r\nfrom-a\r\n"), toA);
        assertFalse(toA.contains("from-g"), toA);
        assertEquals("MSG x.y 1 6\r\nfrom-g\r\n", g.read());
        assertEquals("", b.read());
        assertEquals("A", a.session.account.name());
        assertEquals("$G", g.session.account.name());
    }

    @Test
    void shouldDeliverAStreamImportUnderItsPrefix()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client b = d.client("B");
        final EngineDriver.Client c = d.client("C");
        b.sub("from_a.news.*", "1");
        c.sub("sports", "2");
        a.pub("news.sports", "", "goal");
        a.pub("other", "", "nope");
        assertEquals("MSG from_a.news.sports 1 4\r\ngoal\r\n", b.read());
        assertEquals("MSG sports 2 4\r\ngoal\r\n", c.read());
        // A's own subjects stay A's: B's subscription on them hears nothing of A.
        b.sub("news.sports", "3");
        a.pub("news.sports", "", "again");
        assertEquals("MSG from_a.news.sports 1 5\r\nagain\r\n", b.read());
        assertEquals("MSG sports 2 5\r\nagain\r\n", c.read());
        b.unsub("1");
        a.pub("news.sports", "", "after");
        assertEquals("", b.read());
        assertEquals("MSG sports 2 5\r\nafter\r\n", c.read());
    }

    @Test
    void shouldNotLeakAnImportersMessagesBackToTheExporter()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client b = d.client("B");
        a.sub(">", "1");
        b.pub("news.x", "", "b");
        b.pub("from_a.news.x", "", "b");
        assertEquals("", a.read());
    }

    @Test
    void shouldCallAnImportedServiceAndRouteTheReplyBack()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client b = d.client("B");
        a.sub("svc.echo", "9");
        b.sub("_INBOX.b.>", "1");
        b.pub("echo", "_INBOX.b.1", "ping");
        final String request = a.read();
        // nats-server's form: a new reply under the exporter's _R_ prefix, the requester's account in a header.
        final Matcher m = Pattern.compile("HMSG svc\\.echo 9 (_R_\\.[0-9A-Za-z]{6}\\.[0-9A-Za-z]{6}) (\\d+) (\\d+)\r\n"
            + "NATS/1\\.0\r\nNats-Request-Info: \\{\"acc\":\"B\",\"rtt\":\\d+\\}\r\n\r\nping\r\n").matcher(request);
        assertTrue(m.matches(), request);
        final String reply = m.group(1);
        assertEquals(Integer.parseInt(m.group(2)) + 4, Integer.parseInt(m.group(3)));
        assertNotNull(d.engine.accounts().get("A").responses().get(reply));
        a.pub(reply, "", "pong");
        assertEquals("MSG _INBOX.b.1 1 4\r\npong\r\n", b.read());
        // One reply per request, as nats-server's singleton responses: a second one goes nowhere.
        a.pub(reply, "", "late");
        assertEquals("", b.read());
        assertTrue(d.engine.accounts().get("A").responses().isEmpty());
    }

    @Test
    void shouldForgetRequestsNobodyAnsweredAfterTheResponseThreshold()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client b = d.client("B");
        a.sub("svc.echo", "9");
        final long t0 = 1_000_000_000_000L;
        d.engine.clock(t0);
        b.pub("echo", "_INBOX.b.1", "ping");
        a.read();
        final Map<String, ResponseRoute> pending = d.engine.accounts().get("A").responses();
        assertEquals(1, pending.size());
        ticks(t0 + 60_000_000_000L);
        assertEquals(1, pending.size(), "one minute: still waiting");
        ticks(t0 + EngineTimers.RESPONSE_THRESHOLD_NS + 1);
        assertTrue(pending.isEmpty(), "past nats-server's two minutes: dropped");
    }

    /** Enough timer periods from start for the 2 s housekeeping to run. */
    private void ticks(final long start)
    {
        for (int i = 0; i <= 20; i++)
        {
            d.engine.onTimer(start + i * 100_000_001L);
        }
    }

    @Test
    void shouldMapAWildcardServiceImportByPosition()
    {
        final EngineDriver w = new EngineDriver(List.of(
            new AccountOptions("A", List.of(new ExportOptions("svc.>", true, List.of())), List.of()),
            new AccountOptions("B", List.of(), List.of(new ImportOptions("A", "svc.*", "ask.*", true)))));
        final EngineDriver.Client a = w.client("A");
        final EngineDriver.Client b = w.client("B");
        a.sub("svc.>", "9");
        b.pub("ask.time", "", "now");
        assertTrue(a.read().startsWith("HMSG svc.time 9 "), "ask.time in B is svc.time in A");
    }

    @Test
    void shouldNotGiveTheImportingSubjectToAccountsWithoutTheImport()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client c = d.client("C");
        a.sub("svc.echo", "9");
        c.pub("echo", "r", "x");
        c.pub("svc.echo", "r", "x");
        assertEquals("", a.read());
    }

    @Test
    void shouldRebuildShadowsWhenAReloadChangesTheImports()
    {
        final EngineDriver.Client a = d.client("A");
        final EngineDriver.Client c = d.client("C");
        c.sub("sports", "2");
        c.sub("news.>", "3");
        d.engine.configureAccounts(List.of(ACCOUNTS.get(0), ACCOUNTS.get(1),
            new AccountOptions("C", List.of(), List.of(new ImportOptions("A", "news.>", "", false)))));
        a.pub("news.sports", "", "goal");
        assertEquals("MSG news.sports 3 4\r\ngoal\r\n", c.read());
    }
}
