package jnatsd.testsupport;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates made in a test, with BouncyCastle: a CA, certificates it issues (servers for localhost/127.0.0.1,
 * clients with a subject, e-mail or DNS names), expired ones and ones from an unrelated CA; written as PEM (keys as
 * PKCS#1 or PKCS#8) and turned into the SSLContext a client such as jnats takes. For client and route TLS tests.
 */
public final class TestCerts
{
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key; {@link #issuer} is null for a self-signed CA. */
    public record Issued(X509Certificate certificate, KeyPair keys, Issued issuer)
    {
        /** Leaf first, then each issuer up to the CA. */
        public List<X509Certificate> chain()
        {
            final List<X509Certificate> out = new ArrayList<>();
            for (Issued i = this; i != null; i = i.issuer)
            {
                out.add(i.certificate);
            }
            return out;
        }

        /** Writes the certificate (PEM) to {@code file}. */
        public Path writeCert(final Path file)
        {
            return write(file, pem(certificate));
        }

        /** Writes the key as PKCS#8 ({@code PRIVATE KEY}) or the algorithm's own form (PKCS#1 RSA / SEC1 EC). */
        public Path writeKey(final Path file, final boolean pkcs8)
        {
            try
            {
                if (pkcs8)
                {
                    return write(file, pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate()));
                }
                return write(file, keys.getPrivate().getAlgorithm().equals("EC") ? pem(sec1(keys))
                    : pem(keys.getPrivate()));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    }

    /**
     * An EC key as openssl writes it ({@code EC PRIVATE KEY}, SEC1 with the curve and the public key): the JDK's
     * encoding keeps the curve only in the PKCS#8 wrapper, which a bare SEC1 structure would lose.
     */
    private static PemObject sec1(final KeyPair keys) throws IOException
    {
        final PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        final ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        final SubjectPublicKeyInfo pub = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        final ECPrivateKey full = new ECPrivateKey(256, inner.getKey(), pub.getPublicKeyData(),
            info.getPrivateKeyAlgorithm().getParameters());
        return new PemObject("EC PRIVATE KEY", full.getEncoded());
    }

    public enum Algorithm
    {
        RSA, EC
    }

    private TestCerts()
    {
    }

    /** A self-signed CA (RSA 2048). */
    public static Issued ca(final String cn)
    {
        final KeyPair keys = keys(Algorithm.RSA);
        return new Issued(build("CN=" + cn + ",O=jnatsd tests", keys, null, keys, true, List.of(),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30))), keys, null);
    }

    /** A server certificate for localhost and 127.0.0.1, issued by {@code ca}. */
    public static Issued server(final Issued ca, final Algorithm algorithm)
    {
        return issue(ca, "CN=localhost,O=jnatsd tests", algorithm, List.of(
            new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")),
            Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    /** A client certificate with the given subject DN (RFC 2253) and SANs, valid now. */
    public static Issued client(final Issued ca, final String subjectDn, final List<GeneralName> sans)
    {
        return issue(ca, subjectDn, Algorithm.RSA, sans, Instant.now().minus(Duration.ofDays(1)),
            Instant.now().plus(Duration.ofDays(30)));
    }

    /** A certificate issued by {@code ca} with an explicit validity (an expired one: both in the past). */
    public static Issued issue(final Issued ca, final String subjectDn, final Algorithm algorithm,
        final List<GeneralName> sans, final Instant notBefore, final Instant notAfter)
    {
        final KeyPair keys = keys(algorithm);
        return new Issued(build(subjectDn, keys, ca.certificate, ca.keys, false, sans, notBefore, notAfter), keys,
            ca);
    }

    /** An e-mail SAN. */
    public static GeneralName email(final String address)
    {
        return new GeneralName(GeneralName.rfc822Name, address);
    }

    /** A DNS SAN. */
    public static GeneralName dns(final String name)
    {
        return new GeneralName(GeneralName.dNSName, name);
    }

    /**
     * An SSLContext trusting {@code trusted} and, when {@code identity} is given, presenting it (its chain) as this
     * side's certificate: what a jnats client gets through {@code Options.Builder.sslContext}.
     */
    public static SSLContext sslContext(final Issued trusted, final Issued identity)
    {
        try
        {
            final KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted.certificate);
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (identity != null)
            {
                final char[] pw = "test".toCharArray();
                final KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("me", identity.keys.getPrivate(), pw,
                    identity.chain().toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
            }
            final SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : new KeyManager[] {new Presenting((X509ExtendedKeyManager)kmf
                .getKeyManagers()[0])}, tmf.getTrustManagers(), new SecureRandom());
            return ctx;
        }
        catch (final GeneralSecurityException | IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Presents its one certificate whatever CAs the server asks for (the JDK's own choice would send none when the
     * issuer is not one of them), as openssl s_client does: the server must be the one to refuse it.
     */
    private static final class Presenting extends X509ExtendedKeyManager
    {
        private final X509ExtendedKeyManager delegate;

        Presenting(final X509ExtendedKeyManager delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public String[] getClientAliases(final String keyType, final Principal[] issuers)
        {
            return new String[] {"me"};
        }

        @Override
        public String chooseClientAlias(final String[] keyType, final Principal[] issuers, final Socket socket)
        {
            return "me";
        }

        @Override
        public String chooseEngineClientAlias(final String[] keyType, final Principal[] issuers,
            final SSLEngine engine)
        {
            return "me";
        }

        @Override
        public String[] getServerAliases(final String keyType, final Principal[] issuers)
        {
            return delegate.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(final String keyType, final Principal[] issuers, final Socket socket)
        {
            return delegate.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(final String alias)
        {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(final String alias)
        {
            return delegate.getPrivateKey(alias);
        }
    }

    public static KeyPair keys(final Algorithm algorithm)
    {
        try
        {
            if (algorithm == Algorithm.EC)
            {
                final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            }
            final KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static X509Certificate build(final String subjectDn, final KeyPair subject, final X509Certificate issuer,
        final KeyPair issuerKeys, final boolean isCa, final List<GeneralName> sans, final Instant notBefore,
        final Instant notAfter)
    {
        try
        {
            final X500Principal subjectName = new X500Principal(subjectDn);
            final X500Principal issuerName = issuer == null ? subjectName : issuer.getSubjectX500Principal();
            final X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subjectName,
                subject.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            b.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!sans.isEmpty())
            {
                b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(new GeneralName[0])));
            }
            final PrivateKey signer = issuerKeys.getPrivate();
            final String algorithm = signer.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
        }
        catch (final IOException | GeneralSecurityException | OperatorCreationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static String pem(final Object o)
    {
        final StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw))
        {
            w.writeObject(o);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return sw.toString();
    }

    private static Path write(final Path file, final String text)
    {
        try
        {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
