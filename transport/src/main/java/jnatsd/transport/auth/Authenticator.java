package jnatsd.transport.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.UserOptions;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks CONNECT credentials against the configured authorization, as nats-server 2.9 does: a users list,
 * else a single user/password, else a token. Passwords and tokens starting with "$2" are bcrypt hashes.
 * Thread-safe: the transport threads check CONNECTs against one immutable {@link Rules} snapshot, which a reload
 * replaces as a whole ({@link #reload}, one volatile write), never changing it in place; plus a cache of bcrypt
 * checks that already passed, because bcrypt costs ~100 ms (keyed by hash and password, so it stays valid).
 */
public final class Authenticator
{
    /**
     * The outcome of a successful check; {@code credentials} is what a reload checks again (for a client let in as
     * no_auth_user they are the empty ones it sent, so it is let in the same way again).
     */
    public record Identity(String user, Permissions permissions, Credentials credentials)
    {
    }

    /** One authorization configuration, immutable. */
    private static final class Rules
    {
        final AuthOptions auth;
        final long generation;
        final Map<String, UserOptions> users = new HashMap<>();

        Rules(final AuthOptions auth, final long generation)
        {
            this.auth = auth;
            this.generation = generation;
            for (final UserOptions u : auth.users())
            {
                users.put(u.user(), u);
            }
        }
    }

    private volatile Rules rules;
    private final Map<String, Boolean> bcryptPassed = new ConcurrentHashMap<>();
    private volatile String warmUpToken;
    /** tls { verify_and_map }: users come from client certificates, not from CONNECT (fixed at start). */
    private final boolean tlsMap;

    public Authenticator(final AuthOptions auth)
    {
        this(auth, false);
    }

    public Authenticator(final AuthOptions auth, final boolean tlsMap)
    {
        this.rules = new Rules(auth, 1);
        this.tlsMap = tlsMap;
    }

    /** Whether users are mapped from client certificates (verify_and_map). */
    public boolean mapsCertificates()
    {
        return tlsMap;
    }

    /**
     * A reload: CONNECTs checked from now on use the new authorization. Callers serialize reloads (ConfigReload
     * runs one at a time). Connections already open are checked again by the caller with {@link #recheck}.
     */
    public void reload(final AuthOptions auth)
    {
        rules = new Rules(auth, rules.generation + 1);
    }

    /** Increases with each {@link #reload}; {@link Credentials#generation()} tells which one checked a client. */
    public long generation()
    {
        return rules.generation;
    }

    /**
     * Whether {@code user} (a connection's authenticated user) still exists in the authorization in force: a
     * users-list entry or the single user. nats-server closes a client whose user is gone without an -ERR.
     */
    public boolean hasUser(final String user)
    {
        final Rules r = rules;
        return r.users.containsKey(user)
            || (r.users.isEmpty() && !r.auth.user().isEmpty() && r.auth.user().equals(user));
    }

    /** Whether a users list is configured (nats-server then names the user in its authentication error line). */
    public boolean hasUsers()
    {
        return !rules.users.isEmpty();
    }

    /**
     * Checks an open connection's CONNECT credentials against the authorization in force (after a reload).
     * Returns the identity it now has, or null when it is no longer authorized. May take ~100 ms per bcrypt hash:
     * call it off the engine thread.
     */
    public Identity recheck(final Credentials c)
    {
        if (c.certUser() != null)
        {
            final Rules r = rules;
            final UserOptions u = r.users.get(c.certUser());
            return u == null || !tlsMap ? null : new Identity(u.user(), permissionsOf(r.auth, u),
                new Credentials(c.user(), c.pass(), c.token(), r.generation, u.user()));
        }
        return authenticate(c.user(), c.pass(), c.token());
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
        return rules.auth.required();
    }

    /** Returns the identity, or null when the credentials are refused. */
    public Identity authenticate(final String user, final String pass, final String token)
    {
        return authenticate(user, pass, token, null);
    }

    /**
     * As {@link #authenticate(String, String, String)}, for a client that presented {@code certificate} (null: none).
     * With verify_and_map and a users list, nats-server takes the user from the certificate alone (no password).
     */
    public Identity authenticate(final String user, final String pass, final String token,
        final X509Certificate certificate)
    {
        // One snapshot for the whole check: a reload in between cannot mix two configurations.
        final Rules r = rules;
        final AuthOptions auth = r.auth;
        final Credentials sent = new Credentials(user, pass, token, r.generation);
        if (!auth.required())
        {
            return new Identity("", null, sent);
        }
        final String warm = warmUpToken;
        if (warm != null && warm.equals(token))
        {
            return new Identity("", null, sent);
        }
        if (!r.users.isEmpty() && tlsMap)
        {
            final UserOptions u = CertificateMapping.find(certificate, r.users);
            return u == null ? null : new Identity(u.user(), permissionsOf(auth, u),
                new Credentials(user, pass, token, r.generation, u.user()));
        }
        if (!r.users.isEmpty())
        {
            String name = user;
            if ((name == null || name.isEmpty()) && !auth.noAuthUser().isEmpty() && isEmpty(pass) && isEmpty(token))
            {
                name = auth.noAuthUser();
                final UserOptions u = r.users.get(name);
                return u == null ? null : new Identity(u.user(), permissionsOf(auth, u), sent);
            }
            final UserOptions u = name == null ? null : r.users.get(name);
            if (u == null || !passwordMatches(u.password(), pass))
            {
                return null;
            }
            return new Identity(u.user(), permissionsOf(auth, u), sent);
        }
        if (!auth.token().isEmpty())
        {
            return passwordMatches(auth.token(), token) ? new Identity("", auth.defaultPermissions(), sent) : null;
        }
        if (!auth.user().isEmpty())
        {
            return auth.user().equals(user) && passwordMatches(auth.password(), pass)
                ? new Identity(user, auth.defaultPermissions(), sent) : null;
        }
        return null;
    }

    private static Permissions permissionsOf(final AuthOptions auth, final UserOptions u)
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
            table(p.publish(), true), table(p.publish(), false),
            table(p.subscribe(), true), table(p.subscribe(), false));
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
