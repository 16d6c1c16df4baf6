package jnatsd.config;

import java.util.List;

/**
 * Client authentication and authorization: single user/password, token, or a users list with permissions.
 * Passwords starting with "$2a$", "$2b$" or "$2y$" are bcrypt hashes.
 */
public record AuthOptions(
    String user,
    String password,
    String token,
    List<UserOptions> users,
    Permissions defaultPermissions,
    String noAuthUser,
    long timeoutNs)
{
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
