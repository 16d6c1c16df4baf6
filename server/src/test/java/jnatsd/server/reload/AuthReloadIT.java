package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.logLines;
import static jnatsd.server.reload.ReloadTestSupport.reload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGHUP with a changed authorization, against a real jnatsd: new clients are checked against the new users,
 * passwords, tokens and permissions; open ones are checked again with what they connected with, with nats-server
 * 2.9.10's -ERR texts and log lines (each checked against the real binary, see AuthReloadInteropIT).
 */
class AuthReloadIT
{
    private static final String ALICE = "\"user\":\"alice\",\"pass\":\"a1\"";
    private ServerProcess server;

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    private static String users(final String entries)
    {
        return "authorization { users = [\n" + entries + "\n] }\n";
    }

    @Test
    void addedUserCanLogInAndRemovedUserIsClosedWithoutErr() throws Exception
    {
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, users("{user: alice, password: a1}"));
        try (RawClient bob = RawClient.connect(server, "\"user\":\"bob\",\"pass\":\"b1\""))
        {
            assertEquals(List.of("-ERR 'Authorization Violation'"), bob.untilClosed(), "bob is not a user yet");
        }
        assertTrue(server.awaitLog(" - authentication error - User \"bob\"", 5_000), server.log());
        final RawClient alice = RawClient.login(server, ALICE);

        reload(server, users("{user: bob, password: b1}"));

        // As nats-server: a client whose user is gone is closed without -ERR ("Client Closed").
        assertEquals(List.of(), alice.untilClosed(), "alice's connection after her user was removed");
        assertTrue(server.awaitLog("Client connection closed: Client Closed", 5_000), server.log());
        try (RawClient again = RawClient.connect(server, ALICE))
        {
            assertEquals(List.of("-ERR 'Authorization Violation'"), again.untilClosed(), "alice can no longer log in");
        }
        // The new user logs in with the official client and exchanges a message.
        try (Connection bob = Nats.connect(new Options.Builder().server(server.url()).userInfo("bob", "b1")
            .connectionTimeout(Duration.ofSeconds(5)).build()))
        {
            final Subscription sub = bob.subscribe("hello");
            bob.publish("hello", "hi".getBytes());
            assertEquals("hi", new String(sub.nextMessage(Duration.ofSeconds(5)).getData()));
        }
        assertEquals(List.of("[INF] Reloaded: authorization users", "[INF] Reloaded: accounts"),
            logLines(server, "Reloaded: "));
        alice.close();
    }

    @Test
    void changedPasswordClosesTheOpenClientWithAuthorizationViolation() throws Exception
    {
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, users("{user: alice, password: a1}"));
        final RawClient alice = RawClient.login(server, ALICE);

        reload(server, users("{user: alice, password: a2}"));

        assertEquals(List.of("-ERR 'Authorization Violation'"), alice.untilClosed());
        final List<String> err = logLines(server, "authentication error");
        assertEquals(1, err.size(), server.log());
        assertTrue(err.get(0).matches(
            "\\[ERR] 127\\.0\\.0\\.1:\\d+ - cid:\\d+ - authentication error - User \"alice\""), err.get(0));
        assertTrue(server.awaitLog("Client connection closed: Authentication Failure", 5_000), server.log());
        assertFalse(server.log().contains("a2"), "no password is ever logged:\n" + server.log());
        RawClient.login(server, "\"user\":\"alice\",\"pass\":\"a2\"").close();
        try (RawClient old = RawClient.connect(server, ALICE))
        {
            assertEquals(List.of("-ERR 'Authorization Violation'"), old.untilClosed(), "the old password");
        }
        alice.close();
    }

    /** Also with the engine on its own thread: the re-check then crosses threads through the admin queue. */
    @ParameterizedTest
    @ValueSource(strings = {"threading: shared", "threading: dedicated, transport_threads: 2, engine_idle: blocking"})
    void narrowedPermissionsRefuseThePublishAndRemoveTheForbiddenSubscription(final String threading) throws Exception
    {
        final String tuning = "jnatsd { " + threading + " }\n";
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, tuning + users(
            "{user: bob, password: b1}\n{user: admin, password: ad}"));
        final RawClient bob = RawClient.login(server, "\"user\":\"bob\",\"pass\":\"b1\"");
        bob.send("SUB foo 1\r\nSUB bar 2\r\nSUB baz.* 3\r\n");
        assertEquals(List.of(), bob.ping());
        final RawClient admin = RawClient.login(server, "\"user\":\"admin\",\"pass\":\"ad\"");

        reload(server, tuning + users("{user: bob, password: b1, permissions: "
            + "{publish: \"foo\", subscribe: [\"foo\", \"baz.*\"]}}\n{user: admin, password: ad}"));

        // The forbidden subscription is removed with nats-server's -ERR; the connection stays open.
        assertEquals(List.of("-ERR 'Permissions Violation for Subscription to \"bar\" (sid \"2\")'"), bob.ping());
        assertEquals(List.of("[INF] Removed sub \"bar\" (sid \"2\") for User \"bob\" - not authorized"),
            logLines(server, "Removed sub"));
        // Publishing is checked against the new permissions from now on.
        bob.send("PUB bar 1\r\nx\r\nPUB foo 1\r\ny\r\n");
        assertEquals(List.of("-ERR 'Permissions Violation for Publish to \"bar\"'", "MSG foo 1 1 y"), bob.ping());
        assertTrue(server.awaitLog(" - Publish Violation - User \"bob\", Subject \"bar\"", 5_000), server.log());
        // Nothing reaches the removed subscription; the allowed ones still work.
        admin.send("PUB bar 1\r\nz\r\nPUB baz.x 1\r\nw\r\n");
        assertEquals(List.of(), admin.ping());
        assertEquals(List.of("MSG baz.x 3 1 w"), bob.ping());
        bob.close();
        admin.close();
    }

    @Test
    void bcryptUsersAreCheckedAgainstTheirNewHashes() throws Exception
    {
        final String hashOne = bcrypt("pw-one");
        final String hashOneAgain = bcrypt("pw-one");
        final String hashTwo = bcrypt("pw-two");
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, users("{user: alice, password: \"" + hashOne
            + "\"}\n{user: bob, password: \"" + hashOne + "\"}"));
        final RawClient alice = RawClient.login(server, "\"user\":\"alice\",\"pass\":\"pw-one\"");
        final RawClient bob = RawClient.login(server, "\"user\":\"bob\",\"pass\":\"pw-one\"");

        // alice's password is hashed anew (same password): she stays; bob's password changed: he is refused.
        reload(server, users("{user: alice, password: \"" + hashOneAgain + "\"}\n{user: bob, password: \""
            + hashTwo + "\"}"));

        assertEquals(List.of("-ERR 'Authorization Violation'"), bob.untilClosed());
        assertEquals(List.of(), alice.ping(), "alice's password still matches her new hash");
        assertFalse(server.log().contains("pw-"), "no password is ever logged:\n" + server.log());
        alice.close();
        bob.close();
    }

    private static String bcrypt(final String password)
    {
        return at.favre.lib.crypto.bcrypt.BCrypt.withDefaults().hashToString(4, password.toCharArray());
    }

    @Test
    void changedTokenClosesTheOpenClientAndOnlyTheNewTokenLogsIn() throws Exception
    {
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, "authorization { token: t-one }\n");
        final RawClient old = RawClient.login(server, "\"auth_token\":\"t-one\"");

        reload(server, "authorization { token: t-two }\n");

        assertEquals(List.of("-ERR 'Authorization Violation'"), old.untilClosed());
        final List<String> err = logLines(server, "authentication error");
        assertEquals(1, err.size(), server.log());
        assertTrue(err.get(0).endsWith(" - authentication error"), err.get(0));
        assertEquals(List.of("[INF] Reloaded: authorization users", "[INF] Reloaded: accounts",
            "[INF] Reloaded: authorization token"), logLines(server, "Reloaded: "));
        assertFalse(server.log().contains("t-two"), "no token is ever logged:\n" + server.log());
        RawClient.login(server, "\"auth_token\":\"t-two\"").close();
        try (RawClient again = RawClient.connect(server, "\"auth_token\":\"t-one\""))
        {
            assertEquals(List.of("-ERR 'Authorization Violation'"), again.untilClosed(), "the old token");
        }
        old.close();
    }

    @Test
    void turningAuthenticationOnAndOffAppliesToOpenAndNewClients() throws Exception
    {
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, "");
        final RawClient anonymous = RawClient.login(server, "");

        reload(server, users("{user: alice, password: a1}"));

        assertEquals(List.of("-ERR 'Authorization Violation'"), anonymous.untilClosed());
        assertTrue(server.log().contains(" - authentication error - User \"\""), server.log());
        try (Socket s = new Socket("127.0.0.1", server.port()))
        {
            s.setSoTimeout(ReloadTestSupport.READ_TIMEOUT_MS);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            final String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(all.startsWith("INFO ") && all.contains("\"auth_required\":true"), all);
            assertTrue(all.endsWith("-ERR 'Authorization Violation'\r\n"), "an operation before CONNECT: " + all);
        }
        final RawClient alice = RawClient.login(server, ALICE);

        reload(server, "");

        assertEquals(List.of(), alice.untilClosed(), "alice's user is gone");
        try (RawClient open = RawClient.connect(server, ""))
        {
            assertEquals(List.of(), open.ping(), "no authentication any more");
        }
        anonymous.close();
        alice.close();
    }

    @Test
    void authTimeoutIsReloadedAndNoAuthUserChangeIsRefusedAsNatsServerDoes() throws Exception
    {
        final String base = "authorization { timeout: 3, users = [{user: a, password: b}, {user: c, password: d}] }\n";
        server = ReloadTestSupport.start(ServerProcess.Kind.JNATSD, base + "no_auth_user: a\n");
        final RawClient anonymous = RawClient.login(server, "");

        Files.writeString(server.dir().resolve("server.conf"), base + "no_auth_user: c\n");
        server.signal("HUP");
        assertTrue(server.awaitLog("[ERR] Failed to reload server configuration: config reload not supported for "
            + "NoAuthUser: old=a, new=c", 10_000), server.log());

        reload(server, base.replace("timeout: 3", "timeout: 0.5") + "no_auth_user: a\n");
        assertTrue(server.log().contains("[INF] Reloaded: authorization timeout = 0.5"), server.log());
        assertEquals(List.of(), anonymous.ping(), "the no_auth_user client is still authorized");
        // A new client that never sends CONNECT is timed out after the new half second.
        try (Socket silent = new Socket("127.0.0.1", server.port()))
        {
            silent.setSoTimeout(1_500);
            final String all = new String(silent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(all.contains("-ERR 'Authentication Timeout'"), all);
        }
        anonymous.close();
    }
}
