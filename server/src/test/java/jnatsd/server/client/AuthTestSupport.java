package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.time.Duration;
import jnatsd.testsupport.RawClient;

/**
 * Shared checks of the authentication tests: a good login can exchange messages, a bad one is refused. jnats only
 * reports a refusal after its connection timeout, so most refusals are checked on a raw socket, which also pins the
 * exact wire text.
 */
abstract class AuthTestSupport extends NatsClientTestSupport
{
    /** jnats waits this long for the PONG that never comes after -ERR 'Authorization Violation'. */
    private static final Duration REJECT_TIMEOUT = Duration.ofSeconds(2);

    /** Connects with the given credentials and proves the connection works with a message round trip. */
    protected void assertAccepted(final Options.Builder credentials) throws Exception
    {
        final Connection c = connect(credentials);
        final String subject = uniqueSubject("auth.ok");
        final Subscription s = c.subscribe(subject);
        c.publish(subject, bytes("in"));
        assertEquals("in", text(nextMessage(s, "own message after a successful login")));
    }

    /** The server must refuse the login with -ERR 'Authorization Violation', which jnats turns into an exception. */
    protected void assertRejected(final Options.Builder credentials)
    {
        final AuthenticationException ex = assertThrows(AuthenticationException.class,
            () -> connect(credentials.connectionTimeout(REJECT_TIMEOUT)), "login must be refused");
        assertTrue(String.valueOf(ex.getMessage()).contains("Authorization Violation"),
            "refusal must carry the server's -ERR 'Authorization Violation', got: " + ex.getMessage());
    }

    /**
     * Sends {@code CONNECT {<fields>}} and PING on a raw socket: the answer must be exactly
     * {@code -ERR 'Authorization Violation'}, then the server closes the connection.
     *
     * @param connectFields JSON members to add to CONNECT, e.g. {@code "user":"a","pass":"b"}, or empty
     */
    protected void assertRejectedOnWire(final String connectFields) throws Exception
    {
        try (RawClient raw = RawClient.open(server.port(), 0, (int)TIMEOUT.toMillis()))
        {
            assertTrue(raw.info().contains("\"auth_required\":true"),
                "INFO must announce auth_required: " + raw.info());
            final String sep = connectFields.isEmpty() ? "" : ",";
            raw.send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1" + sep + connectFields + "}\r\n"
                + "PING\r\n");
            assertEquals("-ERR 'Authorization Violation'", raw.line(), "answer to CONNECT {" + connectFields + "}");
            raw.readUntilClosed();
        }
    }
}
