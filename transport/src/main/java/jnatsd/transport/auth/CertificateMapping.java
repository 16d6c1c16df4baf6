package jnatsd.transport.auth;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import jnatsd.config.UserOptions;

/**
 * verify_and_map: the configured user a client certificate names, tried in nats-server 2.9's order
 * (checkClientTLSCertSubject): e-mail SANs, then DNS SANs, then URI SANs (each as a user name), then the subject
 * as a distinguished name equal to a user's name parsed as one (in order, then with its RDNs in any order), then the
 * subject's RFC 2253 string as a user name.
 */
final class CertificateMapping
{
    private static final int EMAIL = 1;
    private static final int DNS = 2;
    private static final int URI = 6;

    private CertificateMapping()
    {
    }

    /** The user, or null when none matches (an authorization violation). */
    static UserOptions find(final X509Certificate cert, final Map<String, UserOptions> users)
    {
        if (cert == null)
        {
            return null;
        }
        for (final int type : new int[] {EMAIL, DNS, URI})
        {
            for (final String name : sans(cert, type))
            {
                final UserOptions u = users.get(name);
                if (u != null)
                {
                    return u;
                }
            }
        }
        final String subject = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (subject.isEmpty())
        {
            return null;
        }
        final LdapName dn = parse(subject);
        if (dn != null)
        {
            final List<UserOptions> reordered = new ArrayList<>();
            for (final UserOptions u : users.values())
            {
                final LdapName wanted = parse(u.user());
                if (wanted == null || wanted.isEmpty())
                {
                    continue;
                }
                if (wanted.equals(dn))
                {
                    return u;
                }
                if (sameRdns(wanted, dn))
                {
                    reordered.add(u);
                }
            }
            if (!reordered.isEmpty())
            {
                return reordered.get(0);
            }
        }
        return users.get(subject);
    }

    private static List<String> sans(final X509Certificate cert, final int type)
    {
        final List<String> out = new ArrayList<>();
        try
        {
            final Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null)
            {
                return out;
            }
            for (final List<?> san : all)
            {
                if (san.size() >= 2 && san.get(0) instanceof Integer t && t == type && san.get(1) instanceof String v)
                {
                    out.add(v);
                }
            }
        }
        catch (final CertificateParsingException ex)
        {
            // no usable SANs
        }
        return out;
    }

    private static LdapName parse(final String name)
    {
        if (!name.contains("="))
        {
            return null;
        }
        try
        {
            return new LdapName(name);
        }
        catch (final InvalidNameException | IllegalArgumentException ex)
        {
            return null;
        }
    }

    private static boolean sameRdns(final LdapName a, final LdapName b)
    {
        return a.size() == b.size() && new HashSet<Rdn>(a.getRdns()).equals(new HashSet<Rdn>(b.getRdns()));
    }
}
