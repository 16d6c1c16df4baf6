package jnatsd.config;

/** TLS settings (recognised and validated; the TLS transport is a later issue). */
public record TlsOptions(
    boolean enabled,
    String certFile,
    String keyFile,
    String caFile,
    boolean verify,
    long timeoutNs,
    boolean allowNonTls)
{
    public static TlsOptions none()
    {
        return new TlsOptions(false, "", "", "", false, 0, false);
    }
}
