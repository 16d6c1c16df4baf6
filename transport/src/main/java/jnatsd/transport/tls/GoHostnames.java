package jnatsd.transport.tls;

import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A dialed route whose certificate does not name the host we dialed: the JDK's endpoint check, reworded as Go's
 * x509.HostnameError (what nats-server logs after {@code TLS route handshake error:}).
 */
final class GoHostnames
{
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private GoHostnames()
    {
    }

    /** Go's words when {@code ex} is the JDK's name mismatch, else the unknown-authority wording. */
    static GoTrustManager.GoCertificateException reworded(final X509Certificate leaf, final String host,
        final CertificateException ex)
    {
        final String m = String.valueOf(ex.getMessage());
        if (host == null || !(m.startsWith("No subject alternative") || m.startsWith("No name matching")))
        {
            return new GoTrustManager.GoCertificateException("x509: certificate signed by unknown authority", ex);
        }
        return new GoTrustManager.GoCertificateException(text(leaf, host), ex);
    }

    /** Go 1.19's HostnameError.Error(). */
    static String text(final X509Certificate leaf, final String host)
    {
        final boolean ip = isIpLiteral(host);
        final List<String> valid = sans(leaf, ip ? SAN_IP : SAN_DNS);
        if (ip && valid.isEmpty())
        {
            return "x509: cannot validate certificate for " + host + " because it doesn't contain any IP SANs";
        }
        if (valid.isEmpty())
        {
            return "x509: certificate is not valid for any names, but wanted to match " + host;
        }
        return "x509: certificate is valid for " + String.join(", ", valid) + ", not " + host;
    }

    static boolean isIpLiteral(final String host)
    {
        return host.indexOf(':') >= 0 || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static List<String> sans(final X509Certificate leaf, final int type)
    {
        final List<String> out = new ArrayList<>();
        try
        {
            final Collection<List<?>> all = leaf.getSubjectAlternativeNames();
            if (all != null)
            {
                for (final List<?> san : all)
                {
                    if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type)
                    {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        }
        catch (final CertificateParsingException ignore)
        {
            // no names to list
        }
        return out;
    }
}
