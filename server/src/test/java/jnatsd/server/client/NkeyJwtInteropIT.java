package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nats.client.NKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * nkey users and JWT operator mode against nats-server 2.9.10 and jnatsd with the same configs and keys
 * (-Pinterop): the INFO fields (nonce included, in nats-server's order), the answer to each good and bad login,
 * and the log lines that give the reasons must be the same.
 */
class NkeyJwtInteropIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An auth-related log line, without the pid, time and client prefix (their numbers differ). */
    private static final Pattern LOG = Pattern.compile(
        "\\[(ERR|WRN|DBG)\\] (?:127\\.0\\.0\\.1:\\d+ - cid:\\d+ - )?(.*)");

    private static final NKey ALICE = NatsKeys.user();
    private static final NKey BOB = NatsKeys.user();
    private static final NKey OPERATOR = NatsKeys.operator();
    private static final NKey ACCOUNT = NatsKeys.account();
    private static final NKey SYSTEM = NatsKeys.account();
    private static final NKey OTHER_OPERATOR = NatsKeys.operator();
    private static final NKey UNTRUSTED = NatsKeys.account();
    private static final NKey USER = NatsKeys.user();
    private static final NKey REVOKED = NatsKeys.user();
    private static final long NOW = NatsKeys.now();
    private static final String EXPIRED = NatsKeys.userJwt(ACCOUNT, USER, NOW - 100, NOW - 10, "");
    private static final String GOOD = NatsKeys.userJwt(ACCOUNT, USER, NOW, 0, ",\"pub\":{\"allow\":[\"ok\"]}");
    private static final String OLD = NatsKeys.userJwt(ACCOUNT, REVOKED, NOW - 10, 0, "");
    private static final String UNKNOWN_ACCOUNT = NatsKeys.userJwt(NatsKeys.account(), USER, NOW, 0, "");
    private static final String UNTRUSTED_JWT = NatsKeys.userJwt(UNTRUSTED, USER, NOW, 0, "");

    private static final String NKEY_CONFIG = "debug: true\nauthorization { users = [\n"
        + "{ nkey: " + NatsKeys.publicKey(ALICE) + ", permissions: { publish: \"ok\" } }\n"
        + "{ user: bob, password: pw }\n] }\n";

    private static final String OPERATOR_CONFIG = "debug: true\n"
        + "operator: " + NatsKeys.operatorJwt(OPERATOR, ",\"system_account\":\"" + NatsKeys.publicKey(SYSTEM) + "\"")
        + "\nresolver: MEMORY\nresolver_preload: {\n"
        + "  " + NatsKeys.publicKey(ACCOUNT) + ": " + NatsKeys.accountJwt(OPERATOR, ACCOUNT, 0,
            ",\"revocations\":{\"" + NatsKeys.publicKey(REVOKED) + "\":" + NOW + "}") + "\n"
        + "  " + NatsKeys.publicKey(SYSTEM) + ": " + NatsKeys.accountJwt(OPERATOR, SYSTEM, 0, "") + "\n"
        + "  " + NatsKeys.publicKey(UNTRUSTED) + ": " + NatsKeys.accountJwt(OTHER_OPERATOR, UNTRUSTED, 0, "") + "\n"
        + "}\n";

    @Test
    void nkeyUsersBehaveAlike() throws Exception
    {
        assertEquals(nkeyScript(ServerProcess.Kind.NATS_SERVER), nkeyScript(ServerProcess.Kind.JNATSD));
    }

    @Test
    void operatorModeBehavesAlike() throws Exception
    {
        assertEquals(operatorScript(ServerProcess.Kind.NATS_SERVER), operatorScript(ServerProcess.Kind.JNATSD));
    }

    private static List<String> nkeyScript(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ServerProcess.start(kind, NKEY_CONFIG))
        {
            final List<String> out = new ArrayList<>();
            out.add("info: " + infoShape(s));
            out.add("good: " + WireLogin.answer(s, ALICE, ALICE, null));
            try (RawClient alice = WireLogin.login(s, ALICE, ALICE, null))
            {
                alice.send("PUB ok 1\r\nx\r\nPUB no 1\r\ny\r\n");
                out.add("publishes: " + alice.ping());
            }
            out.add("wrong signature: " + WireLogin.answer(s, ALICE, BOB, null));
            out.add("no signature: " + WireLogin.answer(s, ALICE, null, null));
            out.add("unknown nkey: " + WireLogin.answer(s, BOB, BOB, null));
            try (RawClient bob = RawClient.connect(s, "\"user\":\"bob\",\"pass\":\"nope\""))
            {
                out.add("bad password: " + bob.untilClosed());
            }
            awaitLines(s, 4);
            out.add("log: " + authLines(s));
            return out;
        }
    }

    private static List<String> operatorScript(final ServerProcess.Kind kind) throws Exception
    {
        try (ServerProcess s = ServerProcess.start(kind, OPERATOR_CONFIG))
        {
            final List<String> out = new ArrayList<>();
            out.add("info: " + infoShape(s));
            out.add("good: " + WireLogin.answer(s, USER, USER, GOOD));
            try (RawClient user = WireLogin.login(s, USER, USER, GOOD))
            {
                user.send("PUB ok 1\r\nx\r\nPUB no 1\r\ny\r\n");
                out.add("publishes: " + user.ping());
            }
            out.add("expired: " + WireLogin.answer(s, USER, USER, EXPIRED));
            out.add("revoked: " + WireLogin.answer(s, REVOKED, REVOKED, OLD));
            out.add("unknown account: " + WireLogin.answer(s, USER, USER, UNKNOWN_ACCOUNT));
            out.add("untrusted account: " + WireLogin.answer(s, USER, USER, UNTRUSTED_JWT));
            out.add("malformed: " + WireLogin.answer(s, USER, USER, "notajwt"));
            out.add("wrong signature: " + WireLogin.answer(s, USER, ALICE, GOOD));
            out.add("no jwt: " + WireLogin.answer(s, USER, USER, null));
            awaitLines(s, 7);
            out.add("log: " + authLines(s));
            final List<String> banner = bannerLines(s);
            assertEquals(5, banner.size(), kind + " start-up lines: " + banner);
            out.add("banner: " + banner);
            return out;
        }
    }

    /** INFO's field names in order, with the nonce's form. */
    private static String infoShape(final ServerProcess s) throws Exception
    {
        try (RawClient raw = RawClient.open(s.port()))
        {
            final JsonNode info = JSON.readTree(raw.info().substring("INFO ".length()));
            final List<String> names = new ArrayList<>();
            final Iterator<String> it = info.fieldNames();
            while (it.hasNext())
            {
                names.add(it.next());
            }
            final String nonce = info.path("nonce").asText();
            assertTrue(nonce.matches("[A-Za-z0-9_-]{15}"), raw.info());
            return names + " auth_required=" + info.path("auth_required").asBoolean();
        }
    }

    private static void awaitLines(final ServerProcess s, final int errors) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + 5_000;
        while (authLines(s).stream().filter(l -> l.startsWith("ERR authentication error")).count() < errors
            && System.currentTimeMillis() < end)
        {
            Thread.sleep(20);
        }
    }

    /** The start-up lines of operator mode. */
    private static List<String> bannerLines(final ServerProcess s)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : s.log().split("\n"))
        {
            final int level = Math.max(line.indexOf("[INF] "), line.indexOf("[WRN] "));
            final String text = level < 0 ? "" : line.substring(level + "[INF] ".length());
            if (text.startsWith("Trusted Operators") || text.matches("  (System  |Operator|Issued  |Expires ): .*"))
            {
                out.add(text);
            }
        }
        return out;
    }

    /** The authentication errors and their reasons, in order. */
    private static List<String> authLines(final ServerProcess s)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : s.log().split("\n"))
        {
            final Matcher m = LOG.matcher(line);
            if (!m.find())
            {
                continue;
            }
            final String text = m.group(2);
            if (text.startsWith("authentication error") || text.startsWith("Signature")
                || text.startsWith("User JWT") || text.startsWith("Account JWT") || text.startsWith("Account fetch")
                || text.startsWith("User authentication") || text.startsWith("Authentication requires")
                || text.contains("Violation"))
            {
                out.add(m.group(1) + " " + text);
            }
        }
        return out;
    }
}
