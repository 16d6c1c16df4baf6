package jnatsd.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.UserOptions;
import org.junit.jupiter.api.Test;

class AuthenticatorTest
{
    private static AuthOptions users(final UserOptions... users)
    {
        return new AuthOptions("", "", "", List.of(users), null, "", 0);
    }

    @Test
    void shouldCheckNewConnectsAgainstTheReloadedUsers()
    {
        final Authenticator a = new Authenticator(users(new UserOptions("alice", "a1", null)));
        assertNotNull(a.authenticate("alice", "a1", null));
        assertNull(a.authenticate("bob", "b1", null));
        final long before = a.generation();

        a.reload(users(new UserOptions("bob", "b1", null)));

        assertEquals(before + 1, a.generation());
        assertNull(a.authenticate("alice", "a1", null), "alice was removed");
        final Authenticator.Identity bob = a.authenticate("bob", "b1", null);
        assertEquals("bob", bob.user());
        assertEquals(a.generation(), bob.credentials().generation(), "checked against the new authorization");
        assertTrue(a.hasUser("bob"));
        assertFalse(a.hasUser("alice"));
    }

    @Test
    void shouldRecheckOpenConnectionsWithTheirOwnCredentials()
    {
        final Permissions narrow = new Permissions(new SubjectPermission(List.of("foo"), List.of()), null);
        final Authenticator a = new Authenticator(users(new UserOptions("alice", "a1", null)));
        final Authenticator.Identity before = a.authenticate("alice", "a1", null);

        a.reload(users(new UserOptions("alice", "a1", narrow)));
        final Authenticator.Identity same = a.recheck(before.credentials());
        assertEquals(narrow, same.permissions(), "the new permissions");

        a.reload(users(new UserOptions("alice", "a2", narrow)));
        assertNull(a.recheck(before.credentials()), "the password changed");
        assertTrue(a.hasUser("alice"), "the user is still there: an authorization violation, not a removal");
    }

    @Test
    void shouldLetNoAuthUserClientsInAgainAsNoAuthUser()
    {
        final AuthOptions auth = new AuthOptions("", "", "", List.of(new UserOptions("a", "b", null)), null, "a", 0);
        final Authenticator a = new Authenticator(auth);
        final Authenticator.Identity anonymous = a.authenticate(null, null, null);
        assertEquals("a", anonymous.user());
        a.reload(auth);
        assertEquals("a", a.recheck(anonymous.credentials()).user());
    }

    @Test
    void shouldSwitchBetweenTokenAndNoAuthentication()
    {
        final Authenticator a = new Authenticator(new AuthOptions("", "", "t1", List.of(), null, "", 0));
        assertTrue(a.required());
        final Authenticator.Identity tok = a.authenticate(null, null, "t1");
        a.reload(new AuthOptions("", "", "t2", List.of(), null, "", 0));
        assertNull(a.recheck(tok.credentials()));
        a.reload(AuthOptions.none());
        assertFalse(a.required());
        assertNotNull(a.recheck(tok.credentials()), "no authentication: everyone is let in");
        assertFalse(a.hasUsers());
    }

    @Test
    void shouldNeverShowSecretsInCredentials()
    {
        final Authenticator a = new Authenticator(users(new UserOptions("alice", "s3cret", null)));
        final String shown = a.authenticate("alice", "s3cret", null).credentials().toString();
        assertFalse(shown.contains("s3cret"), shown);
    }
}
