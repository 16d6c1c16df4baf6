package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jnatsd.config.AccountOptions;
import jnatsd.config.AccountOptions.ExportOptions;
import jnatsd.config.AccountOptions.ImportOptions;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The account-isolation property: with random accounts, clients, subscriptions and publishes, every message reaches
 * exactly the subscribers of its publisher's account whose subject matches, plus, through the one stream import
 * (account 1 imports account 0's "s.>" under prefix "imp"), account 1's subscribers of the mapped subject; nobody
 * else. The oracle is a plain token matcher.
 */
class AccountIsolationPropertyTest
{
    private static final String[] ACCOUNTS = {"A0", "A1", "A2", ""};
    private static final String[] TOKENS = {"s", "t", "x", "imp"};
    private static final Pattern MSG = Pattern.compile("MSG (\\S+) (\\S+) \\d+\r\n(m\\d+)\r\n");

    /** One step: client (index) subscribes to subject, or publishes on it. */
    record Op(int client, boolean subscribe, String subject)
    {
    }

    record Sub(int client, String sid, String subject)
    {
    }

    @Property(tries = 200)
    void messagesStayInTheirAccountOrGoThroughAnImport(
        @ForAll("clientAccounts") final List<Integer> clientAccounts, @ForAll("ops") final List<Op> ops)
    {
        final EngineDriver d = new EngineDriver(List.of(
            new AccountOptions("A0", List.of(new ExportOptions("s.>", false, List.of())), List.of()),
            new AccountOptions("A1", List.of(), List.of(new ImportOptions("A0", "s.>", "imp.s.>", false))),
            new AccountOptions("A2", List.of(), List.of())));
        final List<EngineDriver.Client> clients = new ArrayList<>();
        for (final int a : clientAccounts)
        {
            clients.add(d.client(ACCOUNTS[a]));
        }
        final List<Sub> subs = new ArrayList<>();
        int messages = 0;
        for (final Op op : ops)
        {
            final int c = op.client() % clients.size();
            if (op.subscribe())
            {
                final String sid = String.valueOf(subs.size() + 1);
                clients.get(c).sub(op.subject(), sid);
                subs.add(new Sub(c, sid, op.subject()));
                continue;
            }
            final String payload = "m" + messages++;
            clients.get(c).pub(op.subject(), "", payload);
            final int from = clientAccounts.get(c);
            for (int r = 0; r < clients.size(); r++)
            {
                final Set<String> expected = new TreeSet<>();
                for (final Sub s : subs)
                {
                    if (s.client() != r)
                    {
                        continue;
                    }
                    final int to = clientAccounts.get(r);
                    if (to == from && matches(s.subject(), op.subject()))
                    {
                        expected.add(s.sid() + " " + op.subject() + " " + payload);
                    }
                    // The import: A0's "s.>" reaches A1 as "imp.s.>".
                    if (from == 0 && to == 1 && matches("s.>", op.subject())
                        && matches(s.subject(), "imp." + op.subject()))
                    {
                        expected.add(s.sid() + " imp." + op.subject() + " " + payload);
                    }
                }
                assertEquals(expected, received(clients.get(r).read()),
                    "client " + r + " of account " + ACCOUNTS[clientAccounts.get(r)] + " after " + payload);
            }
        }
    }

    private static Set<String> received(final String out)
    {
        final Set<String> got = new TreeSet<>();
        final Matcher m = MSG.matcher(out);
        while (m.find())
        {
            got.add(m.group(2) + " " + m.group(1) + " " + m.group(3));
        }
        return got;
    }

    /** The naive matcher: '*' one token, '>' one or more at the end. */
    static boolean matches(final String pattern, final String subject)
    {
        final String[] p = pattern.split("\\.", -1);
        final String[] s = subject.split("\\.", -1);
        for (int i = 0; i < p.length; i++)
        {
            if (p[i].equals(">"))
            {
                return s.length > i;
            }
            if (i >= s.length || (!p[i].equals("*") && !p[i].equals(s[i])))
            {
                return false;
            }
        }
        return p.length == s.length;
    }

    @Provide
    Arbitrary<List<Integer>> clientAccounts()
    {
        return Arbitraries.integers().between(0, ACCOUNTS.length - 1).list().ofMinSize(2).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        final Arbitrary<String> literal = Arbitraries.of(TOKENS).list().ofMinSize(1).ofMaxSize(3)
            .map(l -> String.join(".", l));
        final Arbitrary<String> wildcard = Combinators.combine(literal, Arbitraries.of("*", ">"))
            .as((s, w) -> s + "." + w);
        final Arbitrary<String> subSubject = Arbitraries.oneOf(literal, wildcard, Arbitraries.of(">", "*.s", "imp.>"));
        final Arbitrary<Op> sub = Combinators.combine(Arbitraries.integers().between(0, 5), subSubject)
            .as((c, s) -> new Op(c, true, s));
        final Arbitrary<Op> pub = Combinators.combine(Arbitraries.integers().between(0, 5), literal)
            .as((c, s) -> new Op(c, false, s));
        return Arbitraries.frequencyOf(
            Tuple.of(2, sub), Tuple.of(3, pub)).list().ofMinSize(1).ofMaxSize(30);
    }
}
