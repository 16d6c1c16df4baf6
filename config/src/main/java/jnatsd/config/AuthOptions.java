package jnatsd.config;

import java.util.List;

/**
 * Client authentication and authorization: single user/password, token, or a users list with permissions (users
 * from the accounts block are in the same list, each naming its account). Passwords starting with "$2a$", "$2b$"
 * or "$2y$" are bcrypt hashes. accounts: the accounts block (the global account is implicit and not listed), or
 * in operator mode the preloaded account JWTs. trust: JWT operator mode.
 */
public record AuthOptions(
    String user,
    String password,
    String token,
    List<UserOptions> users,
    Permissions defaultPermissions,
    String noAuthUser,
    long timeoutNs,
    List<AccountOptions> accounts,
    TrustOptions trust)
{
    public AuthOptions(
        final String user, final String password, final String token, final List<UserOptions> users,
        final Permissions defaultPermissions, final String noAuthUser, final long timeoutNs,
        final List<AccountOptions> accounts)
    {
        this(user, password, token, users, defaultPermissions, noAuthUser, timeoutNs, accounts, TrustOptions.none());
    }

    public AuthOptions(
        final String user, final String password, final String token, final List<UserOptions> users,
        final Permissions defaultPermissions, final String noAuthUser, final long timeoutNs)
    {
        this(user, password, token, users, defaultPermissions, noAuthUser, timeoutNs, List.of());
    }

    public static AuthOptions none()
    {
        return new AuthOptions("", "", "", List.of(), null, "", 0);
    }

    /** True when clients must authenticate. */
    public boolean required()
    {
        return !user.isEmpty() || !token.isEmpty() || !users.isEmpty() || trust.enabled();
    }

    /** Whether any user authenticates by nkey (nats-server then sends a nonce and names the nkey in its errors). */
    public boolean hasNkeyUsers()
    {
        for (final UserOptions u : users)
        {
            if (!u.nkey().isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    /** Whether any user authenticates by name (and password). */
    public boolean hasNamedUsers()
    {
        for (final UserOptions u : users)
        {
            if (u.nkey().isEmpty())
            {
                return true;
            }
        }
        return false;
    }

    /** INFO carries a nonce to sign: nkey users or operator mode (nats-server's nonceRequired). */
    public boolean nonceRequired()
    {
        return hasNkeyUsers() || trust.enabled();
    }
}
