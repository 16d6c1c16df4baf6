package jnatsd.config.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Certificates and private keys from PEM files, read with BouncyCastle's PEM parser (RSA and EC keys, PKCS#1
 * {@code RSA/EC PRIVATE KEY} and PKCS#8 {@code PRIVATE KEY}), converted to JDK objects with the JDK's own
 * providers. Errors read as Go's {@code tls.LoadX509KeyPair} and {@code AppendCertsFromPEM} make nats-server say
 * them; no message ever holds key material. Shared by client and route TLS.
 */
public final class PemFiles
{
    /** A certificate chain (leaf first) and the private key of its leaf. */
    public record KeyMaterial(List<X509Certificate> chain, PrivateKey key)
    {
    }

    /** A file that cannot serve: the message is nats-server's (without the file position). */
    public static final class PemException extends Exception
    {
        private static final long serialVersionUID = 1L;

        public PemException(final String message)
        {
            super(message);
        }
    }

    private static final String PAIR = "error parsing X509 certificate/key pair: ";

    private PemFiles()
    {
    }

    /** cert_file and key_file: the chain and a key that matches its leaf. */
    public static KeyMaterial loadKeyPair(final String certFile, final String keyFile) throws PemException
    {
        final List<Object> certObjects = objects(certFile, PAIR);
        final List<X509Certificate> chain = certificates(certObjects);
        if (chain.isEmpty())
        {
            throw new PemException(PAIR + (certObjects.isEmpty()
                ? "tls: failed to find any PEM data in certificate input"
                : "tls: failed to find \"CERTIFICATE\" PEM block in certificate input"));
        }
        final List<Object> keyObjects = objects(keyFile, PAIR);
        if (keyObjects.isEmpty())
        {
            throw new PemException(PAIR + "tls: failed to find any PEM data in key input");
        }
        PrivateKey key = null;
        boolean sawCertificate = false;
        for (final Object o : keyObjects)
        {
            sawCertificate |= o instanceof X509CertificateHolder;
            key = key != null ? key : privateKey(o);
        }
        if (key == null)
        {
            throw new PemException(PAIR + (sawCertificate
                ? "tls: found a certificate rather than a key in the PEM for the private key"
                : "tls: failed to parse private key"));
        }
        if (!matches(chain.get(0).getPublicKey(), key))
        {
            throw new PemException(PAIR + "tls: private key does not match public key");
        }
        return new KeyMaterial(List.copyOf(chain), key);
    }

    /** ca_file: every certificate in it (none is nats-server's "failed to parse root ca certificate"). */
    public static List<X509Certificate> loadCertificates(final String caFile) throws PemException
    {
        final List<X509Certificate> certs = certificates(objects(caFile, ""));
        if (certs.isEmpty())
        {
            throw new PemException("failed to parse root ca certificate");
        }
        return List.copyOf(certs);
    }

    private static List<Object> objects(final String file, final String prefix) throws PemException
    {
        final String text;
        try
        {
            text = Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        }
        catch (final NoSuchFileException ex)
        {
            throw new PemException(prefix + "open " + file + ": no such file or directory");
        }
        catch (final IOException ex)
        {
            throw new PemException(prefix + "open " + file + ": " + ex.getMessage());
        }
        catch (final InvalidPathException ex)
        {
            // A NUL in the name: Go's open fails with EINVAL.
            throw new PemException(prefix + "open " + file + ": invalid argument");
        }
        final List<Object> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text)))
        {
            for (Object o = parser.readObject(); o != null; o = parser.readObject())
            {
                out.add(o);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Damaged PEM: what was read before it counts, as Go's pem.Decode stops at the first bad block.
            return out;
        }
        return out;
    }

    private static List<X509Certificate> certificates(final List<Object> objects) throws PemException
    {
        final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        final List<X509Certificate> out = new ArrayList<>();
        for (final Object o : objects)
        {
            if (o instanceof X509CertificateHolder holder)
            {
                try
                {
                    out.add(converter.getCertificate(holder));
                }
                catch (final CertificateException ex)
                {
                    throw new PemException("error parsing certificate: x509: malformed certificate");
                }
            }
        }
        return out;
    }

    private static PrivateKey privateKey(final Object o)
    {
        final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try
        {
            if (o instanceof PEMKeyPair pair)
            {
                // PKCS#1 RSA or SEC1 EC; the latter may leave out its public key, so only the private part is used.
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info)
            {
                return converter.getPrivateKey(info);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // an algorithm the JDK cannot load: reported as unparsable
            return null;
        }
        return null;
    }

    /** Whether the key signs what the certificate's public key verifies (works for RSA, EC and EdDSA alike). */
    private static boolean matches(final PublicKey publicKey, final PrivateKey key)
    {
        final String algorithm = switch (key.getAlgorithm())
        {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !publicKey.getAlgorithm().equals(key.getAlgorithm())
            && !(algorithm.equals("Ed25519") && publicKey.getAlgorithm().startsWith("Ed")))
        {
            return false;
        }
        try
        {
            final byte[] probe = "jnatsd key pair check".getBytes(StandardCharsets.US_ASCII);
            final Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            final byte[] signature = signer.sign();
            final Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
    }
}
