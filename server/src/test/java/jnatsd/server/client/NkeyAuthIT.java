package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Subscription;
import java.util.List;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/**
 * nkey users: INFO carries a nonce, a client proves its key by signing it (jnats' AuthHandler), gets its permissions;
 * a wrong or missing signature or an unknown key is refused with nats-server's -ERR and log line, and nobody else
 * is disturbed.
 */
class NkeyAuthIT extends AuthTestSupport
{
    private final NKey alice = NatsKeys.user();
    private final NKey bob = NatsKeys.user();
    private final NKey stranger = NatsKeys.user();

    @Override
    protected String serverConfig()
    {
        return "debug: true\n"
            + "authorization {\n"
            + "  users = [\n"
            + "    { nkey: " + NatsKeys.publicKey(alice) + ", permissions: {\n"
            + "        publish: { allow: [\"nk.>\", \"_INBOX.>\"] }\n"
            + "        subscribe: { allow: [\"nk.>\", \"_INBOX.>\"] } } }\n"
            + "    { nkey: " + NatsKeys.publicKey(bob) + " }\n"
            + "  ]\n"
            + "}\n";
    }

    @Test
    void infoShouldCarryAFreshNonce() throws Exception
    {
        try (RawClient a = RawClient.open(server.port()); RawClient b = RawClient.open(server.port()))
        {
            final String nonce = WireLogin.nonce(a.info());
            assertTrue(nonce != null && nonce.matches("[A-Za-z0-9_-]{15}"), a.info());
            assertTrue(a.info().contains("\"auth_required\":true"), a.info());
            assertTrue(a.info().indexOf("\"client_ip\"") < a.info().indexOf("\"nonce\""),
                "nonce follows client_ip as in nats-server's INFO: " + a.info());
            assertNotEquals(nonce, WireLogin.nonce(b.info()), "each connection gets its own nonce");
        }
    }

    @Test
    void shouldLetNkeyUsersInWithTheirPermissions() throws Exception
    {
        final ErrorRecorder errors = new ErrorRecorder();
        final Connection a = connect(options(errors).authHandler(NatsKeys.handler(null, alice)));
        final Connection b = connect(options().authHandler(NatsKeys.handler(null, bob)));
        final Subscription all = b.subscribe(">");
        flush(b);
        a.publish("nk.ok", bytes("allowed"));
        a.publish("elsewhere", bytes("denied"));
        errors.awaitError("Permissions Violation for Publish to \"elsewhere\"");
        barrier(a, b);
        assertEquals(List.of("allowed"), drain(all), "alice's permissions apply");
        assertAccepted(options().authHandler(NatsKeys.handler(null, bob)));
    }

    @Test
    void shouldRefuseWrongMissingAndUnknownSignaturesWithNatsServersAnswer() throws Exception
    {
        final Connection bystander = connect(options().authHandler(NatsKeys.handler(null, bob)));
        final Subscription s = bystander.subscribe("nk.bystander");
        flush(bystander);

        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, alice, bob, null), "signed by another key");
        assertTrue(server.awaitLog("authentication error - Nkey \"" + NatsKeys.publicKey(alice) + "\"", 5_000),
            server.log());
        assertTrue(server.awaitLog(" - Signature not verified", 5_000), "debug reason");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, alice, null, null), "no signature");
        assertTrue(server.awaitLog(" - Signature missing", 5_000), "debug reason");
        assertEquals(WireLogin.VIOLATION, WireLogin.answer(server, stranger, stranger, null), "unknown nkey");
        assertTrue(server.awaitLog("authentication error - Nkey \"" + NatsKeys.publicKey(stranger) + "\"", 5_000));
        assertRejectedOnWire("\"user\":\"alice\",\"pass\":\"x\"");
        assertTrue(server.awaitLog("authentication error - Nkey \"\"", 5_000), "no nkey sent");
        assertRejected(options().authHandler(NatsKeys.handler(null, stranger)));

        bystander.publish("nk.bystander", bytes("still here"));
        assertEquals("still here", text(nextMessage(s, "the bystander's own message")));
        assertEquals(Connection.Status.CONNECTED, bystander.getStatus(), "other clients are not disturbed");
        assertFalse(server.log().contains("\"sig\""), "a signature is never logged");
    }
}
