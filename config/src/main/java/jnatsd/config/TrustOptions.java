package jnatsd.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jnatsd.config.trust.OperatorClaims;

/**
 * JWT operator mode (decentralized authentication): the trusted operators (their JWTs, decoded and verified when
 * the config is read), the system account, the account resolver ("MEMORY" is the one jnatsd has; "URL" and "DIR"
 * are recorded as unsupported; empty when none)
 * and the account JWTs preloaded into it, by account public key. Disabled when no operator is configured.
 */
public record TrustOptions(
    List<String> operatorJwts,
    List<OperatorClaims> operators,
    String systemAccount,
    String resolver,
    Map<String, String> preload)
{
    public static final String MEMORY_RESOLVER = "MEMORY";

    public static TrustOptions none()
    {
        return new TrustOptions(List.of(), List.of(), "", "", Map.of());
    }

    /** Operator mode: clients must present a user JWT (nats-server's trustedKeys != nil). */
    public boolean enabled()
    {
        return !operators.isEmpty();
    }

    /** The operator keys an account JWT may be signed with. */
    public List<String> trustedKeys()
    {
        final List<String> out = new ArrayList<>();
        for (final OperatorClaims o : operators)
        {
            out.addAll(o.trustedKeys());
        }
        return out;
    }

    /** Operators whose accounts must be signed by a signing key, so an account key is not its own signer. */
    public Set<String> strictOperators()
    {
        final Set<String> out = new HashSet<>();
        for (final OperatorClaims o : operators)
        {
            if (o.strictSigningKeyUsage())
            {
                out.add(o.claims().subject());
                out.addAll(o.signingKeys());
            }
        }
        return out;
    }
}
