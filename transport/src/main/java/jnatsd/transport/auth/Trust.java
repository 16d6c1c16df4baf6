package jnatsd.transport.auth;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jnatsd.config.Permissions;
import jnatsd.config.TrustOptions;
import jnatsd.config.trust.AccountClaims;
import jnatsd.config.trust.Cidr;
import jnatsd.config.trust.Jwt;
import jnatsd.config.trust.UserClaims;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.session.LoginLimits;

/**
 * JWT operator mode (server/auth.go processClientOrLeafAuthentication, its trustedKeys branch): a client presents a
 * user JWT and signs the INFO nonce with the user's key. The user JWT must be valid now, issued by an account
 * (or one of its signing keys) whose JWT the resolver holds, that account signed by a trusted operator key and
 * valid now, the user not revoked by it, and the client inside the JWT's src networks and connect times. The
 * account of the session is the account's public key. Immutable; one per authorization.
 */
final class Trust
{
    private static final Set<String> CONNECTION_TYPES =
        Set.of("STANDARD", "WEBSOCKET", "LEAFNODE", "LEAFNODE_WS", "MQTT", "MQTT_WS");

    private final Set<String> trustedKeys;
    private final Set<String> strictOperators;
    /** The resolver's account JWTs by the key they were stored under (MEMORY resolver: resolver_preload). */
    private final Map<String, String> accountJwts;

    Trust(final TrustOptions t)
    {
        this.trustedKeys = new HashSet<>(t.trustedKeys());
        this.strictOperators = t.strictOperators();
        this.accountJwts = new HashMap<>(t.preload());
    }

    /** Returns the identity, or null (the reason logged) when the client is refused. */
    Authenticator.Identity authenticate(final Credentials sent, final String host, final AuthLog log)
    {
        final String token = sent.jwt();
        if (token == null || token.isEmpty())
        {
            log.debug("Authentication requires a user JWT");
            return null;
        }
        final UserClaims juc;
        try
        {
            juc = Jwt.decodeUser(token);
        }
        catch (final Jwt.JwtException ex)
        {
            log.debug("User JWT not valid: " + ex.getMessage());
            return null;
        }
        final long now = System.currentTimeMillis() / 1000;
        final List<String> issues = juc.issues(now);
        if (!issues.isEmpty())
        {
            // Go's %+v of the validation results: the issues' texts, space separated.
            log.debug("User JWT no longer valid: &{Issues:[" + String.join(" ", issues) + "]}");
            return null;
        }
        if (!connectionTypeAllowed(juc.allowedConnectionTypes(), log))
        {
            return null;
        }
        final String issuer = juc.account();
        final AccountClaims acc = lookupAccount(issuer, now, log);
        if (acc == null)
        {
            return null;
        }
        final boolean strict = strictOperators.contains(acc.claims().issuer());
        if (!acc.hasIssuer(juc.claims().issuer(), strict))
        {
            log.debug("User JWT issuer is not known");
            return null;
        }
        Permissions permissions = juc.permissions();
        long subs = juc.subs();
        long payload = juc.payload();
        final AccountClaims.Scope scope = acc.signingKeys().get(juc.claims().issuer());
        if (scope != null)
        {
            if (!juc.emptyPermissions())
            {
                log.debug("User JWT is not valid: scoped users require no permissions or limits set");
                return null;
            }
            permissions = scope.template();
            subs = scope.subs();
            payload = scope.payload();
        }
        if (juc.bearerToken() && acc.disallowBearer())
        {
            log.debug("Account does not allow bearer token");
            return null;
        }
        if (!juc.bearerToken() && !NonceSignature.verify(juc.claims().subject(), sent.sig(), sent.nonce(), log))
        {
            return null;
        }
        if (acc.revoked(juc.claims().subject(), juc.claims().issuedAt()))
        {
            log.debug(Authenticator.REVOKED);
            return null;
        }
        if (!srcAllowed(juc.src(), host))
        {
            log.error("Bad src Ip " + host);
            return null;
        }
        final long validFor = timesValidFor(juc);
        if (validFor < 0)
        {
            log.error("Outside connect times");
            return null;
        }
        if (permissions == null)
        {
            permissions = acc.defaultPermissions();
        }
        log.debug("Authenticated JWT: Client \"" + juc.claims().subject() + "\" (claim-name: \"" + juc.claims().name()
            + "\", claim-tags: " + juc.tags() + ") signed with \"" + juc.claims().issuer() + "\" by Account \""
            + issuer + "\" (claim-name: \"" + acc.claims().name() + "\") signed with \"" + acc.claims().issuer()
            + "\"");
        // As nats-server's setExpiration: the end of the connect-time range counts as the JWT's expiry, if earlier.
        long userExpires = juc.claims().expires();
        if (validFor > 0 && (userExpires == 0 || now + validFor < userExpires))
        {
            userExpires = now + validFor;
        }
        final AccountClaims.Limits al = acc.limits();
        final LoginLimits limits = new LoginLimits(clamp(LoginLimits.min(subs, al.subs())),
            clamp(LoginLimits.min(payload, al.payload())), clamp(al.conn()));
        return new Authenticator.Identity(juc.claims().subject(), permissions, sent, issuer, userExpires,
            acc.claims().expires(), limits);
    }

    /** A JWT limit as an int: any negative is none (-1); nats-server keeps them as int32 too. */
    private static int clamp(final long limit)
    {
        return limit < 0 ? -1 : (int)Math.min(limit, Integer.MAX_VALUE);
    }

    /**
     * The account's claims if the resolver has them and they verify now (server.go fetchAccountClaims and
     * verifyAccountClaims): signed by a trusted operator key and valid, expiry included.
     */
    private AccountClaims lookupAccount(final String name, final long now, final AuthLog log)
    {
        final String jwt = accountJwts.get(name);
        if (jwt == null)
        {
            log.warn("Account fetch failed: account missing");
            log.debug("Account JWT lookup error: account missing");
            return null;
        }
        final AccountClaims acc;
        try
        {
            acc = Jwt.decodeAccount(jwt);
        }
        catch (final Jwt.JwtException ex)
        {
            log.debug("Account JWT lookup error: " + ex.getMessage());
            return null;
        }
        if (!trustedKeys.contains(acc.claims().issuer()) || !acc.issues(now).isEmpty()
            || !acc.claims().subject().equals(name))
        {
            log.debug("Account JWT lookup error: account validation failed");
            return null;
        }
        return acc;
    }

    private static boolean connectionTypeAllowed(final List<String> types, final AuthLog log)
    {
        if (types.isEmpty())
        {
            return true;
        }
        boolean anyKnown = false;
        boolean standard = false;
        final StringBuilder unknown = new StringBuilder();
        for (final String t : types)
        {
            final String u = t.toUpperCase(Locale.ROOT);
            if (CONNECTION_TYPES.contains(u))
            {
                anyKnown = true;
                standard |= "STANDARD".equals(u);
            }
            else
            {
                unknown.append(unknown.length() == 0 ? "" : " ").append('"').append(u).append('"');
            }
        }
        if (unknown.length() > 0)
        {
            log.debug("invalid connection types [" + unknown + "]");
            if (!anyKnown)
            {
                return false;
            }
        }
        if (!standard)
        {
            log.debug("Connection type not allowed");
            return false;
        }
        return true;
    }

    /** jwt.go validateSrc: no src = anywhere; else the client's address must be inside one block. */
    private static boolean srcAllowed(final List<String> src, final String host)
    {
        if (src.isEmpty())
        {
            return true;
        }
        if (host == null || host.isEmpty())
        {
            return false;
        }
        for (final String cidr : src)
        {
            if (Cidr.contains(cidr, host))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * jwt.go validateTimes: now (in times_location, else local time) inside one start-end range. Returns the
     * seconds left in that range, 0 when the JWT has no ranges, -1 when now is outside them all.
     */
    private static long timesValidFor(final UserClaims juc)
    {
        if (juc.times().isEmpty())
        {
            return 0;
        }
        final ZoneId zone;
        try
        {
            zone = juc.locale().isEmpty() ? ZoneId.systemDefault() : ZoneId.of(juc.locale());
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
        final LocalTime now = ZonedDateTime.now(zone).toLocalTime();
        for (final String[] range : juc.times())
        {
            final LocalTime start = LocalTime.parse(range[0]);
            final LocalTime end = LocalTime.parse(range[1]);
            final boolean inside = start.isAfter(end)
                ? now.isAfter(start) || now.isBefore(end)
                : now.isAfter(start) && now.isBefore(end);
            if (inside)
            {
                final long left = Duration.between(now, end).getSeconds();
                return Math.max(1, left < 0 ? left + Duration.ofDays(1).getSeconds() : left);
            }
        }
        return -1;
    }
}
