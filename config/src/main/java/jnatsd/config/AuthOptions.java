package jnatsd.config;

import java.util.List;

/**
 * Client authentication and authorization: single user/password, token, or a users list with permissions (users
 * from the accounts block are in the same list, each naming its account). Passwords starting with "$2a$", "$2b$"
 * or "$2y$" are bcrypt hashes. accounts: the accounts block (the global account is implicit and not listed).
 */
public record AuthOptions(
    String user,
    String password,
    String token,
    List<UserOptions> users,
    Permissions defaultPermissions,
    String noAuthUser,
    long timeoutNs,
    List<AccountOptions> accounts)
{
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
        return !user.isEmpty() || !token.isEmpty() || !users.isEmpty();
    }
}
