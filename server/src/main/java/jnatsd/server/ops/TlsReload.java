package jnatsd.server.ops;

import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import jnatsd.config.ServerOptions;
import jnatsd.config.TlsOptions;
import jnatsd.config.tls.PemFiles;
import jnatsd.engine.AdminQueue;
import jnatsd.server.ServerLog;
import jnatsd.transport.TransportContext;
import jnatsd.transport.auth.Authenticator;
import jnatsd.transport.conn.PlainChannel;
import jnatsd.transport.tls.TlsChannels;
import jnatsd.transport.tls.TlsContext;

/**
 * Client TLS on reload, as nats-server 2.9.10: every reload with a {@code tls {}} block re-reads its certificate,
 * key and CA files (a rotated certificate is served to the next client; connections already up keep theirs), and
 * a reload may turn TLS on or off: the next clients get the new INFO ({@code tls_required}, {@code tls_verify}) and
 * channel. verify_and_map follows too. The files were loaded once already when the configuration was parsed, so a
 * broken file fails the reload before this runs.
 */
public final class TlsReload implements ServerRuntime.ReloadListener
{
    private static final long ENGINE_WAIT_MS = 10_000;

    private final TransportContext transport;
    private final Authenticator authenticator;
    private final AdminQueue admin;
    private final ServerLog log;

    public TlsReload(final TransportContext transport, final Authenticator authenticator, final AdminQueue admin,
        final ServerLog log)
    {
        this.transport = transport;
        this.authenticator = authenticator;
        this.admin = admin;
        this.log = log;
    }

    @Override
    public void reloaded(final ServerOptions oldOptions, final ServerOptions newOptions)
    {
        final TlsOptions a = oldOptions.tls();
        final TlsOptions b = newOptions.tls();
        if (!a.enabled() && !b.enabled())
        {
            return;
        }
        if (b.enabled())
        {
            try
            {
                transport.channels(new TlsChannels(TlsContext.create(b)));
            }
            catch (final PemFiles.PemException | GeneralSecurityException | RuntimeException ex)
            {
                log.error("TLS not reloaded, the previous certificates stay in use: " + ex.getMessage());
                return;
            }
        }
        else
        {
            transport.channels(PlainChannel.FACTORY);
        }
        authenticator.tlsMap(b.enabled() && b.verifyAndMap());
        if (a.enabled() != b.enabled() || a.verify() != b.verify() || a.allowNonTls() != b.allowNonTls())
        {
            try
            {
                admin.submit(e ->
                {
                    e.tlsInfo(b.enabled(), b.verify(), b.allowNonTls());
                    return null;
                }).get(ENGINE_WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                log.error("Reload of TLS interrupted before the engine changed its INFO");
            }
            catch (final ExecutionException | TimeoutException ex)
            {
                log.error("Reload of TLS: the engine did not change its INFO: " + ex);
            }
        }
    }
}
