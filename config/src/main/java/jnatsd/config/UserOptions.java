package jnatsd.config;

import java.util.List;

/**
 * One entry of authorization.users (or of an account's users). permissions may be null (everything allowed).
 * allowedConnectionTypes empty = any (STANDARD, WEBSOCKET, LEAFNODE, MQTT). nkey is the user's public nkey (U...)
 * when it authenticates by signature, else empty; account is the name of the account it belongs to, empty for the
 * default (global) account.
 */
public record UserOptions(
    String user,
    String password,
    String nkey,
    String account,
    Permissions permissions,
    List<String> allowedConnectionTypes)
{
    public UserOptions(
        final String user, final String password, final Permissions permissions,
        final List<String> allowedConnectionTypes)
    {
        this(user, password, "", "", permissions, allowedConnectionTypes);
    }

    public UserOptions(final String user, final String password, final Permissions permissions)
    {
        this(user, password, "", "", permissions, List.of());
    }
}
