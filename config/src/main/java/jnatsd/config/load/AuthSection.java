package jnatsd.config.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnatsd.config.Permissions;
import jnatsd.config.UserOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;
import jnatsd.config.trust.NKeys;

import static jnatsd.config.load.Values.asString;

/** The top-level authorization block (server/opts.go parseAuthorization and parseUsers). */
final class AuthSection
{
    private AuthSection()
    {
    }

    static void read(final ConfValue block, final OptionsDraft d, final Problems problems)
    {
        String user = "";
        String password = "";
        String token = "";
        List<UserOptions> users = null;
        ConfValue usersAt = null;
        Permissions defaults = null;
        for (final Map.Entry<String, ConfValue> e : Values.asMap("authorization", block).entrySet())
        {
            final String k = e.getKey().toLowerCase(Locale.ROOT);
            final ConfValue v = e.getValue();
            switch (k)
            {
                case "user", "username" -> user = asString(k, v);
                case "pass", "password" -> password = asString(k, v);
                case "token" -> token = asString(k, v);
                case "timeout" ->
                {
                    d.authTimeoutNs = Values.asSecondsNs(k, v);
                    d.authTimeoutSet = true;
                }
                case "users" ->
                {
                    usersAt = v;
                    users = users(v, d);
                }
                case "default_permission", "default_permissions", "permissions" ->
                    defaults = PermissionsReader.read(v, true);
                default ->
                {
                    if (!v.usedAsVariable())
                    {
                        problems.error(v, "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if ((!user.isEmpty() || !password.isEmpty()) && !token.isEmpty())
        {
            throw ConfException.at(block, "Cannot have a user/pass and token");
        }
        if (users != null && !user.isEmpty())
        {
            throw ConfException.at(block, "Can not have a single user/pass and a users array");
        }
        if (users != null && !token.isEmpty())
        {
            throw ConfException.at(block, "Can not have a token and a users array");
        }
        // The accounts block may have come first: its users count too (nats-server's duplicate check map).
        if (!d.accountUsers.isEmpty() && !user.isEmpty())
        {
            throw ConfException.at(block, "Can not have a single user/pass and a users array");
        }
        if (!d.accountUsers.isEmpty() && !token.isEmpty())
        {
            throw ConfException.at(block, "Can not have a token and a users array");
        }
        for (final UserOptions u : users == null ? List.<UserOptions>of() : users)
        {
            if (d.accountUsers.stream().anyMatch(a -> a.user().equals(u.user())))
            {
                throw ConfException.at(block, "Duplicate user \"" + u.user() + "\" detected");
            }
        }
        d.user = user;
        d.password = password;
        d.token = token;
        d.defaultPermissions = defaults;
        if (users != null)
        {
            d.users = withDefaults(users, defaults, usersAt);
        }
    }

    /** A users list (the authorization block's, or an account's). */
    static List<UserOptions> users(final ConfValue v, final OptionsDraft d)
    {
        if (!(v.value() instanceof List))
        {
            throw ConfException.at(v, "Expected users field to be an array, got " + v);
        }
        final List<UserOptions> out = new ArrayList<>();
        for (final ConfValue entry : Values.asList("users", v))
        {
            if (!(entry.value() instanceof Map))
            {
                throw ConfException.at(entry, "Expected user entry to be a map/struct, got " + entry);
            }
            final UserOptions user = user(entry, d);
            if (user != null)
            {
                out.add(user);
            }
        }
        return out;
    }

    /** One users[] entry: a user with a password, or an nkey user (user empty, nkey its public key). */
    private static UserOptions user(final ConfValue entry, final OptionsDraft d)
    {
        String name = "";
        String password = "";
        String nkey = "";
        Permissions permissions = null;
        List<String> connectionTypes = List.of();
        for (final Map.Entry<String, ConfValue> e : Values.asMap("users", entry).entrySet())
        {
            final String k = e.getKey().toLowerCase(Locale.ROOT);
            final ConfValue v = e.getValue();
            switch (k)
            {
                case "user", "username" -> name = asString(k, v);
                case "pass", "password" -> password = asString(k, v);
                case "nkey" -> nkey = asString(k, v);
                case "permission", "permissions", "authorization" -> permissions = PermissionsReader.read(v, true);
                case "allowed_connection_types", "connection_types", "clients" ->
                    connectionTypes = List.copyOf(Values.asStrings(k, v));
                default ->
                {
                    if (!v.usedAsVariable())
                    {
                        throw ConfException.at(v, "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if (!nkey.isEmpty())
        {
            // nats-server's order: the key first, then the fields an nkey user may not have.
            if (!NKeys.isValidPublicUserKey(nkey))
            {
                throw ConfException.at(entry, "Not a valid public nkey for a user");
            }
            if (!name.isEmpty() || !password.isEmpty())
            {
                throw ConfException.at(entry, "Nkey users do not take usernames or passwords");
            }
            return new UserOptions("", "", nkey, "", permissions, connectionTypes);
        }
        if (name.isEmpty())
        {
            throw ConfException.at(entry, "User entry requires a user");
        }
        return new UserOptions(name, password, permissions, connectionTypes);
    }

    private static List<UserOptions> withDefaults(final List<UserOptions> users, final Permissions defaults,
        final ConfValue at)
    {
        final Set<String> seen = new HashSet<>();
        final Set<String> seenKeys = new HashSet<>();
        final List<UserOptions> out = new ArrayList<>();
        for (final UserOptions u : users)
        {
            if (u.nkey().isEmpty() && !seen.add(u.user()))
            {
                throw ConfException.at(at, "Duplicate user \"" + u.user() + "\" detected");
            }
            if (!u.nkey().isEmpty() && !seenKeys.add(u.nkey()))
            {
                throw ConfException.at(at, "Duplicate nkey \"" + u.nkey() + "\" detected");
            }
            final Permissions p = u.permissions() == null ? defaults : u.permissions();
            out.add(new UserOptions(u.user(), u.password(), u.nkey(), u.account(), p, u.allowedConnectionTypes()));
        }
        return out;
    }
}
