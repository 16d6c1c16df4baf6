package jnatsd.config;

import java.nio.file.Path;

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
    Path configFile)
{
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
