package jnatsd.engine.event;

import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.LoginLimits;
import jnatsd.engine.session.SessionPermissions;

/**
 * A CONNECT the transport parsed and authenticated (account: the name of its user's account, "" for the global
 * one); carried by reference in the ring event (CONNECT is rare, so the allocation is fine). {@code expiresInNs}:
 * when the login's JWT expires, from the CONNECT (0: never); the engine then closes the client with
 * {@code -ERR '<expiredText>'}, as nats-server's expiration timer does. {@code limits}: a JWT login's subs, payload and
 * account conn limits.
 */
public record ConnectCommand(
    boolean verbose,
    boolean pedantic,
    boolean echo,
    boolean headers,
    boolean noResponders,
    int protocol,
    String name,
    String lang,
    String version,
    String user,
    SessionPermissions permissions,
    Credentials credentials,
    String account,
    long expiresInNs,
    String expiredText,
    LoginLimits limits)
{
    /** Without JWT limits. */
    public ConnectCommand(
        final boolean verbose, final boolean pedantic, final boolean echo, final boolean headers,
        final boolean noResponders, final int protocol, final String name, final String lang, final String version,
        final String user, final SessionPermissions permissions, final Credentials credentials, final String account,
        final long expiresInNs, final String expiredText)
    {
        this(verbose, pedantic, echo, headers, noResponders, protocol, name, lang, version, user, permissions,
            credentials, account, expiresInNs, expiredText, LoginLimits.NONE);
    }

    /** In an account, with no expiry. */
    public ConnectCommand(
        final boolean verbose, final boolean pedantic, final boolean echo, final boolean headers,
        final boolean noResponders, final int protocol, final String name, final String lang, final String version,
        final String user, final SessionPermissions permissions, final Credentials credentials, final String account)
    {
        this(verbose, pedantic, echo, headers, noResponders, protocol, name, lang, version, user, permissions,
            credentials, account, 0, "");
    }

    /** In the global account, with a login that may expire. */
    public ConnectCommand(
        final boolean verbose, final boolean pedantic, final boolean echo, final boolean headers,
        final boolean noResponders, final int protocol, final String name, final String lang, final String version,
        final String user, final SessionPermissions permissions, final Credentials credentials,
        final long expiresInNs, final String expiredText)
    {
        this(verbose, pedantic, echo, headers, noResponders, protocol, name, lang, version, user, permissions,
            credentials, "", expiresInNs, expiredText);
    }

    /** In the global account (no accounts block, or a user outside it). */
    public ConnectCommand(
        final boolean verbose, final boolean pedantic, final boolean echo, final boolean headers,
        final boolean noResponders, final int protocol, final String name, final String lang, final String version,
        final String user, final SessionPermissions permissions, final Credentials credentials)
    {
        this(verbose, pedantic, echo, headers, noResponders, protocol, name, lang, version, user, permissions,
            credentials, "", 0, "");
    }

    /** Without credentials (tests and benchmarks, where no reload re-checks them). */
    public ConnectCommand(
        final boolean verbose, final boolean pedantic, final boolean echo, final boolean headers,
        final boolean noResponders, final int protocol, final String name, final String lang, final String version,
        final String user, final SessionPermissions permissions)
    {
        this(verbose, pedantic, echo, headers, noResponders, protocol, name, lang, version, user, permissions, null,
            "", 0, "");
    }
}
