package jnatsd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * allow_responses in the engine: a service whose publish permissions deny everything may answer the reply subject
 * of a request it was delivered, max times within the expiry; anything else gets nats-server's -ERR.
 */
class ResponsePermissionsEngineTest
{
    private static final long SECOND = 1_000_000_000L;

    private final EngineDriver driver = new EngineDriver(List.of());

    @Test
    void shouldLetAServiceAnswerOnceAndRefuseTheRest()
    {
        final long t0 = 1_000 * SECOND;
        driver.engine.clock(t0);
        final EngineDriver.Client service = driver.client(responder(1, 2 * SECOND));
        final EngineDriver.Client requester = driver.client("");
        service.sub("svc", "1");
        requester.sub("_INBOX.r1", "9");
        requester.sub("_INBOX.r2", "9b");
        requester.sub("elsewhere", "8");
        service.read();
        requester.read();

        requester.pub("svc", "_INBOX.r1", "q1");
        assertEquals("MSG svc 1 _INBOX.r1 2\r\nq1\r\n", service.read());
        service.pub("_INBOX.r1", "", "a1");
        assertEquals("MSG _INBOX.r1 9 2\r\na1\r\n", requester.read(), "the first answer is delivered");
        assertEquals("", service.read());

        service.pub("_INBOX.r1", "", "a2");
        assertEquals("-ERR 'Permissions Violation for Publish to \"_INBOX.r1\"'\r\n", service.read(),
            "a second answer is beyond max 1");
        service.pub("elsewhere", "", "x");
        assertEquals("-ERR 'Permissions Violation for Publish to \"elsewhere\"'\r\n", service.read(),
            "no publish permission means deny all but replies");
        assertEquals("", requester.read(), "nothing refused reached the requester");

        requester.pub("svc", "_INBOX.r2", "q2");
        service.read();
        driver.engine.clock(t0 + 2 * SECOND + 1);
        service.pub("_INBOX.r2", "", "late");
        assertEquals("-ERR 'Permissions Violation for Publish to \"_INBOX.r2\"'\r\n", service.read(),
            "an expired reply is refused");
        assertEquals("", requester.read());
    }

    @Test
    void shouldKeepExplicitPublishPermissionsBesideReplies()
    {
        final SubjectTable allow = table("status.>");
        final EngineDriver.Client service = driver.client(
            new SessionPermissions(allow, null, null, null, 2, 0));
        final EngineDriver.Client requester = driver.client("");
        service.sub("svc", "1");
        requester.sub(">", "9");
        service.read();
        requester.read();

        service.pub("status.up", "", "s");
        assertEquals("MSG status.up 9 1\r\ns\r\n", requester.read(), "its allow list still applies");
        requester.pub("svc", "reply.x", "q");
        requester.read();
        service.read();
        service.pub("reply.x", "", "a1");
        service.pub("reply.x", "", "a2");
        service.pub("reply.x", "", "a3");
        assertEquals("MSG reply.x 9 2\r\na1\r\nMSG reply.x 9 2\r\na2\r\n", requester.read(), "max 2 answers");
        assertEquals("-ERR 'Permissions Violation for Publish to \"reply.x\"'\r\n", service.read());
    }

    @Test
    void shouldNotTrackRepliesWithoutResponsePermissions()
    {
        final EngineDriver.Client limited = driver.client(
            new SessionPermissions(table("svc"), null, null, null));
        final EngineDriver.Client requester = driver.client("");
        assertNull(limited.session.replyPermits, "the common path carries no tracker");
        limited.sub("svc", "1");
        requester.sub("_INBOX.r", "9");
        requester.pub("svc", "_INBOX.r", "q");
        limited.read();
        limited.pub("_INBOX.r", "", "a");
        assertEquals("-ERR 'Permissions Violation for Publish to \"_INBOX.r\"'\r\n", limited.read(),
            "without allow_responses a reply is an ordinary publish");
    }

    private static SessionPermissions responder(final int max, final long ttlNs)
    {
        // What Authenticator.compile makes of allow_responses without publish: an empty allow table.
        return new SessionPermissions(new SubjectTable(0), null, null, null, max, ttlNs);
    }

    private static SubjectTable table(final String subject)
    {
        final SubjectTable t = new SubjectTable(0);
        final UnsafeBuffer b = new UnsafeBuffer(subject.getBytes(StandardCharsets.US_ASCII));
        t.add(0, b, 0, b.capacity(), b, 0, 0);
        return t;
    }
}
