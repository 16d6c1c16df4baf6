package jnatsd.config.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jnatsd.config.ServerOptions;
import jnatsd.config.TlsOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfParser;
import jnatsd.config.conf.ConfValue;
import jnatsd.config.tls.PemFiles;

/**
 * Reads a config file into a draft and checks it, collecting every problem in one pass.
 * {@link #checkForRun} adds the checks nats-server makes only when starting (not for -t).
 */
public final class ConfigLoader
{
    private ConfigLoader()
    {
    }

    /** Parses {@code file} and applies it to {@code draft}; syntax errors stop early, key errors accumulate. */
    public static Problems applyFile(final Path file, final Map<String, String> env, final OptionsDraft draft)
    {
        final Problems problems = new Problems();
        draft.configFile = file;
        final Map<String, ConfValue> top;
        try
        {
            top = ConfParser.parseFile(file, env);
        }
        catch (final ConfException ex)
        {
            problems.error(ex);
            return problems;
        }
        TopLevelKeys.apply(top, draft, problems);
        return problems;
    }

    /** Defaults plus one file, checked as for starting; throws with every error when something is wrong. */
    public static ServerOptions load(final Path file, final Map<String, String> env)
    {
        final OptionsDraft draft = new OptionsDraft();
        final Problems problems = applyFile(file, env, draft);
        final ServerOptions options = draft.build();
        final List<String> errors = new ArrayList<>(problems.errors());
        errors.addAll(checkForRun(options));
        if (!errors.isEmpty())
        {
            throw new IllegalArgumentException(String.join("\n", errors));
        }
        return options;
    }

    /** Start-up checks (server/server.go validateOptions): these do not fail -t in nats-server either. */
    public static List<String> checkForRun(final ServerOptions o)
    {
        final List<String> errors = new ArrayList<>();
        if (o.limits().maxPayloadBytes() > o.limits().maxPendingBytes())
        {
            errors.add("max_payload (" + o.limits().maxPayloadBytes() + ") cannot be higher than max_pending ("
                + o.limits().maxPendingBytes() + ")");
        }
        final String noAuthUser = o.auth().noAuthUser();
        if (!noAuthUser.isEmpty())
        {
            if (o.auth().trust().enabled())
            {
                errors.add("no_auth_user not compatible with Trusted Operator");
            }
            else if (!o.auth().hasNamedUsers())
            {
                errors.add("no_auth_user: \"" + noAuthUser + "\" present, but users are not defined");
            }
            else if (o.auth().users().stream().noneMatch(u -> u.user().equals(noAuthUser)))
            {
                errors.add("no_auth_user: \"" + noAuthUser + "\" not present as user in authorization block or "
                    + "account configuration");
            }
        }
        // Operator mode's checks, or that a configured system account exists.
        errors.addAll(TrustSection.check(o.auth()));
        errors.addAll(checkTls(o.tls()));
        return errors;
    }

    /**
     * TLS as nats-server checks the --tls flags (overrideTLS, GenTLSConfig): a certificate and key that load and
     * match, a CA file that holds certificates. A tls block's files were checked where it was read (with its
     * position); a block that failed there left TLS off, so nothing is reported twice.
     */
    private static List<String> checkTls(final TlsOptions tls)
    {
        if (!tls.enabled())
        {
            return List.of();
        }
        if (tls.certFile().isEmpty())
        {
            return List.of("TLS Server certificate must be present and valid");
        }
        if (tls.keyFile().isEmpty())
        {
            return List.of("TLS Server private key must be present and valid");
        }
        try
        {
            PemFiles.loadKeyPair(tls.certFile(), tls.keyFile());
            if (!tls.caFile().isEmpty())
            {
                PemFiles.loadCertificates(tls.caFile());
            }
        }
        catch (final PemFiles.PemException ex)
        {
            return List.of(ex.getMessage());
        }
        return List.of();
    }
}
