package jnatsd.config.trust;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An operator JWT's claims (jwt.OperatorClaims): its signing keys, the system account it names, whether accounts
 * must be signed by a signing key (strict_signing_key_usage), and the lowest server version it asks for.
 */
public record OperatorClaims(
    Jwt.ClaimsData claims,
    List<String> signingKeys,
    String systemAccount,
    boolean strictSigningKeyUsage,
    String accountServerUrl,
    String assertServerVersion,
    List<String> staticIssues)
{
    static OperatorClaims of(final Jwt.Decoded d) throws Jwt.JwtException
    {
        final JsonNode n = d.nats();
        final List<String> issues = new ArrayList<>();
        final List<String> keys = Jwt.strings(n, "signing_keys");
        for (final String k : keys)
        {
            if (!NKeys.isValidPublicOperatorKey(k))
            {
                issues.add(k + " is not an operator public key");
            }
        }
        final String sys = Jwt.text(n, "system_account");
        if (!sys.isEmpty() && !NKeys.isValidPublicAccountKey(sys))
        {
            issues.add(sys + " is not an account public key");
        }
        // v1 operator JWTs have neither strict signing key usage nor an asserted server version.
        final boolean v1 = d.version() == 1;
        return new OperatorClaims(d.claims(), List.copyOf(keys), sys, !v1 && Jwt.bool(n, "strict_signing_key_usage"),
            Jwt.text(n, "account_server_url"), v1 ? "" : Jwt.text(n, "assert_server_version"), List.copyOf(issues));
    }

    /** The keys accounts may be signed with (validateTrustedOperators' expansion into trusted keys). */
    public List<String> trustedKeys()
    {
        final List<String> out = new ArrayList<>();
        if (!strictSigningKeyUsage)
        {
            out.add(claims.subject());
        }
        out.addAll(signingKeys);
        return out;
    }
}
