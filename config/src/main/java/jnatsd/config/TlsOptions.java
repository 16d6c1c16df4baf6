package jnatsd.config;

import java.util.List;

/** TLS settings (recognised and validated; the TLS transport is a later issue). */
public record TlsOptions(
    boolean enabled,
    String certFile,
    String keyFile,
    String caFile,
    boolean verify,
    long timeoutNs,
    boolean allowNonTls,
    boolean verifyAndMap,
    boolean insecure,
    List<String> cipherSuites,
    List<String> curvePreferences,
    List<String> pinnedCerts)
{
    /** nats-server's TLS handshake timeout default (2 s, as auth_timeout). */
    public static final long DEFAULT_TIMEOUT_NS = 2_000_000_000L;

    public TlsOptions(final boolean enabled, final String certFile, final String keyFile, final String caFile,
        final boolean verify, final long timeoutNs, final boolean allowNonTls)
    {
        this(enabled, certFile, keyFile, caFile, verify, timeoutNs, allowNonTls, false, false, List.of(), List.of(),
            List.of());
    }

    public static TlsOptions none()
    {
        return new TlsOptions(false, "", "", "", false, 0, false);
    }
}
