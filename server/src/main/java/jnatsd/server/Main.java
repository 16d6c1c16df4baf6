package jnatsd.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnatsd.config.ServerOptions;
import jnatsd.config.cli.Cli;
import jnatsd.config.cli.CliResult;
import jnatsd.server.monitor.EngineQueries;
import jnatsd.server.monitor.MonitorHttpServer;
import jnatsd.server.ops.AuthReload;
import jnatsd.server.ops.ConfigReload;
import jnatsd.server.ops.LameDuck;
import jnatsd.server.ops.LameDuckTrigger;
import jnatsd.server.ops.LimitsReload;
import jnatsd.server.ops.PortsFile;
import jnatsd.server.ops.SignalHandlers;
import jnatsd.server.ops.ServerRuntime;
import jnatsd.server.ops.TlsReload;

/** Entry point of ./jnatsd: nats-server's flags, then the server until SIGTERM/SIGINT. */
public final class Main
{
    private Main()
    {
    }

    public static void main(final String[] args)
    {
        // Chronicle/OpenHFT libraries send usage analytics unless this is set before they load.
        System.setProperty("chronicle.analytics.disable", "true");
        // Agrona checks every buffer access by default; our writers reserve space first, so the server runs without
        // them (tests keep them on). Must be set before any Agrona buffer class loads.
        if (System.getProperty("agrona.disable.bounds.checks") == null)
        {
            System.setProperty("agrona.disable.bounds.checks", "true");
        }
        final CliResult r = Cli.parse(args);
        switch (r.action())
        {
            case EXIT ->
            {
                if (r.message() != null && !r.message().isEmpty())
                {
                    (r.exitCode() == 0 ? System.out : System.err).println(r.message());
                }
                System.exit(r.exitCode());
            }
            case SIGNAL ->
            {
                System.exit(Signals.send(r.signal()));
            }
            default -> run(r, args);
        }
    }

    /** @param args the command line, kept for SIGHUP: a reload parses it again, as at start */
    private static void run(final CliResult r, final String[] args)
    {
        final ServerOptions options = r.options();
        final ServerLog log;
        try
        {
            log = new ServerLog(options.logging());
        }
        catch (final IOException ex)
        {
            final boolean toFile = !options.logging().logFile().isEmpty();
            System.err.println(toFile ? "jnatsd: cannot open log file: " + ex.getMessage()
                : "jnatsd: error connecting to syslog: \"" + ex.getMessage() + "\"");
            System.exit(1);
            return;
        }
        final List<String> refused = refusals(options);
        if (!refused.isEmpty())
        {
            for (final String s : refused)
            {
                log.fatal(s);
            }
            System.exit(1);
        }
        for (final String w : r.warnings())
        {
            log.warn(w);
        }
        // Handlers go in first: until a Java handler owns SIGUSR2, HotSpot's own (thread suspend) handler gets it
        // and can crash the JVM. Lame duck mode waits for the server; a reload before it is ready is harmless.
        final ServerRuntime runtime = new ServerRuntime(options);
        final LameDuckTrigger lameDuck = new LameDuckTrigger();
        SignalHandlers.install(new ConfigReload(Cli::parse, args, runtime, log)::reload, log::reopen, lameDuck, log);
        final MonitorHttpServer monitor;
        try
        {
            monitor = MonitorHttpServer.bind(options);
        }
        catch (final MonitorHttpServer.MonitorException ex)
        {
            log.fatal("Can't start monitoring: " + ex.getMessage());
            System.exit(1);
            return;
        }
        final JnatsdServer server;
        final PortsFile[] written = new PortsFile[1];
        try
        {
            // As nats-server's Start(): the pid file after the start banner, then monitoring, then the listeners.
            // Every listener is bound by then, so the ports file is written before the first client is accepted
            // (nats-server writes it as soon as its listeners are up).
            server = JnatsdServer.start(options, log, s ->
            {
                writePidFile(options, log);
                startMonitor(monitor, s, runtime, log);
                written[0] = PortsFile.write(options.operations().portsFileDir(), options.listen().host(),
                    s.clientPort(), monitor == null ? "" : monitor.host(), monitor == null ? 0 : monitor.port(),
                    options.cluster().host(), s.routePort(), log);
            });
        }
        catch (final IOException | RuntimeException ex)
        {
            log.fatal("Error listening on port: " + options.listen().host() + ":" + options.listen().port() + ", \""
                + ex.getMessage() + "\"");
            System.exit(1);
            return;
        }
        final PortsFile ports = written[0];
        final AuthReload authReload = new AuthReload(server.authenticator(), server.engineAgent().admin(), log);
        runtime.onReload(authReload);
        // A reload that landed while the server was starting: apply its authorization now.
        authReload.reloaded(options, runtime.options());
        if (server.cluster() != null)
        {
            final ServerRuntime.ReloadListener routes = server.cluster().reloadListener(server.engineAgent().admin());
            runtime.onReload(routes);
            routes.reloaded(options, runtime.options());
        }
        runtime.onReload(
            new LimitsReload(server.transportContext(), server.engineAgent().admin(), log));
        runtime.onReload(
            new TlsReload(server.transportContext(), server.authenticator(), server.engineAgent().admin(), log));
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            server.close();
            if (monitor != null)
            {
                monitor.close();
            }
            if (ports != null)
            {
                ports.delete();
            }
            log.close();
        }, "jnatsd-shutdown"));
        // Once clients are served and a shutdown is handled: the first INFO does not wait for the system account.
        startSystemAccount(monitor, server, runtime);
        // After lame duck mode the process exits as after SIGTERM: the hook above stops everything.
        lameDuck.ready(new LameDuck(server, runtime, log, () -> System.exit(0)));
    }

    private static void startMonitor(final MonitorHttpServer monitor, final JnatsdServer server,
        final ServerRuntime runtime, final ServerLog log)
    {
        if (monitor == null)
        {
            return;
        }
        try
        {
            monitor.start(server, runtime, log);
        }
        catch (final EngineQueries.EngineUnavailableException ex)
        {
            log.error("Monitoring not started: " + ex.getMessage());
        }
    }

    /** Starts the system account's services (prepared with the server, queued since) on their own thread. */
    private static void startSystemAccount(final MonitorHttpServer monitor, final JnatsdServer server,
        final ServerRuntime runtime)
    {
        server.systemService().start(runtime, monitor == null ? null : monitor.queries(),
            monitor == null ? runtime.options().monitor().httpHost() : monitor.host(),
            monitor == null ? 0 : monitor.port());
    }

    /** Features configured but not implemented: refused at start, never ignored. */
    static List<String> refusals(final ServerOptions options)
    {
        final List<String> out = new ArrayList<>();
        for (final String u : options.unsupported())
        {
            out.add("Unsupported option: " + u);
        }
        return out;
    }

    private static void writePidFile(final ServerOptions options, final ServerLog log)
    {
        final String pidFile = options.operations().pidFile();
        if (pidFile != null && !pidFile.isEmpty())
        {
            try
            {
                Files.writeString(Path.of(pidFile), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                log.error("Could not write pidfile: " + ex.getMessage());
            }
        }
    }
}
