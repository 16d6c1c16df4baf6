package jnatsd.transport.tls;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The JDK's trust manager, with failures reworded as Go's x509 errors, which nats-server logs after
 * {@code TLS handshake error:} (an expired certificate, one no configured CA signed). The JDK still decides.
 */
final class GoTrustManager extends X509ExtendedTrustManager
{
    /** A certificate refused, with Go's words for it (found in the handshake exception's causes). */
    static final class GoCertificateException extends CertificateException
    {
        private static final long serialVersionUID = 1L;

        GoCertificateException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    private final X509TrustManager delegate;
    /** tls.insecure: a server's certificate (a route we dial) is not checked, as Go's InsecureSkipVerify. */
    private final boolean insecure;

    GoTrustManager(final X509TrustManager delegate, final boolean insecure)
    {
        this.delegate = delegate;
        this.insecure = insecure;
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException
    {
        try
        {
            validity(chain);
            if (delegate instanceof X509ExtendedTrustManager x)
            {
                x.checkClientTrusted(chain, authType, engine);
            }
            else
            {
                delegate.checkClientTrusted(chain, authType);
            }
        }
        catch (final CertificateException ex)
        {
            throw reworded("tls: failed to verify client certificate: ", ex);
        }
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        throws CertificateException
    {
        if (insecure)
        {
            return;
        }
        try
        {
            validity(chain);
            if (delegate instanceof X509ExtendedTrustManager x)
            {
                x.checkServerTrusted(chain, authType, engine);
            }
            else
            {
                delegate.checkServerTrusted(chain, authType);
            }
        }
        catch (final CertificateException ex)
        {
            final GoCertificateException go = ex instanceof GoCertificateException || engine == null
                ? reworded("", ex) : GoHostnames.reworded(chain[0], engine.getPeerHost(), ex);
            // Go's client answers any refused certificate with a bad_certificate alert; the JDK's client sends that
            // one (not certificate_unknown) when the cause is a signature failure, so the peer logs Go's words.
            throw new GoCertificateException(go.getMessage(), new CertPathValidatorException(go.getMessage(), ex,
                null, -1, CertPathValidatorException.BasicReason.INVALID_SIGNATURE));
        }
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException
    {
        checkClientTrusted(chain, authType, (SSLEngine)null);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        throws CertificateException
    {
        checkServerTrusted(chain, authType, (SSLEngine)null);
    }

    @Override
    public void checkClientTrusted(final X509Certificate[] chain, final String authType) throws CertificateException
    {
        checkClientTrusted(chain, authType, (SSLEngine)null);
    }

    @Override
    public void checkServerTrusted(final X509Certificate[] chain, final String authType) throws CertificateException
    {
        checkServerTrusted(chain, authType, (SSLEngine)null);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers()
    {
        return delegate.getAcceptedIssuers();
    }

    /** Go checks the leaf's validity first and says so; the JDK would call it a path validation failure. */
    private static void validity(final X509Certificate[] chain) throws CertificateException
    {
        if (chain == null || chain.length == 0)
        {
            return;
        }
        final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final X509Certificate leaf = chain[0];
        final Instant notAfter = leaf.getNotAfter().toInstant();
        final Instant notBefore = leaf.getNotBefore().toInstant();
        if (now.isAfter(notAfter))
        {
            throw new GoCertificateException("x509: certificate has expired or is not yet valid: current time "
                + rfc3339(now) + " is after " + rfc3339(notAfter), null);
        }
        if (now.isBefore(notBefore))
        {
            throw new GoCertificateException("x509: certificate has expired or is not yet valid: current time "
                + rfc3339(now) + " is before " + rfc3339(notBefore), null);
        }
    }

    private static GoCertificateException reworded(final String prefix, final CertificateException ex)
    {
        final String text = ex instanceof GoCertificateException ? ex.getMessage()
            : "x509: certificate signed by unknown authority";
        return new GoCertificateException(prefix + text, ex);
    }

    private static String rfc3339(final Instant t)
    {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
