package jnatsd.transport.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jnatsd.config.trust.NKeys;

/**
 * The proof of an nkey: CONNECT's {@code sig}, the Ed25519 signature of the INFO nonce by the user's key, in
 * base64url without padding (or standard base64, which nats-server also accepts). Checked as nats-server does, with
 * its debug lines for each failure.
 */
final class NonceSignature
{
    private NonceSignature()
    {
    }

    static boolean verify(final String userKey, final String sig, final String nonce, final AuthLog log)
    {
        if (sig == null || sig.isEmpty())
        {
            log.debug("Signature missing");
            return false;
        }
        final byte[] raw = decode(sig);
        if (raw == null)
        {
            log.debug("Signature not valid base64");
            return false;
        }
        try
        {
            // Any public nkey, as nkeys.FromPublicKey takes it (the config only lets user keys in).
            NKeys.publicPrefix(userKey);
        }
        catch (final NKeys.InvalidKeyException ex)
        {
            log.debug("User nkey not valid: " + ex.getMessage());
            return false;
        }
        if (!NKeys.verify(userKey, (nonce == null ? "" : nonce).getBytes(StandardCharsets.US_ASCII), raw))
        {
            log.debug("Signature not verified");
            return false;
        }
        return true;
    }

    /** RawURLEncoding first, then StdEncoding; null when neither decodes. */
    private static byte[] decode(final String sig)
    {
        if (sig.matches("[A-Za-z0-9_-]*") && sig.length() % 4 != 1)
        {
            return Base64.getUrlDecoder().decode(sig);
        }
        if (sig.matches("[A-Za-z0-9+/]*={0,2}") && sig.length() % 4 == 0)
        {
            try
            {
                return Base64.getDecoder().decode(sig);
            }
            catch (final IllegalArgumentException ex)
            {
                return null;
            }
        }
        return null;
    }
}
