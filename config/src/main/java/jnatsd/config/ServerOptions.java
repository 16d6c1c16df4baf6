package jnatsd.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole resolved configuration of one server: file, flags and defaults merged and validated.
 * Immutable; built by the loader, read by every module.
 */
public record ServerOptions(
    ListenOptions listen,
    String serverName,
    LimitOptions limits,
    LoggingOptions logging,
    MonitorOptions monitor,
    AuthOptions auth,
    TlsOptions tls,
    ClusterOptions cluster,
    EngineOptions engine,
    OperationsOptions operations,
    Path configFile,
    List<String> unsupported)
{
    /** The original components; no unsupported features. */
    public ServerOptions(
        final ListenOptions listen, final String serverName, final LimitOptions limits, final LoggingOptions logging,
        final MonitorOptions monitor, final AuthOptions auth, final TlsOptions tls, final ClusterOptions cluster,
        final EngineOptions engine, final OperationsOptions operations, final Path configFile)
    {
        this(listen, serverName, limits, logging, monitor, auth, tls, cluster, engine, operations, configFile,
            List.of());
    }

    /** nats-server's defaults, with no config file. */
    public static ServerOptions defaults()
    {
        return new ServerOptions(
            ListenOptions.defaults(),
            "",
            LimitOptions.defaults(),
            LoggingOptions.defaults(),
            MonitorOptions.defaults(),
            AuthOptions.none(),
            TlsOptions.none(),
            ClusterOptions.none(),
            EngineOptions.defaults(),
            OperationsOptions.defaults(),
            null);
    }
}
