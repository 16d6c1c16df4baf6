package jnatsd.transport.auth;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The INFO nonce a client signs to prove its nkey: 11 random bytes in base64url without padding (15 characters),
 * as nats-server's generateNonce. Made on the transport thread that accepts the connection.
 */
public final class Nonces
{
    private static final int RAW_LENGTH = 11;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Nonces()
    {
    }

    public static String next()
    {
        final byte[] raw = new byte[RAW_LENGTH];
        RANDOM.nextBytes(raw);
        return ENCODER.encodeToString(raw);
    }
}
