package jnatsd.server.ops;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.ServerOptions;
import jnatsd.config.TrustOptions;
import jnatsd.config.UserOptions;
import jnatsd.engine.AdminQueue;
import jnatsd.engine.Engine;
import jnatsd.engine.account.Account;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.SessionPermissions;
import jnatsd.server.ServerLog;
import jnatsd.transport.auth.AuthLog;
import jnatsd.transport.auth.Authenticator;

/**
 * Applies a reloaded authorization (users, passwords, tokens, permissions, no_auth_user, timeout), as nats-server
 * 2.9's reloadAuthorization. New CONNECTs are checked against it as soon as the authenticator is swapped; then every
 * open client is checked again with the credentials it connected with:
 * <ul>
 * <li>its user is gone, or moved to another account: closed without -ERR (reason {@code Client Closed}), as
 * nats-server closes a client that "moved account";</li>
 * <li>no longer authorized: {@code -ERR 'Authorization Violation'}, {@code [ERR] ... - authentication error - User
 * "alice"}, closed ({@code Authentication Failure});</li>
 * <li>still authorized: the new permissions apply from its next operation, and each subscription they forbid is
 * removed with {@code -ERR 'Permissions Violation for Subscription to "x" (sid "1")'} (the connection stays).</li>
 * </ul>
 * The credential checks (bcrypt may take ~100 ms each) run on the reloading thread against a snapshot taken on the
 * engine thread; the verdicts are then applied by one admin task on the engine thread, which also checks inline the
 * few clients that connected against the old authorization after the snapshot; a second look a moment later
 * catches a CONNECT that was still on its way through the ring.
 */
public final class AuthReload implements ServerRuntime.ReloadListener
{
    private static final long ENGINE_TIMEOUT_S = 10;
    private static final int CATCH_UP_PASSES = 3;
    private static final long CATCH_UP_PAUSE_MS = 20;

    private enum Kind
    {
        KEEP, GONE, VIOLATION, REVOKED
    }

    private record Verdict(Kind kind, String user, SessionPermissions permissions, Credentials credentials,
        String text)
    {
    }

    private record Client(Session session, Credentials credentials, String user, String account)
    {
    }

    private final Authenticator authenticator;
    private final AdminQueue admin;
    private final ServerLog log;

    public AuthReload(final Authenticator authenticator, final AdminQueue admin, final ServerLog log)
    {
        this.authenticator = authenticator;
        this.admin = admin;
        this.log = log;
    }

    /**
     * Why a reload cannot take this authorization change, or null when it can; nats-server's rules, in the order of
     * its Options fields: no_auth_user may only be removed, together with its user; the system account, the
     * trusted operators and having a resolver or not cannot change.
     */
    public static String refusal(final AuthOptions oldAuth, final AuthOptions newAuth)
    {
        final String noAuthUser = noAuthUserRefusal(oldAuth, newAuth);
        if (noAuthUser != null)
        {
            return noAuthUser;
        }
        final TrustOptions a = oldAuth.trust();
        final TrustOptions b = newAuth.trust();
        // The system account's internal client stays where it was made: nats-server refuses any change of the
        // option, with or without an operator, naming the values as written ("old=, new=SYS").
        if (!a.systemAccount().equals(b.systemAccount()))
        {
            return "config reload not supported for SystemAccount: old=" + a.systemAccount() + ", new="
                + b.systemAccount();
        }
        if (!a.operatorJwts().equals(b.operatorJwts()))
        {
            return "config reload not supported for TrustedOperators: old=" + OperatorDisplay.list(a.operatorJwts())
                + ", new=" + OperatorDisplay.list(b.operatorJwts());
        }
        if (a.resolver().isEmpty() != b.resolver().isEmpty())
        {
            return "config reload does not support moving to or from an account resolver";
        }
        return null;
    }

    private static String noAuthUserRefusal(final AuthOptions oldAuth, final AuthOptions newAuth)
    {
        final String was = oldAuth.noAuthUser();
        final String now = newAuth.noAuthUser();
        if (was.equals(now))
        {
            return null;
        }
        boolean userStays = false;
        for (final UserOptions u : newAuth.users())
        {
            userStays |= u.user().equals(was);
        }
        if (!was.isEmpty() && now.isEmpty() && !userStays)
        {
            return null;
        }
        return "config reload not supported for NoAuthUser: old=" + was + ", new=" + now;
    }

    /**
     * The lines nats-server logs for an authorization reload, in its order. It logs the first two on every reload
     * (its diff always counts users and accounts as changed); jnatsd does the same, so the logs read alike.
     */
    public static List<String> describe(final ServerOptions oldOptions, final ServerOptions newOptions)
    {
        final AuthOptions a = oldOptions.auth();
        final AuthOptions b = newOptions.auth();
        final List<String> out = new ArrayList<>();
        if (!nkeyUsers(a).equals(nkeyUsers(b)))
        {
            // nats-server's Nkeys option compares equal when unchanged, unlike its users and accounts.
            out.add("authorization nkey users");
        }
        out.add("authorization users");
        out.add("accounts");
        if (!a.user().equals(b.user()))
        {
            out.add("authorization username");
        }
        if (!a.password().equals(b.password()))
        {
            out.add("authorization password");
        }
        if (!a.token().equals(b.token()))
        {
            out.add("authorization token");
        }
        if (timeoutNs(oldOptions) != timeoutNs(newOptions))
        {
            out.add("authorization timeout = " + goSeconds(timeoutNs(newOptions)));
        }
        if (!b.trust().resolver().isEmpty())
        {
            // Its account resolver option, which also always differs, logs the same line again.
            out.add("accounts");
        }
        return out;
    }

    private static List<UserOptions> nkeyUsers(final AuthOptions a)
    {
        final List<UserOptions> out = new ArrayList<>();
        for (final UserOptions u : a.users())
        {
            if (!u.nkey().isEmpty())
            {
                out.add(u);
            }
        }
        return out;
    }

    /** The authorization timeout in force, as the engine applies it. */
    static long timeoutNs(final ServerOptions o)
    {
        return o.auth().timeoutNs() > 0 ? o.auth().timeoutNs() : o.limits().authTimeoutNs();
    }

    /** Seconds as Go's %v prints a float64: 2, 1.5, 0.25. */
    static String goSeconds(final long ns)
    {
        return new BigDecimal(ns).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    @Override
    public synchronized void reloaded(final ServerOptions oldOptions, final ServerOptions newOptions)
    {
        final AuthOptions newAuth = newOptions.auth();
        if (oldOptions.auth().equals(newAuth) && timeoutNs(oldOptions) == timeoutNs(newOptions))
        {
            return;
        }
        authenticator.reload(newAuth);
        final long generation = authenticator.generation();
        final boolean required = newAuth.required();
        final long timeoutNs = timeoutNs(newOptions);
        final Map<Permissions, SessionPermissions> compiled = new HashMap<>();
        try
        {
            // A CONNECT checked against the old authorization just before the swap may reach the engine after the
            // first pass (its transport thread was descheduled in between): later passes catch it.
            for (int pass = 0; pass < CATCH_UP_PASSES; pass++)
            {
                final List<Client> clients = admin.submit(e -> snapshot(e, generation))
                    .get(ENGINE_TIMEOUT_S, TimeUnit.SECONDS);
                if (pass > 0 && clients.isEmpty())
                {
                    break;
                }
                final Map<Session, Verdict> verdicts = new IdentityHashMap<>();
                for (final Client c : clients)
                {
                    verdicts.put(c.session(), verdict(c, compiled));
                }
                admin.submit(e -> apply(e, newAuth, generation, required, timeoutNs, verdicts, compiled))
                    .get(ENGINE_TIMEOUT_S, TimeUnit.SECONDS);
                Thread.sleep(CATCH_UP_PAUSE_MS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            // New connections already use the new authorization; only the re-check of open ones is incomplete.
            log.error("Authorization reload: open connections not checked again: " + ex);
        }
    }

    /** Engine thread: the clients authenticated against an older authorization. */
    private static List<Client> snapshot(final Engine engine, final long generation)
    {
        final List<Client> out = new ArrayList<>();
        for (final Session s : engine.sessions())
        {
            if (needsCheck(s, generation))
            {
                out.add(new Client(s, s.credentials, s.user, s.account.name()));
            }
        }
        return out;
    }

    private static boolean needsCheck(final Session s, final long generation)
    {
        return s.kind == Session.KIND_CLIENT && !s.closed && s.connectReceived && s.credentials != null
            && s.credentials.generation() < generation;
    }

    /** Engine thread: applies the verdicts; closes first, as nats-server does, then the rest. */
    private Void apply(final Engine engine, final AuthOptions auth, final long generation, final boolean required,
        final long timeoutNs, final Map<Session, Verdict> verdicts, final Map<Permissions, SessionPermissions> compiled)
    {
        engine.authorization(required, timeoutNs);
        // New accounts exist before anyone moved into one reconnects; imports of every account are replaced.
        engine.configureAccounts(auth.accounts());
        final List<Session> sessions = new ArrayList<>(engine.sessions());
        final List<Session> checked = new ArrayList<>();
        final List<Verdict> outcome = new ArrayList<>();
        for (final Session s : sessions)
        {
            if (!needsCheck(s, generation))
            {
                continue;
            }
            Verdict v = verdicts.get(s);
            if (v == null)
            {
                // Connected against the old authorization after the snapshot: rare, checked here.
                v = verdict(new Client(s, s.credentials, s.user, s.account.name()), compiled);
            }
            checked.add(s);
            outcome.add(v);
        }
        // nats-server's order: revoked users go when their account is updated, then the users that are gone.
        for (int i = 0; i < checked.size(); i++)
        {
            if (outcome.get(i).kind() == Kind.REVOKED)
            {
                engine.revoked(checked.get(i));
            }
        }
        for (int i = 0; i < checked.size(); i++)
        {
            if (outcome.get(i).kind() == Kind.GONE)
            {
                engine.close(checked.get(i), "Client Closed", true);
            }
        }
        for (int i = 0; i < checked.size(); i++)
        {
            final Verdict v = outcome.get(i);
            if (v.kind() == Kind.VIOLATION)
            {
                engine.authorizationViolation(checked.get(i), v.text());
            }
            else if (v.kind() == Kind.KEEP)
            {
                engine.reauthorized(checked.get(i), v.user(), v.permissions(), v.credentials());
            }
        }
        return null;
    }

    /**
     * What the new authorization makes of one client. As nats-server: a client whose user is no longer configured
     * is closed without -ERR; in single-user mode (no users list) nats-server closes every client that logged in
     * with a name, even when nothing changed, which jnatsd does not copy: there a client still authorized stays.
     */
    private Verdict verdict(final Client c, final Map<Permissions, SessionPermissions> compiled)
    {
        final String name = c.user();
        final boolean users = authenticator.hasUsers();
        if (!name.isEmpty() && !authenticator.hasUser(name))
        {
            return new Verdict(Kind.GONE, null, null, null, null);
        }
        final boolean[] revoked = new boolean[1];
        final Authenticator.Identity id = authenticator.recheck(c.credentials(), c.session().remoteIp, new AuthLog()
        {
            @Override
            public void debug(final String message)
            {
                revoked[0] |= Authenticator.REVOKED.equals(message);
            }

            @Override
            public void error(final String message)
            {
            }

            @Override
            public void warn(final String message)
            {
            }
        });
        if (id == null && revoked[0])
        {
            // nats-server's account update closes a revoked user before the authorization is checked again.
            return new Verdict(Kind.REVOKED, null, null, null, null);
        }
        final String sent = c.credentials().user() == null ? "" : c.credentials().user();
        if (id == null)
        {
            if (!name.isEmpty() && !users && !authenticator.operatorMode())
            {
                return new Verdict(Kind.GONE, null, null, null, null);
            }
            // nats-server names the user it was given (or the no_auth_user it filled in) when there is a users list.
            final String who = sent.isEmpty() ? name : sent;
            return new Verdict(Kind.VIOLATION, null, null, null, authenticator.failureText(who,
                c.credentials().nkey()));
        }
        final String account = id.account().isEmpty() ? Account.GLOBAL_NAME : id.account();
        if (!account.equals(c.account()))
        {
            // nats-server closes a client whose user moved to another account; it reconnects into the new one.
            return new Verdict(Kind.GONE, null, null, null, null);
        }
        final SessionPermissions p = id.permissions() == null ? null
            : compiled.computeIfAbsent(id.permissions(), Authenticator::compile);
        return new Verdict(Kind.KEEP, id.user(), p, id.credentials(), null);
    }
}
