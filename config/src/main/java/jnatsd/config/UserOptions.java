package jnatsd.config;

import java.util.List;

/**
 * One entry of authorization.users; permissions may be null (everything allowed).
 * allowedConnectionTypes empty = any (STANDARD, WEBSOCKET, LEAFNODE, MQTT).
 */
public record UserOptions(String user, String password, Permissions permissions, List<String> allowedConnectionTypes)
{
    public UserOptions(final String user, final String password, final Permissions permissions)
    {
        this(user, password, permissions, List.of());
    }
}
