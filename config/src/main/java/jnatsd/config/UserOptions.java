package jnatsd.config;

/** One entry of authorization.users; permissions may be null (everything allowed). */
public record UserOptions(String user, String password, Permissions permissions)
{
}
