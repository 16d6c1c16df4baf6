package jnatsd.config.trust;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;

/**
 * A user JWT's claims (jwt.UserClaims): who issued it (an account, or one of its signing keys with issuer_account
 * naming the account), the user's permissions (null when the JWT sets none, so the account's default permissions
 * apply) and limits. {@code emptyPermissions}: no permission or limit at all, which a scoped signing key requires.
 * {@code subs} and {@code payload}: the user's limits, -1 for none, 0 when the JWT leaves them out (as nats-server
 * reads them).
 */
public record UserClaims(
    Jwt.ClaimsData claims,
    String issuerAccount,
    Permissions permissions,
    boolean bearerToken,
    List<String> allowedConnectionTypes,
    List<String> src,
    List<String[]> times,
    String locale,
    List<String> tags,
    boolean emptyPermissions,
    List<String> staticIssues,
    long subs,
    long payload)
{
    static UserClaims of(final Jwt.Decoded d) throws Jwt.JwtException
    {
        final JsonNode n = d.nats();
        final List<String> issues = new ArrayList<>();
        final Permissions p = permissions(n, issues);
        final List<String[]> times = new ArrayList<>();
        final JsonNode t = n.get("times");
        if (t != null && t.isArray())
        {
            for (final JsonNode range : t)
            {
                final String start = Jwt.text(range, "start");
                final String end = Jwt.text(range, "end");
                checkTime(start, "start", issues);
                checkTime(end, "end", issues);
                times.add(new String[] {start, end});
            }
        }
        final List<String> src = Jwt.strings(n, "src");
        for (final String cidr : src)
        {
            if (!Cidr.valid(cidr))
            {
                issues.add("invalid cidr \"" + cidr + "\" in user src limits");
            }
        }
        // v1 kept issuer_account and tags at the top level, and had no allowed_connection_types.
        final boolean v1 = d.version() == 1;
        final String issuerAccount = Jwt.text(v1 ? d.payload() : n, "issuer_account");
        final List<String> tags = Jwt.strings(v1 ? d.payload() : n, "tags");
        final List<String> connectionTypes = v1 ? List.of() : Jwt.strings(n, "allowed_connection_types");
        if (!issuerAccount.isEmpty() && !NKeys.isValidPublicAccountKey(issuerAccount))
        {
            issues.add("account_id is not an account public key");
        }
        final boolean empty = p == null && src.isEmpty() && times.isEmpty() && Jwt.text(n, "times_location").isEmpty()
            && Jwt.number(n, "subs") == 0 && Jwt.number(n, "data") == 0 && Jwt.number(n, "payload") == 0
            && !Jwt.bool(n, "bearer_token") && connectionTypes.isEmpty();
        return new UserClaims(d.claims(), issuerAccount, p, Jwt.bool(n, "bearer_token"), connectionTypes, src, times,
            Jwt.text(n, "times_location"), tags, empty, List.copyOf(issues), Jwt.number(n, "subs"),
            Jwt.number(n, "payload"));
    }

    /** The blocking validation issues now (jwt's Validate with time checks, as nats-server uses it). */
    public List<String> issues(final long nowSeconds)
    {
        final List<String> out = new ArrayList<>();
        claims.validate(out, nowSeconds);
        out.addAll(staticIssues);
        return out;
    }

    /** The account the user belongs to: issuer_account when a signing key issued it, else the issuer. */
    public String account()
    {
        return issuerAccount.isEmpty() ? claims.issuer() : issuerAccount;
    }

    private static void checkTime(final String value, final String which, final List<String> issues)
    {
        if (value.isEmpty())
        {
            issues.add("time ranges " + which + " must contain " + ("start".equals(which) ? "a start" : "an end"));
        }
        else if (!value.matches("([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"))
        {
            issues.add(which + " in time range is invalid \"" + value + "\"");
        }
    }

    /**
     * jwt.Permissions as nats-server's buildPermissionsFromJwt turns them into its own: null when neither pub, sub
     * nor resp is set; resp's max 0 means 1 and ttl 0 two minutes (validateResponsePermissions).
     */
    static Permissions permissions(final JsonNode n, final List<String> issues) throws Jwt.JwtException
    {
        final SubjectPermission pub = side(n.path("pub"), false, issues);
        final SubjectPermission sub = side(n.path("sub"), true, issues);
        final JsonNode resp = n.get("resp");
        if (pub == null && sub == null && (resp == null || resp.isNull()))
        {
            return null;
        }
        int max = 0;
        long ttl = 0;
        if (resp != null && !resp.isNull())
        {
            max = (int)Jwt.number(resp, "max");
            ttl = Jwt.number(resp, "ttl");
            max = max == 0 ? Permissions.DEFAULT_RESPONSES_MAX : max;
            ttl = ttl == 0 ? Permissions.DEFAULT_RESPONSES_TTL_NS : ttl;
        }
        return new Permissions(pub, sub, max, ttl);
    }

    private static SubjectPermission side(final JsonNode p, final boolean permitQueue, final List<String> issues)
        throws Jwt.JwtException
    {
        if (p.isMissingNode() || p.isNull())
        {
            return null;
        }
        final List<String> allow = Jwt.strings(p, "allow");
        final List<String> deny = Jwt.strings(p, "deny");
        if (allow.isEmpty() && deny.isEmpty())
        {
            return null;
        }
        for (final String s : allow)
        {
            checkSubject(s, permitQueue, issues);
        }
        for (final String s : deny)
        {
            checkSubject(s, permitQueue, issues);
        }
        return new SubjectPermission(List.copyOf(allow), List.copyOf(deny));
    }

    /** jwt's checkPermission: a subject, or for subscriptions "subject queue". */
    private static void checkSubject(final String s, final boolean permitQueue, final List<String> issues)
    {
        final String[] tokens = s.split(" ", -1);
        if (tokens.length > 2)
        {
            issues.add("Permission Subject \"" + s + "\" contains too many spaces");
            return;
        }
        for (final String t : tokens)
        {
            if (t.isEmpty())
            {
                issues.add("subject cannot be empty");
            }
        }
        if (tokens.length == 2 && !permitQueue)
        {
            issues.add("Permission Subject \"" + s + "\" is not allowed to contain queue");
        }
    }
}
