package jnatsd.config.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jnatsd.config.TlsOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;
import jnatsd.config.tls.GoTlsNames;
import jnatsd.config.tls.PemFiles;

/**
 * A tls block (server/opts.go parseTLS, then GenTLSConfig): cipher and curve names must be nats-server's, and the
 * certificate, key and CA files are loaded here (nats-server loads them even for -t), so a missing file, bad PEM or
 * a key that does not match its certificate is an error at the block's position, as nats-server reports it.
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
                case "cipher_suites" -> ciphers = names(k, v, true);
                case "curve_preferences" -> curves = names(k, v, false);
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

    /** cipher_suites or curve_preferences: every name must be one nats-server knows (kept as written). */
    private static List<String> names(final String k, final ConfValue v, final boolean ciphers)
    {
        final List<ConfValue> items = v.value() instanceof List ? Values.asList(k, v) : List.of(v);
        if (items.isEmpty())
        {
            throw ConfException.at(v, "error parsing tls config, '" + k + "' cannot be empty");
        }
        final List<String> out = new ArrayList<>();
        for (final ConfValue item : items)
        {
            final String name = Values.asString(k, item);
            if (ciphers && GoTlsNames.cipher(name) == null)
            {
                throw ConfException.at(item, "unrecognized cipher " + name);
            }
            if (!ciphers && GoTlsNames.curve(name) == null)
            {
                throw ConfException.at(item, "unrecognized curve preference " + name);
            }
            out.add(name);
        }
        return List.copyOf(out);
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
        try
        {
            if (!cert.isEmpty())
            {
                PemFiles.loadKeyPair(cert, key);
            }
            if (!ca.isEmpty())
            {
                PemFiles.loadCertificates(ca);
            }
        }
        catch (final PemFiles.PemException ex)
        {
            throw ConfException.at(block, ex.getMessage());
        }
    }
}
