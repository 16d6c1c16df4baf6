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
import jnatsd.config.trust.NKeys;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.LoginLimits;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.engine.status.GoStrings;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Checks CONNECT credentials against the configured authorization, as nats-server 2.9 does: in operator mode a
 * user JWT ({@link Trust}); else an nkey user (its signature of the INFO nonce), a users list, a single
 * user/password, or a token. Passwords and tokens starting with "$2" are bcrypt hashes.
 * Thread-safe: the transport threads check CONNECTs against one immutable {@link Rules} snapshot, which a reload
 * replaces as a whole ({@link #reload}, one volatile write), never changing it in place; plus a cache of bcrypt
 * checks that already passed, because bcrypt costs ~100 ms (keyed by hash and password, so it stays valid).
 */
public final class Authenticator
{
    /**
     * The outcome of a successful check; {@code credentials} is what a reload checks again (for a client let in as
     * no_auth_user they are the empty ones it sent, so it is let in the same way again). account: the account the
     * user belongs to ("" = the global account). userExpires and accountExpires: the JWTs' exp (Unix seconds, 0 =
     * never), in operator mode. limits: a JWT login's subs, payload and account conn limits.
     */
    public record Identity(String user, Permissions permissions, Credentials credentials, String account,
        long userExpires, long accountExpires, LoginLimits limits)
    {
        public Identity(final String user, final Permissions permissions, final Credentials credentials)
        {
            this(user, permissions, credentials, "", 0, 0, LoginLimits.NONE);
        }

        public Identity(final String user, final Permissions permissions, final Credentials credentials,
            final String account)
        {
            this(user, permissions, credentials, account, 0, 0, LoginLimits.NONE);
        }

        /**
         * Nanoseconds from {@code nowMs} until the login expires (0: never), as nats-server's expiration timers:
         * the user JWT's exp ("User Authentication Expired") or the account JWT's, when earlier ("Account
         * Authentication Expired").
         */
        public long expiresInNs(final long nowMs)
        {
            final long at = expiresAt();
            return at == 0 ? 0 : Math.max(1, (at * 1000 - nowMs) * 1_000_000L);
        }

        public String expiredText()
        {
            return accountExpires != 0 && (userExpires == 0 || accountExpires < userExpires)
                ? "Account Authentication Expired" : "User Authentication Expired";
        }

        private long expiresAt()
        {
            if (userExpires == 0 || accountExpires == 0)
            {
                return Math.max(userExpires, accountExpires);
            }
            return Math.min(userExpires, accountExpires);
        }
    }

    /** One authorization configuration, immutable. */
    private static final class Rules
    {
        final AuthOptions auth;
        final long generation;
        final Map<String, UserOptions> users = new HashMap<>();
        final Map<String, UserOptions> nkeys = new HashMap<>();
        final Trust trust;

        Rules(final AuthOptions auth, final long generation)
        {
            this.auth = auth;
            this.generation = generation;
            for (final UserOptions u : auth.users())
            {
                if (u.nkey().isEmpty())
                {
                    users.put(u.user(), u);
                }
                else
                {
                    nkeys.put(u.nkey(), u);
                }
            }
            this.trust = auth.trust().enabled() ? new Trust(auth.trust()) : null;
        }
    }

    /** The debug reason of a refused login whose user JWT the account revoked. */
    public static final String REVOKED = "User authentication revoked";

    private volatile Rules rules;
    private final Map<String, Boolean> bcryptPassed = new ConcurrentHashMap<>();
    private volatile String warmUpToken;
    /** tls { verify_and_map }: users come from client certificates, not from CONNECT (fixed at start). */
    /** verify_and_map; a reload may change it (volatile: read by the transport threads at login). */
    private volatile boolean tlsMap;

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

    /** A reload turned verify_and_map on or off, for the logins from now on. */
    public void tlsMap(final boolean on)
    {
        tlsMap = on;
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
        return r.users.containsKey(user) || r.nkeys.containsKey(user)
            || (r.trust != null && NKeys.isValidPublicUserKey(user))
            || (r.users.isEmpty() && !r.auth.user().isEmpty() && r.auth.user().equals(user));
    }

    /** Whether a users list is configured (nats-server then names the user in its authentication error line). */
    public boolean hasUsers()
    {
        return !rules.users.isEmpty() || !rules.nkeys.isEmpty();
    }

    /** JWT operator mode: clients authenticate with user JWTs. */
    public boolean operatorMode()
    {
        return rules.trust != null;
    }

    /** Whether clients are sent a nonce to sign (nkey users or operator mode), under the authorization in force. */
    public boolean nonceRequired()
    {
        return !rules.nkeys.isEmpty() || rules.trust != null;
    }

    /**
     * nats-server's authentication error line for a refused client (authViolation): plain in operator mode, naming
     * the nkey sent when nkey users exist, else the user sent when a users list exists.
     */
    public String failureText(final String user, final String nkey)
    {
        final Rules r = rules;
        if (r.trust != null)
        {
            return "authentication error";
        }
        if (!r.nkeys.isEmpty())
        {
            return "authentication error - Nkey " + GoStrings.quote(nkey == null ? "" : nkey);
        }
        if (!r.users.isEmpty())
        {
            return "authentication error - User " + GoStrings.quote(user == null ? "" : user);
        }
        return "authentication error";
    }

    /**
     * Checks an open connection's CONNECT credentials against the authorization in force (after a reload).
     * Returns the identity it now has, or null when it is no longer authorized. May take ~100 ms per bcrypt hash:
     * call it off the engine thread.
     */
    public Identity recheck(final Credentials c, final String host)
    {
        if (c.certUser() != null)
        {
            // Mapped from its certificate at CONNECT: that user must still exist (the certificate cannot change).
            final Rules r = rules;
            final UserOptions u = r.users.get(c.certUser());
            return u == null || !tlsMap ? null : new Identity(u.user(), permissionsOf(r.auth, u),
                c.withGeneration(r.generation), u.account());
        }
        return login(c, host, AuthLog.NONE);
    }

    /** As {@link #recheck(Credentials, String)}, telling {@code log} why it failed. */
    public Identity recheck(final Credentials c, final String host, final AuthLog log)
    {
        return login(c, host, log);
    }

    public Identity recheck(final Credentials c)
    {
        return recheck(c, "");
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

    /** Returns the identity, or null when the credentials are refused (user, password and token only). */
    public Identity authenticate(final String user, final String pass, final String token)
    {
        return login(new Credentials(user, pass, token, 0), "", AuthLog.NONE);
    }

    /** As {@link #authenticate(String, String, String)}, for a client that presented {@code certificate}. */
    public Identity authenticate(final String user, final String pass, final String token,
        final X509Certificate certificate)
    {
        return login(new Credentials(user, pass, token, 0), "", AuthLog.NONE, certificate);
    }

    /**
     * Returns the identity, or null when the credentials are refused ({@code log} is told why, as nats-server
     * logs it). {@code sent} carries what CONNECT sent and the INFO nonce; {@code host} is the client's address.
     */
    public Identity login(final Credentials given, final String host, final AuthLog log)
    {
        return login(given, host, log, null);
    }

    /**
     * As {@link #login(Credentials, String, AuthLog)}, for a client that presented {@code certificate} over TLS
     * (null: none). With verify_and_map and a users list, nats-server takes the user from the certificate alone.
     */
    public Identity login(final Credentials given, final String host, final AuthLog log,
        final X509Certificate certificate)
    {
        // One snapshot for the whole check: a reload in between cannot mix two configurations.
        final Rules r = rules;
        final AuthOptions auth = r.auth;
        final Credentials sent = given.withGeneration(r.generation);
        if (!auth.required())
        {
            return new Identity("", null, sent);
        }
        final String warm = warmUpToken;
        if (warm != null && warm.equals(sent.token()))
        {
            return new Identity("", null, sent);
        }
        if (r.trust != null)
        {
            return r.trust.authenticate(sent, host, log);
        }
        final String nkey = sent.nkey();
        if (!r.nkeys.isEmpty() && !isEmpty(nkey))
        {
            final UserOptions u = r.nkeys.get(nkey);
            if (u == null || !NonceSignature.verify(nkey, sent.sig(), sent.nonce(), log))
            {
                return null;
            }
            return new Identity(u.nkey(), permissionsOf(auth, u), sent, u.account());
        }
        return byPassword(r, sent, certificate);
    }

    /** Users list, single user or token (nats-server's order after JWTs and nkeys). */
    private Identity byPassword(final Rules r, final Credentials sent, final X509Certificate certificate)
    {
        final AuthOptions auth = r.auth;
        final String user = sent.user();
        final String pass = sent.pass();
        final String token = sent.token();
        if (!r.users.isEmpty() && tlsMap)
        {
            final UserOptions u = CertificateMapping.find(certificate, r.users);
            return u == null ? null
                : new Identity(u.user(), permissionsOf(auth, u), sent.withCertUser(u.user()), u.account());
        }
        if (!r.users.isEmpty())
        {
            String name = user;
            if ((name == null || name.isEmpty()) && !auth.noAuthUser().isEmpty() && isEmpty(pass) && isEmpty(token))
            {
                name = auth.noAuthUser();
                final UserOptions u = r.users.get(name);
                return u == null ? null : new Identity(u.user(), permissionsOf(auth, u), sent, u.account());
            }
            final UserOptions u = name == null ? null : r.users.get(name);
            if (u == null || !passwordMatches(u.password(), pass))
            {
                return null;
            }
            return new Identity(u.user(), permissionsOf(auth, u), sent, u.account());
        }
        if (!r.nkeys.isEmpty())
        {
            // Only nkey users, and the client sent no nkey.
            return null;
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

    /** A user of an account has its account's defaults applied already; authorization's apply to the others. */
    private static Permissions permissionsOf(final AuthOptions auth, final UserOptions u)
    {
        return u.permissions() != null || !u.account().isEmpty() ? u.permissions() : auth.defaultPermissions();
    }

    /** The account of a configured user ("" for the global one, or when there is no such user). */
    public String accountOf(final String user)
    {
        final UserOptions u = rules.users.get(user);
        return u == null ? "" : u.account();
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

    /**
     * Compiles permissions into subject tables for the engine; null when unrestricted. With allow_responses and no
     * publish allow list, publishing is denied but for replies (nats-server's validateResponsePermissions): an empty
     * allow table matches nothing.
     */
    public static SessionPermissions compile(final Permissions p)
    {
        if (p == null || (p.publish() == null && p.subscribe() == null && p.responsesMax() == 0))
        {
            return null;
        }
        SubjectTable pubAllow = table(p.publish(), true);
        if (pubAllow == null && p.responsesMax() != 0)
        {
            pubAllow = new SubjectTable(0);
        }
        return new SessionPermissions(
            pubAllow, table(p.publish(), false),
            table(p.subscribe(), true), table(p.subscribe(), false),
            p.responsesMax(), p.responsesTtlNs());
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
