package jnatsd.config.trust;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.config.AccountOptions;
import jnatsd.config.Permissions;

/**
 * An account JWT's claims (jwt.AccountClaims) as nats-server uses them: signing keys (a key maps to its user scope,
 * or to null for an unscoped key), revoked users (public key, or "*" for all, to the time before which their JWTs
 * are revoked), exports, imports, default permissions for users whose JWT sets none, and whether bearer tokens are
 * refused.
 */
public record AccountClaims(
    Jwt.ClaimsData claims,
    Map<String, Scope> signingKeys,
    Map<String, Long> revocations,
    List<Export> exports,
    List<Import> imports,
    Permissions defaultPermissions,
    boolean disallowBearer,
    List<String> staticIssues,
    Limits limits)
{
    /**
     * A scoped signing key's user template: users it signs get these permissions and limits (and must carry none).
     */
    public record Scope(String key, String role, Permissions template, long subs, long payload)
    {
    }

    /** limits.conn, subs and payload; -1 for none, 0 when left out (nats-server reads a missing limit as 0). */
    public record Limits(long conn, long subs, long payload)
    {
    }

    public record Export(String name, String subject, boolean service, boolean tokenRequired)
    {
    }

    /** subject is the exporter's; to (or local_subject) the name seen in the importing account. */
    public record Import(String name, String account, String subject, String to, String localSubject,
        boolean service, String token)
    {
    }

    /** The revocation key that revokes every user of the account. */
    public static final String ALL = "*";

    static AccountClaims of(final Jwt.Decoded d) throws Jwt.JwtException
    {
        final JsonNode n = d.nats();
        final List<String> issues = new ArrayList<>();
        final Map<String, Scope> keys = new LinkedHashMap<>();
        final JsonNode sk = n.get("signing_keys");
        if (sk != null && sk.isArray())
        {
            for (final JsonNode k : sk)
            {
                if (k.isTextual())
                {
                    keys.put(k.textValue(), null);
                    if (!NKeys.isValidPublicAccountKey(k.textValue()))
                    {
                        issues.add("\"" + k.textValue() + "\" is not a valid account signing key");
                    }
                }
                else if (k.isObject())
                {
                    final String kind = Jwt.text(k, "kind");
                    if (!"user_scope".equals(kind))
                    {
                        throw new Jwt.JwtException("unknown signing key scope \"" + Jwt.text(k, "type") + "\"");
                    }
                    final String key = Jwt.text(k, "key");
                    if (!NKeys.isValidPublicAccountKey(key))
                    {
                        issues.add(key + " is not an account public key");
                    }
                    keys.put(key, new Scope(key, Jwt.text(k, "role"),
                        UserClaims.permissions(k.path("template"), issues), Jwt.number(k.path("template"), "subs"),
                        Jwt.number(k.path("template"), "payload")));
                }
            }
        }
        final Map<String, Long> revoked = new LinkedHashMap<>();
        final JsonNode rev = n.get("revocations");
        if (rev != null && rev.isObject())
        {
            final Iterator<Map.Entry<String, JsonNode>> it = rev.fields();
            while (it.hasNext())
            {
                final Map.Entry<String, JsonNode> e = it.next();
                revoked.put(e.getKey(), e.getValue().asLong());
            }
        }
        // v1 account JWTs have no default permissions.
        final Permissions defaults = d.version() == 1 ? null
            : UserClaims.permissions(n.path("default_permissions"), issues);
        return new AccountClaims(d.claims(), keys, revoked, exports(n, issues), imports(n, issues), defaults,
            Jwt.bool(n.path("limits"), "disallow_bearer"), List.copyOf(issues), new Limits(
                Jwt.number(n.path("limits"), "conn"), Jwt.number(n.path("limits"), "subs"),
                Jwt.number(n.path("limits"), "payload")));
    }

    private static List<Export> exports(final JsonNode n, final List<String> issues) throws Jwt.JwtException
    {
        final List<Export> out = new ArrayList<>();
        final JsonNode ex = n.get("exports");
        if (ex != null && ex.isArray())
        {
            for (final JsonNode e : ex)
            {
                final String subject = Jwt.text(e, "subject");
                if (subject.isEmpty())
                {
                    issues.add("subject cannot be empty");
                }
                out.add(new Export(Jwt.text(e, "name"), subject, service(e), Jwt.bool(e, "token_req")));
            }
        }
        return out;
    }

    private static List<Import> imports(final JsonNode n, final List<String> issues) throws Jwt.JwtException
    {
        final List<Import> out = new ArrayList<>();
        final JsonNode im = n.get("imports");
        if (im != null && im.isArray())
        {
            for (final JsonNode i : im)
            {
                final String account = Jwt.text(i, "account");
                if (!NKeys.isValidPublicAccountKey(account))
                {
                    issues.add("account to import from is not a valid account public key");
                }
                out.add(new Import(Jwt.text(i, "name"), account, Jwt.text(i, "subject"), Jwt.text(i, "to"),
                    Jwt.text(i, "local_subject"), service(i), Jwt.text(i, "token")));
            }
        }
        return out;
    }

    private static boolean service(final JsonNode e) throws Jwt.JwtException
    {
        final String type = Jwt.text(e, "type");
        return switch (type)
        {
            case "service" -> true;
            case "stream" -> false;
            default -> throw new Jwt.JwtException("unknown export type \"" + type + "\"");
        };
    }

    /** The blocking validation issues now (time checks included). */
    public List<String> issues(final long nowSeconds)
    {
        final List<String> out = new ArrayList<>();
        claims.validate(out, nowSeconds);
        out.addAll(staticIssues);
        return out;
    }

    /** Whether a user JWT issued at {@code issuedAt} (Unix seconds) by this account is revoked (isRevoked). */
    public boolean revoked(final String userKey, final long issuedAt)
    {
        final Long t = revocations.get(userKey);
        if (t != null && t >= issuedAt)
        {
            return true;
        }
        final Long all = revocations.get(ALL);
        return all != null && all >= issuedAt;
    }

    /**
     * Whether {@code issuer} may sign users of this account: the account itself (unless its operator demands
     * signing keys) or one of its signing keys.
     */
    public boolean hasIssuer(final String issuer, final boolean strict)
    {
        return signingKeys.containsKey(issuer) || (!strict && issuer.equals(claims.subject()));
    }

    /**
     * The account as a config account for the engine: named by its public key, its exports and imports as
     * nats-server adds them (a stream import's local_subject or to is the name here; a service import's
     * local_subject is what importers publish to, its subject what the exporter serves).
     */
    public AccountOptions toAccountOptions()
    {
        final List<AccountOptions.ExportOptions> ex = new ArrayList<>();
        for (final Export e : exports)
        {
            ex.add(new AccountOptions.ExportOptions(e.subject(), e.service(), List.of()));
        }
        final List<AccountOptions.ImportOptions> im = new ArrayList<>();
        for (final Import i : imports)
        {
            final String to = !i.localSubject().isEmpty() ? i.localSubject() : i.to();
            im.add(new AccountOptions.ImportOptions(i.account(), i.subject(), to, i.service()));
        }
        return new AccountOptions(claims.subject(), List.copyOf(ex), List.copyOf(im));
    }
}
