package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-user publish and subscribe permissions: a violation is reported with -ERR, the message or subscription has no
 * effect, and the connection stays open and usable.
 */
class PermissionsIT extends NatsClientTestSupport
{
    @Override
    protected String serverConfig()
    {
        return "authorization {\n"
            + "  users = [\n"
            + "    { user: admin, password: admin-pw }\n"
            + "    { user: limited, password: limited-pw, permissions: {\n"
            + "        publish: { allow: [\"perm.>\", \"_INBOX.>\"], deny: [\"perm.secret.*\"] }\n"
            + "        subscribe: { allow: [\"perm.>\", \"_INBOX.>\"], deny: \"perm.hidden\" }\n"
            + "    } }\n"
            + "  ]\n"
            + "}\n";
    }

    @Test
    void shouldRejectDeniedPublishAndKeepConnectionOpen() throws Exception
    {
        final ErrorRecorder errors = new ErrorRecorder();
        final Connection limited = connect(options(errors).userInfo("limited", "limited-pw"));
        final Connection admin = connect(options().userInfo("admin", "admin-pw"));
        final Subscription all = admin.subscribe("perm.>");
        flush(admin);

        limited.publish("perm.secret.x", bytes("denied"));
        errors.awaitError("Permissions Violation for Publish to \"perm.secret.x\"");
        limited.publish("other.subject", bytes("not allowed"));
        errors.awaitError("Permissions Violation for Publish to \"other.subject\"");
        limited.publish("perm.open", bytes("allowed"));
        barrier(limited, admin);

        assertEquals(List.of("allowed"), drain(all), "denied messages must not be delivered");
        assertEquals(Connection.Status.CONNECTED, limited.getStatus(), "a violation does not close the connection");
        errors.assertNone();
    }

    @Test
    void shouldRejectDeniedSubscribeAndKeepConnectionOpen() throws Exception
    {
        final ErrorRecorder errors = new ErrorRecorder();
        final Connection limited = connect(options(errors).userInfo("limited", "limited-pw"));
        final Connection admin = connect(options().userInfo("admin", "admin-pw"));

        final Subscription hidden = limited.subscribe("perm.hidden");
        errors.awaitError("Permissions Violation for Subscription to \"perm.hidden\"");
        final Subscription outside = limited.subscribe("elsewhere");
        errors.awaitError("Permissions Violation for Subscription to \"elsewhere\"");
        final Subscription visible = limited.subscribe("perm.visible");
        flush(limited);

        admin.publish("perm.hidden", bytes("h"));
        admin.publish("elsewhere", bytes("e"));
        admin.publish("perm.visible", bytes("v"));
        barrier(admin, limited);

        assertEquals(List.of(), drain(hidden), "a denied subscription receives nothing");
        assertEquals(List.of(), drain(outside), "a subscription outside the allow list receives nothing");
        assertEquals(List.of("v"), drain(visible));
        assertEquals(Connection.Status.CONNECTED, limited.getStatus(), "a violation does not close the connection");
        errors.assertNone();
    }

    @Test
    void shouldAllowRequestReplyWithinPermissions() throws Exception
    {
        final Connection limited = connect(options().userInfo("limited", "limited-pw"));
        final Connection admin = connect(options().userInfo("admin", "admin-pw"));
        admin.createDispatcher(m -> admin.publish(m.getReplyTo(), bytes("pong:" + text(m)))).subscribe("perm.svc");
        flush(admin);
        assertEquals("pong:ping", text(limited.request("perm.svc", bytes("ping"), TIMEOUT)));
    }
}
