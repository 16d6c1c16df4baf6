package jnatsd.transport.tls;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import jnatsd.config.TlsOptions;
import jnatsd.config.tls.GoTlsNames;
import jnatsd.config.tls.PemFiles;

/**
 * One {@code tls {}} block made ready to serve: the JDK SSLContext built from its PEM files (key manager from
 * cert_file and key_file, trust manager from ca_file or the JDK's default roots, wrapped so that failures read as
 * Go's), and the engine settings nats-server's GenTLSConfig makes (TLS 1.2 and 1.3, its cipher suites and curve
 * order, client certificates required with verify). Immutable; makes one SSLEngine per connection, on either side
 * ({@link #newEngine}): clients and accepted routes are served, dialed routes are the TLS client.
 */
public final class TlsContext
{
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** SSLParameters.setNamedGroups exists from Java 20; on 17-19 the curve order is the JDK's. */
    private static final MethodHandle SET_NAMED_GROUPS = namedGroupsSetter();

    private final SSLContext ssl;
    private final TlsOptions options;
    private final String[] ciphers;
    private final String[] groups;
    private final Set<String> pinned;

    private TlsContext(final SSLContext ssl, final TlsOptions options, final String[] ciphers, final String[] groups)
    {
        this.pinned = options.pinnedCerts().stream().map(p -> p.toLowerCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
        this.ssl = ssl;
        this.options = options;
        this.ciphers = ciphers;
        this.groups = groups;
    }

    /**
     * The {@code cluster { tls {} }} context: as nats-server's getTLSConfig for routes, client certificates are always
     * required and verified (whatever {@code verify} says), against ca_file, which also verifies the peers we dial.
     */
    public static TlsContext forRoutes(final TlsOptions o) throws PemFiles.PemException, GeneralSecurityException
    {
        return create(new TlsOptions(o.enabled(), o.certFile(), o.keyFile(), o.caFile(), true, o.timeoutNs(), false,
            false, o.insecure(), o.cipherSuites(), o.curvePreferences(), o.pinnedCerts()));
    }

    /** Loads the files and builds the context; the message of a failure is nats-server's. */
    public static TlsContext create(final TlsOptions options) throws PemFiles.PemException, GeneralSecurityException
    {
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null)
        {
            // Go's servers never renegotiate (TLS 1.2); read by JSSE once, before its first context.
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
        if (SET_NAMED_GROUPS == null && !options.curvePreferences().isEmpty()
            && System.getProperty("jdk.tls.namedGroups") == null)
        {
            // Java 17-19: only the process-wide property orders curves; set before JSSE first reads it.
            System.setProperty("jdk.tls.namedGroups", String.join(",", namedGroups(options)));
        }
        final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        final char[] none = new char[0];
        final KeyStore keys = emptyStore();
        if (!options.certFile().isEmpty())
        {
            final PemFiles.KeyMaterial pair = PemFiles.loadKeyPair(options.certFile(), options.keyFile());
            keys.setKeyEntry("server", pair.key(), none, pair.chain().toArray(new Certificate[0]));
        }
        kmf.init(keys, none);
        final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (options.caFile().isEmpty())
        {
            tmf.init((KeyStore)null);
        }
        else
        {
            final KeyStore roots = emptyStore();
            int i = 0;
            for (final X509Certificate ca : PemFiles.loadCertificates(options.caFile()))
            {
                roots.setCertificateEntry("ca" + i++, ca);
            }
            tmf.init(roots);
        }
        final List<TrustManager> trust = new ArrayList<>();
        for (final TrustManager tm : tmf.getTrustManagers())
        {
            trust.add(tm instanceof X509TrustManager x ? new GoTrustManager(x, options.insecure()) : tm);
        }
        final SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), trust.toArray(new TrustManager[0]), new SecureRandom());
        final Set<String> supported = Set.of(ssl.getSupportedSSLParameters().getCipherSuites());
        return new TlsContext(ssl, options, cipherSuites(options, supported), namedGroups(options));
    }

    /** A server-side ({@code client == false}) or dialing-side engine configured as nats-server's. */
    public SSLEngine newEngine(final boolean client, final String peerHost, final int peerPort)
    {
        final SSLEngine engine = client ? ssl.createSSLEngine(peerHost, peerPort) : ssl.createSSLEngine();
        engine.setUseClientMode(client);
        final SSLParameters p = engine.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setCipherSuites(ciphers);
        // Go's server prefers its own order (PreferServerCipherSuites).
        p.setUseCipherSuitesOrder(true);
        if (!client)
        {
            p.setNeedClientAuth(options.verify());
        }
        else if (!options.insecure())
        {
            // Go's client checks the server's name (the route URL's host, or an IP SAN) unless insecure.
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (groups != null && SET_NAMED_GROUPS != null)
        {
            try
            {
                SET_NAMED_GROUPS.invoke(p, (Object)groups);
            }
            catch (final Throwable ex)
            {
                // left at the JDK's order
            }
        }
        engine.setSSLParameters(p);
        return engine;
    }

    public TlsOptions options()
    {
        return options;
    }

    /** pinned_certs, lower-case hex (nats-server lower-cases them too); empty when not configured. */
    public Set<String> pinned()
    {
        return pinned;
    }

    /** The handshake timeout (tls.timeout, 2 s by default). */
    public long handshakeTimeoutNs()
    {
        return options.timeoutNs() > 0 ? options.timeoutNs() : TlsOptions.DEFAULT_TIMEOUT_NS;
    }

    /** The enabled suites in order (TLS 1.3 ones first: Go cannot turn them off). */
    public List<String> cipherSuites()
    {
        return List.of(ciphers);
    }

    /**
     * TLS 1.3 suites, then the configured TLS 1.2 ones (or nats-server's defaults) mapped to JDK names, dropping
     * any this JDK cannot run (RC4, 3DES): nats-server accepts their names, the JDK refuses to enable them.
     */
    static String[] cipherSuites(final TlsOptions options, final Set<String> supported)
    {
        final LinkedHashSet<String> out = new LinkedHashSet<>(GoTlsNames.TLS13_CIPHERS);
        if (options.cipherSuites().isEmpty())
        {
            out.addAll(GoTlsNames.DEFAULT_CIPHERS);
        }
        else
        {
            for (final String go : options.cipherSuites())
            {
                out.add(GoTlsNames.cipher(go));
            }
        }
        out.retainAll(supported);
        return out.toArray(new String[0]);
    }

    private static String[] namedGroups(final TlsOptions options)
    {
        if (options.curvePreferences().isEmpty())
        {
            return GoTlsNames.DEFAULT_CURVES.toArray(new String[0]);
        }
        return options.curvePreferences().stream().map(GoTlsNames::curve).toArray(String[]::new);
    }

    private static KeyStore emptyStore() throws GeneralSecurityException
    {
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try
        {
            ks.load(null, null);
        }
        catch (final IOException ex)
        {
            throw new GeneralSecurityException(ex);
        }
        return ks;
    }

    private static MethodHandle namedGroupsSetter()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                MethodType.methodType(void.class, String[].class));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            return null;
        }
    }

    /** The JDK context, for listeners that are not NIO connections (HTTPS monitoring). */
    public SSLContext sslContext()
    {
        return ssl;
    }

    /**
     * Server-side parameters as {@link #newEngine} sets them, but never asking for a client certificate: nats-server
     * serves HTTPS monitoring with the client TLS config and ClientAuth off.
     */
    public SSLParameters serverParametersWithoutClientAuth()
    {
        final SSLParameters p = newEngine(false, null, 0).getSSLParameters();
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        return p;
    }

    @Override
    public String toString()
    {
        return "TlsContext[verify=" + options.verify() + ", ciphers=" + Arrays.toString(ciphers) + "]";
    }
}
