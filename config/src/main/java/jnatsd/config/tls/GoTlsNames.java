package jnatsd.config.tls;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nats-server's names for cipher suites and curves (Go's crypto/tls constants, server/ciphersuites.go) and the JDK
 * (IANA) names they stand for. A name outside these maps is a config error, as in nats-server.
 */
public final class GoTlsNames
{
    private static final Map<String, String> CIPHERS = new LinkedHashMap<>();
    private static final Map<String, String> CURVES = new LinkedHashMap<>();

    static
    {
        for (final String same : List.of(
            "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"))
        {
            CIPHERS.put(same, same);
        }
        // Go drops the PRF hash from the two ChaCha20 TLS 1.2 names.
        CIPHERS.put("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        CIPHERS.put("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
        CURVES.put("X25519", "x25519");
        CURVES.put("CurveP256", "secp256r1");
        CURVES.put("CurveP384", "secp384r1");
        CURVES.put("CurveP521", "secp521r1");
    }

    /** nats-server's default TLS 1.2 suites (defaultCipherSuites), JDK names, in its order. */
    public static final List<String> DEFAULT_CIPHERS = List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    /** nats-server's default curve order (defaultCurvePreferences), JDK names. */
    public static final List<String> DEFAULT_CURVES = List.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    /** TLS 1.3 suites, which Go always enables whatever cipher_suites says. */
    public static final List<String> TLS13_CIPHERS = List.of(
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private GoTlsNames()
    {
    }

    /** The JDK name of a Go cipher suite name, or null when nats-server does not know it. */
    public static String cipher(final String goName)
    {
        return CIPHERS.get(goName);
    }

    /** The JDK named group of a Go curve name, or null when nats-server does not know it. */
    public static String curve(final String goName)
    {
        return CURVES.get(goName);
    }
}
