package jnatsd.config.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jnatsd.config.TlsOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/**
 * A tls block (server/opts.go parseTLS). Certificate and key files must exist and hold PEM data,
 * as nats-server loads them even for -t; the TLS transport itself is a later issue.
 */
final class TlsSection
{
    private TlsSection()
    {
    }

    @SuppressWarnings("MethodLength")
    static TlsOptions read(final ConfValue block, final Problems problems)
    {
        String cert = "";
        String key = "";
        String ca = "";
        boolean verify = false;
        boolean verifyAndMap = false;
        boolean insecure = false;
        long timeoutNs = TlsOptions.DEFAULT_TIMEOUT_NS;
        List<String> ciphers = List.of();
        List<String> curves = List.of();
        List<String> pinned = List.of();
        for (final Map.Entry<String, ConfValue> e : Values.asMap("tls", block).entrySet())
        {
            final String k = e.getKey().toLowerCase(Locale.ROOT);
            final ConfValue v = e.getValue();
            switch (k)
            {
                case "cert_file" -> cert = typed(v, String.class, "expected 'cert_file' to be filename");
                case "key_file" -> key = typed(v, String.class, "expected 'key_file' to be filename");
                case "ca_file" -> ca = typed(v, String.class, "expected 'ca_file' to be filename");
                case "verify" -> verify = typed(v, Boolean.class, "expected 'verify' to be a boolean");
                case "verify_and_map" -> verifyAndMap = typed(v, Boolean.class,
                    "expected 'verify_and_map' to be a boolean");
                case "insecure" -> insecure = typed(v, Boolean.class, "expected 'insecure' to be a boolean");
                case "verify_cert_and_check_known_urls" ->
                    throw ConfException.at(v, "verify_cert_and_check_known_urls not supported in this context");
                case "cipher_suites" -> ciphers = nonEmpty(k, v);
                case "curve_preferences" -> curves = nonEmpty(k, v);
                case "pinned_certs" -> pinned = pinnedCerts(v);
                case "timeout" -> timeoutNs = Values.asSecondsNs(k, v);
                case "connection_rate_limit" -> Values.asLong(k, v);
                default -> throw ConfException.at(
                    v, "error parsing tls config, unknown field [\"" + e.getKey() + "\"]");
            }
        }
        checkFiles(block, cert, key, ca);
        verify = verify || verifyAndMap;
        return new TlsOptions(true, cert, key, ca, verify, timeoutNs, false, verifyAndMap, insecure, ciphers, curves,
            pinned);
    }

    private static <T> T typed(final ConfValue v, final Class<T> type, final String message)
    {
        if (type.isInstance(v.value()))
        {
            return type.cast(v.value());
        }
        throw ConfException.at(v, "error parsing tls config, " + message);
    }

    private static List<String> nonEmpty(final String k, final ConfValue v)
    {
        final List<String> values = Values.asStrings(k, v);
        if (values.isEmpty())
        {
            throw ConfException.at(v, "error parsing tls config, '" + k + "' cannot be empty");
        }
        return List.copyOf(values);
    }

    private static List<String> pinnedCerts(final ConfValue v)
    {
        final List<String> values = Values.asStrings("pinned_certs", v);
        for (final String entry : values)
        {
            if (!entry.matches("[0-9a-fA-F]{64}"))
            {
                throw ConfException.at(v, "error parsing tls config, 'pinned_certs' key " + entry
                    + " does not look like hex-encoded sha256 of DER encoded SubjectPublicKeyInfo");
            }
        }
        return List.copyOf(values);
    }

    private static void checkFiles(final ConfValue block, final String cert, final String key, final String ca)
    {
        if (!cert.isEmpty() && key.isEmpty())
        {
            throw ConfException.at(block, "missing 'key_file' in TLS configuration");
        }
        if (cert.isEmpty() && !key.isEmpty())
        {
            throw ConfException.at(block, "missing 'cert_file' in TLS configuration");
        }
        if (!cert.isEmpty())
        {
            requirePem(block, cert, "error parsing X509 certificate/key pair");
            requirePem(block, key, "error parsing X509 certificate/key pair");
        }
        if (!ca.isEmpty())
        {
            requirePem(block, ca, "failed to parse root ca certificate");
        }
    }

    private static void requirePem(final ConfValue block, final String file, final String what)
    {
        final String text;
        try
        {
            text = Files.readString(Path.of(file));
        }
        catch (final IOException ex)
        {
            throw ConfException.at(block, what + ": open " + file + ": no such file or directory");
        }
        if (!text.contains("-----BEGIN "))
        {
            throw ConfException.at(block, what + ": " + file + " holds no PEM data");
        }
    }
}
