package jnatsd.config.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jnatsd.config.AccountOptions;
import jnatsd.config.AuthOptions;
import jnatsd.config.TrustOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;
import jnatsd.config.trust.AccountClaims;
import jnatsd.config.trust.Jwt;
import jnatsd.config.trust.OperatorClaims;

/**
 * The operator-mode keys (server/opts.go processConfigFileLine): operator (a JWT file or the JWT itself),
 * system_account, resolver and resolver_preload. Only the MEMORY resolver exists in jnatsd; URL and directory
 * resolvers are recorded as unsupported, so -t accepts them and a start refuses them.
 */
final class TrustSection
{
    /** nats-server's test for a memory resolver: MEM anywhere in the value, any case. */
    private static final Pattern MEMORY = Pattern.compile("(?i)(MEM|MEMORY)\\s*");
    private static final Pattern URL = Pattern.compile("(?i)URL");
    /** Every encoded JWT starts with this (the base64 of {"). */
    private static final String JWT_PREFIX = "eyJ";

    private TrustSection()
    {
    }

    static void operator(final ConfValue v, final OptionsDraft d)
    {
        final List<String> sources = new ArrayList<>();
        if (v.value() instanceof String s)
        {
            sources.add(s);
        }
        else if (v.value() instanceof List<?>)
        {
            for (final ConfValue e : Values.asList("operator", v))
            {
                sources.add(Values.asString("operator", e));
            }
        }
        else
        {
            throw ConfException.at(v, "error parsing operators: unsupported type " + v.typeName());
        }
        d.operatorJwts.clear();
        d.operators.clear();
        ConfException first = null;
        for (final String source : sources)
        {
            try
            {
                final String jwt = Jwt.parseDecorated(read(source));
                d.operators.add(Jwt.decodeOperator(jwt));
                d.operatorJwts.add(jwt);
            }
            catch (final IOException | Jwt.JwtException ex)
            {
                first = first == null ? ConfException.at(v, "error parsing operator JWT: " + ex.getMessage()) : first;
            }
        }
        if (first != null)
        {
            throw first;
        }
    }

    /** The file's contents, or the value itself when it is no file and looks like a JWT (readOperatorJWT). */
    private static String read(final String source) throws IOException
    {
        try
        {
            return Files.readString(Path.of(source), StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (source.startsWith(JWT_PREFIX))
            {
                return source;
            }
            if (ex instanceof NoSuchFileException)
            {
                throw new IOException("open " + source + ": no such file or directory", ex);
            }
            throw new IOException("open " + source + ": " + ex.getMessage(), ex);
        }
    }

    static void resolver(final ConfValue v, final OptionsDraft d)
    {
        if (v.value() instanceof Map<?, ?>)
        {
            // A directory resolver (type FULL or CACHE): not in jnatsd yet.
            d.unsupported.add(v.where() + ": directory \"resolver\"");
            d.resolver = "DIR";
            return;
        }
        if (!(v.value() instanceof String s))
        {
            throw ConfException.at(v, "error parsing operator resolver, wrong type " + v.typeName());
        }
        if (MEMORY.matcher(s).find())
        {
            d.resolver = TrustOptions.MEMORY_RESOLVER;
        }
        else if (URL.matcher(s).find())
        {
            d.unsupported.add(v.where() + ": URL \"resolver\"");
            d.resolver = "URL";
        }
        else
        {
            throw ConfException.at(v, "error parsing account resolver, should be MEM or "
                + " URL(\"url\") or a map containing dir and type state=[FULL|CACHE])");
        }
    }

    static void preload(final ConfValue v, final OptionsDraft d, final Problems problems)
    {
        if (!(v.value() instanceof Map<?, ?>))
        {
            throw ConfException.at(v, "preload should be a map of account_public_key:account_jwt");
        }
        d.resolverPreload.clear();
        for (final Map.Entry<String, ConfValue> e : Values.asMap("resolver_preload", v).entrySet())
        {
            final ConfValue jwt = e.getValue();
            if (!(jwt.value() instanceof String s))
            {
                problems.error(jwt, "preload map value should be a string JWT");
                continue;
            }
            try
            {
                Jwt.decodeAccount(s);
                d.resolverPreload.put(e.getKey(), s);
            }
            catch (final Jwt.JwtException ex)
            {
                problems.error(jwt, "invalid account JWT");
            }
        }
    }

    /** The system account's name when none is configured (nats-server's DEFAULT_SYSTEM_ACCOUNT). */
    static final String SYSTEM_DEFAULT = "$SYS";

    static void systemAccount(final String key, final ConfValue v, final OptionsDraft d)
    {
        if (!(v.value() instanceof String s))
        {
            throw ConfException.at(v, "system account name must be a string");
        }
        d.systemAccount = s;
        d.systemAccountWhere = v.where() + ": \"" + key + "\"";
    }

    /** In operator mode, the preloaded accounts as config accounts (named by public key), for the engine. */
    static List<AccountOptions> accounts(final TrustOptions trust)
    {
        final List<AccountOptions> out = new ArrayList<>();
        if (!trust.enabled())
        {
            return out;
        }
        for (final Map.Entry<String, String> e : trust.preload().entrySet())
        {
            try
            {
                final AccountClaims a = Jwt.decodeAccount(e.getValue());
                if (a.claims().subject().equals(e.getKey()))
                {
                    out.add(a.toAccountOptions());
                }
            }
            catch (final Jwt.JwtException ex)
            {
                // Refused when the file was read; cannot happen here.
                continue;
            }
        }
        return List.copyOf(out);
    }

    /** Why the system account cannot be resolved (nats-server's lookupAccount error), or null when it can. */
    private static String systemAccountProblem(final TrustOptions t)
    {
        final String jwt = t.preload().get(t.systemAccount());
        if (jwt == null)
        {
            return "account missing";
        }
        try
        {
            final AccountClaims a = Jwt.decodeAccount(jwt);
            final boolean trusted = t.trustedKeys().contains(a.claims().issuer());
            return trusted && a.issues(System.currentTimeMillis() / 1000).isEmpty()
                && a.claims().subject().equals(t.systemAccount()) ? null : "account validation failed";
        }
        catch (final Jwt.JwtException ex)
        {
            return ex.getMessage();
        }
    }

    /** Start-up checks of operator mode (server/jwt.go validateTrustedOperators), in nats-server's order. */
    static List<String> check(final AuthOptions auth)
    {
        final TrustOptions t = auth.trust();
        // Accounts that are not preloaded ones came from an accounts block.
        boolean accountsConfigured = false;
        for (final AccountOptions a : auth.accounts())
        {
            accountsConfigured |= !t.preload().containsKey(a.name());
        }
        final boolean usersConfigured = !auth.users().isEmpty();
        final List<String> errors = new ArrayList<>();
        if (!t.enabled())
        {
            // Config accounts: the system account must be one of them ("$SYS" is made when it is not).
            final String sys = t.systemAccount();
            if (!sys.isEmpty() && !SYSTEM_DEFAULT.equals(sys)
                && auth.accounts().stream().noneMatch(a -> a.name().equals(sys)))
            {
                errors.add("error resolving system account: account missing");
            }
            return errors;
        }
        if (t.resolver().isEmpty())
        {
            errors.add("operators require an account resolver to be configured");
            return errors;
        }
        if (accountsConfigured)
        {
            errors.add("operators do not allow Accounts to be configured directly");
            return errors;
        }
        if (usersConfigured)
        {
            errors.add("operators do not allow users to be configured directly");
            return errors;
        }
        if (!t.systemAccount().isEmpty())
        {
            boolean found = false;
            boolean nonEmpty = false;
            for (final OperatorClaims o : t.operators())
            {
                nonEmpty |= !o.systemAccount().isEmpty();
                found |= o.systemAccount().equals(t.systemAccount());
            }
            if (nonEmpty && !found)
            {
                errors.add("system_account in config and operator JWT must be identical");
                return errors;
            }
            final String why = systemAccountProblem(t);
            if (why != null)
            {
                errors.add("error resolving system account: " + why);
            }
        }
        return errors;
    }
}
