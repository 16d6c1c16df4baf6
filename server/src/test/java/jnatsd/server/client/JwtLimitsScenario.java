package jnatsd.server.client;

import io.nats.client.NKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;

/**
 * JWT account and user limits on the wire, on any server: accounts limited to one connection, two subscriptions
 * per client and 8-byte payloads, and users limited to one subscription, 4-byte payloads, or with no limits written
 * at all (nats-server reads a missing limit as 0). {@link #run} returns each client's answers, then the server's
 * [ERR] lines about them without time and client prefix.
 */
final class JwtLimitsScenario
{
    private static final Pattern ERR = Pattern.compile("\\[ERR\\] (?:127\\.0\\.0\\.1:\\d+ - cid:\\d+ - )?(.*)");

    final NKey operator = NatsKeys.operator();
    final NKey system = NatsKeys.account();
    final NKey oneConn = NatsKeys.account();
    final NKey twoSubs = NatsKeys.account();
    final NKey smallPay = NatsKeys.account();
    final NKey free = NatsKeys.account();
    /** For the user without limits alone: the subscription log line is once per 2 s per account. */
    final NKey bare = NatsKeys.account();
    final NKey user = NatsKeys.user();

    String config()
    {
        return "operator: " + NatsKeys.operatorJwt(operator, ",\"system_account\":\"" + NatsKeys.publicKey(system)
            + "\"") + "\n"
            + "system_account: " + NatsKeys.publicKey(system) + "\n"
            + "resolver: MEMORY\nresolver_preload: {\n"
            + "  " + NatsKeys.publicKey(system) + ": " + NatsKeys.accountJwt(operator, system, 0, "") + "\n"
            + "  " + NatsKeys.publicKey(oneConn) + ": " + account(oneConn, 1, -1, -1) + "\n"
            + "  " + NatsKeys.publicKey(twoSubs) + ": " + account(twoSubs, -1, 2, -1) + "\n"
            + "  " + NatsKeys.publicKey(smallPay) + ": " + account(smallPay, -1, -1, 8) + "\n"
            + "  " + NatsKeys.publicKey(free) + ": " + account(free, -1, -1, -1) + "\n"
            + "  " + NatsKeys.publicKey(bare) + ": " + account(bare, -1, -1, -1) + "\n"
            + "}\n";
    }

    private String account(final NKey account, final int conn, final int subs, final int payload)
    {
        return NatsKeys.jwt(operator, NatsKeys.publicKey(account), "limited", NatsKeys.now(), 0, "account",
            ",\"limits\":{\"subs\":" + subs + ",\"data\":-1,\"payload\":" + payload
                + ",\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":" + conn + ",\"leaf\":-1}");
    }

    /** A user JWT of {@code account} with exactly these user fields (no limits at all when empty). */
    private String userJwt(final NKey account, final String fields)
    {
        return NatsKeys.jwt(account, NatsKeys.publicKey(user), "u", NatsKeys.now(), 0, "user", fields);
    }

    private static final String UNLIMITED = NatsKeys.UNLIMITED_USER;

    /** A user JWT of {@code account} with unlimited user limits (for jnats in the tests). */
    String unlimitedUser(final NKey account)
    {
        return userJwt(account, UNLIMITED);
    }

    /** INFO lines with the fields that differ between servers and runs masked. */
    static List<String> normalized(final List<String> lines)
    {
        final List<String> out = new ArrayList<>();
        for (final String l : lines)
        {
            out.add(l.replaceAll("\"(server_id|server_name|go)\":\"[^\"]*\"", "\"$1\":\"*\"")
                .replaceAll("\"(port|client_id)\":\\d+", "\"$1\":0"));
        }
        return out;
    }

    List<String> run(final ServerProcess s) throws Exception
    {
        final List<String> out = new ArrayList<>();
        // Account conn 1: the second connection is refused; after the first leaves, a new one gets in.
        final String oneConnUser = userJwt(oneConn, UNLIMITED);
        final RawClient first = WireLogin.login(s, user, user, oneConnUser);
        out.add("conn 1, second: " + answerAll(s, oneConnUser));
        first.close();
        Thread.sleep(300);
        out.add("conn 1, after the first left: " + answerAll(s, oneConnUser));

        // Account subs 2 (per client).
        try (RawClient c = WireLogin.login(s, user, user, userJwt(twoSubs, UNLIMITED)))
        {
            c.send("SUB a 1\r\nSUB b 2\r\nSUB c 3\r\nSUB d 4\r\n");
            out.add("account subs 2: " + c.ping());
            c.send("UNSUB 1\r\nSUB e 5\r\n");
            out.add("account subs 2 after unsub: " + c.ping());
        }

        // Account payload 8.
        out.add("account payload 8: " + pubs(s, userJwt(smallPay, UNLIMITED)));

        // User subs 1, user payload 4 (account unlimited).
        try (RawClient c = WireLogin.login(s, user, user, userJwt(free, ",\"subs\":1,\"data\":-1,\"payload\":-1")))
        {
            c.send("SUB a 1\r\nSUB b 2\r\n");
            out.add("user subs 1: " + c.ping());
        }
        out.add("user payload 4: " + pubs(s, userJwt(free, ",\"subs\":-1,\"data\":-1,\"payload\":4")));
        // The smaller of user and account limit applies.
        out.add("user payload 100 in account payload 8: "
            + pubs(s, userJwt(smallPay, ",\"subs\":-1,\"data\":-1,\"payload\":100")));

        // No limits written: subs 0 (nats-server refuses such a client right after CONNECT), payload 0.
        // Sorted: nats-server tells it from another goroutine, so the -ERR comes before or after PONG and INFO.
        final List<String> bareLines = untilClosed(s, userJwt(bare, ""));
        bareLines.sort(null);
        out.add("no user limits: " + bareLines);
        out.add("no user limits but subs, pub: " + pubs(s, userJwt(free, ",\"subs\":-1")));

        // data is not enforced for clients.
        try (RawClient c = WireLogin.login(s, user, user, userJwt(free, ",\"subs\":-1,\"data\":4,\"payload\":-1")))
        {
            c.send("SUB a 1\r\nPUB a 10\r\n0123456789\r\nPUB a 10\r\n0123456789\r\n");
            out.add("user data 4: " + c.ping());
        }
        out.add("log: " + errLines(s));
        return normalized(out);
    }

    /** Publishes 4 then 9 bytes, each followed by PING: every line back, "closed" where the server closed it. */
    private List<String> pubs(final ServerProcess s, final String jwt) throws IOException
    {
        try (RawClient c = WireLogin.login(s, user, user, jwt))
        {
            final List<String> lines = new ArrayList<>();
            c.send("PUB x 4\r\n0123\r\nPING\r\n");
            if (untilPong(c, lines))
            {
                c.send("PUB x 9\r\n012345678\r\nPING\r\n");
                untilPong(c, lines);
            }
            return lines;
        }
    }

    /** Reads lines into {@code lines} until PONG (true) or the close (false, "closed" added). */
    private static boolean untilPong(final RawClient c, final List<String> lines) throws IOException
    {
        for (String l = c.line(); l != null; l = c.line())
        {
            if ("PONG".equals(l))
            {
                lines.add(l);
                return true;
            }
            lines.add(l);
        }
        lines.add("closed");
        return false;
    }

    /** A login's whole answer to CONNECT + PING: every line until PONG or the close. */
    private List<String> answerAll(final ServerProcess s, final String jwt) throws IOException
    {
        try (RawClient raw = RawClient.open(s.port(), 0, 5_000))
        {
            raw.sendConnectAndPing(WireLogin.fields(raw.info(), user, user, jwt));
            final List<String> lines = new ArrayList<>();
            String l = raw.line();
            while (l != null && !"PONG".equals(l))
            {
                lines.add(l);
                l = raw.line();
            }
            if (l != null)
            {
                lines.add(l);
            }
            return lines;
        }
    }

    /** A login's every line after CONNECT + PING until the server closes the connection. */
    private List<String> untilClosed(final ServerProcess s, final String jwt) throws IOException
    {
        try (RawClient raw = RawClient.open(s.port(), 0, 5_000))
        {
            raw.sendConnectAndPing(WireLogin.fields(raw.info(), user, user, jwt));
            return raw.untilClosed();
        }
    }

    private static List<String> errLines(final ServerProcess s) throws InterruptedException
    {
        Thread.sleep(300);
        final List<String> lines = new ArrayList<>();
        for (final String line : s.log().split("\n"))
        {
            final Matcher m = ERR.matcher(line);
            if (m.find())
            {
                lines.add(m.group(1));
            }
        }
        return lines;
    }
}
