package jnatsd.server.monitor;

import jnatsd.config.ServerOptions;
import jnatsd.config.Version;
import jnatsd.engine.status.Log;
import jnatsd.server.JnatsdServer;
import jnatsd.server.ops.ServerRuntime;

/** What the endpoints share: the running server, its live options, the engine door and request counts. */
final class Monitor
{
    final JnatsdServer server;
    final ServerRuntime runtime;
    final EngineQueries engine;
    final HttpStats stats = new HttpStats();
    final ProcessUsage usage = new ProcessUsage();
    final String httpHost;
    final int httpPort;
    final Log log;

    Monitor(final JnatsdServer server, final ServerRuntime runtime, final EngineQueries engine,
        final String httpHost, final int httpPort, final Log log)
    {
        this.log = log;
        this.server = server;
        this.runtime = runtime;
        this.engine = engine;
        this.httpHost = httpHost;
        this.httpPort = httpPort;
    }

    ServerOptions options()
    {
        return runtime.options();
    }

    String serverId()
    {
        return server.serverId();
    }

    String serverName()
    {
        final String name = options().serverName();
        return name.isEmpty() ? server.serverId() : name;
    }

    static String version()
    {
        return Version.NATS_COMPAT;
    }

    /** INFO's "go" field: the runtime that runs the server. */
    static String runtimeName()
    {
        return "java" + Runtime.version().feature();
    }
}
