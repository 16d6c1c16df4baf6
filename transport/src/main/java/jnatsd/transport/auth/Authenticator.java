package jnatsd.transport.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.UserOptions;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks CONNECT credentials against the configured authorization, as nats-server 2.9 does: a users list,
 * else a single user/password, else a token. Passwords and tokens starting with "$2" are bcrypt hashes.
 * Thread-safe (immutable, plus a cache of bcrypt checks that already passed, because bcrypt costs ~100 ms).
 */
public final class Authenticator
{
    /** The outcome of a successful check. */
    public record Identity(String user, Permissions permissions)
    {
    }

    private final AuthOptions auth;
    private final Map<String, UserOptions> users = new HashMap<>();
    private final Map<String, Boolean> bcryptPassed = new ConcurrentHashMap<>();
    private volatile String warmUpToken;

    public Authenticator(final AuthOptions auth)
    {
        this.auth = auth;
        for (final UserOptions u : auth.users())
        {
            users.put(u.user(), u);
        }
    }

    /**
     * A random one-time token that lets the start-up warm-up's clients in when the configuration requires
     * authentication (null: none). Set only on the warm-up's private server instance, whose port no real client
     * reaches; the real server's authenticator never has one.
     */
    public void warmUpToken(final String token)
    {
        this.warmUpToken = token;
    }

    public boolean required()
    {
        return auth.required();
    }

    /** Returns the identity, or null when the credentials are refused. */
    public Identity authenticate(final String user, final String pass, final String token)
    {
        if (!auth.required())
        {
            return new Identity("", null);
        }
        final String warm = warmUpToken;
        if (warm != null && warm.equals(token))
        {
            return new Identity("", null);
        }
        if (!users.isEmpty())
        {
            String name = user;
            if ((name == null || name.isEmpty()) && !auth.noAuthUser().isEmpty() && isEmpty(pass) && isEmpty(token))
            {
                name = auth.noAuthUser();
                final UserOptions u = users.get(name);
                return u == null ? null : new Identity(u.user(), permissionsOf(u));
            }
            final UserOptions u = name == null ? null : users.get(name);
            if (u == null || !passwordMatches(u.password(), pass))
            {
                return null;
            }
            return new Identity(u.user(), permissionsOf(u));
        }
        if (!auth.token().isEmpty())
        {
            return passwordMatches(auth.token(), token) ? new Identity("", auth.defaultPermissions()) : null;
        }
        if (!auth.user().isEmpty())
        {
            return auth.user().equals(user) && passwordMatches(auth.password(), pass)
                ? new Identity(user, auth.defaultPermissions()) : null;
        }
        return null;
    }

    private Permissions permissionsOf(final UserOptions u)
    {
        return u.permissions() != null ? u.permissions() : auth.defaultPermissions();
    }

    private boolean passwordMatches(final String expected, final String given)
    {
        if (given == null)
        {
            return false;
        }
        if (expected.startsWith("$2"))
        {
            final String key = expected + '\0' + given;
            if (bcryptPassed.containsKey(key))
            {
                return true;
            }
            final boolean ok = BCrypt.verifyer().verify(
                given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8)).verified;
            if (ok && bcryptPassed.size() < 10_000)
            {
                bcryptPassed.put(key, Boolean.TRUE);
            }
            return ok;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isEmpty(final String s)
    {
        return s == null || s.isEmpty();
    }

    /** Compiles permissions into subject tables for the engine; null when unrestricted. */
    public static SessionPermissions compile(final Permissions p)
    {
        if (p == null || (p.publish() == null && p.subscribe() == null))
        {
            return null;
        }
        return new SessionPermissions(
            table(p.publish(), true), table(p.publish(), false), table(p.subscribe(), true), table(p.subscribe(), false));
    }

    private static SubjectTable table(final SubjectPermission sp, final boolean allow)
    {
        if (sp == null)
        {
            return null;
        }
        final List<String> subjects = allow ? sp.allow() : sp.deny();
        if (subjects == null || subjects.isEmpty())
        {
            return null;
        }
        final SubjectTable t = new SubjectTable(256);
        int id = 0;
        for (final String s : subjects)
        {
            final UnsafeBuffer b = new UnsafeBuffer(s.getBytes(StandardCharsets.UTF_8));
            t.add(id++, b, 0, b.capacity(), b, 0, 0);
        }
        return t;
    }
}
