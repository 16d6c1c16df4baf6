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
            default -> run(r);
        }
    }

    private static void run(final CliResult r)
    {
        final ServerOptions options = r.options();
        final ServerLog log;
        try
        {
            log = new ServerLog(options.logging());
        }
        catch (final IOException ex)
        {
            System.err.println("jnatsd: cannot open log file: " + ex.getMessage());
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
        final JnatsdServer server;
        try
        {
            server = JnatsdServer.start(options, log);
        }
        catch (final IOException | RuntimeException ex)
        {
            log.fatal("Error listening on port: " + options.listen().host() + ":" + options.listen().port() + ", \""
                + ex.getMessage() + "\"");
            System.exit(1);
            return;
        }
        writePidFile(options, log);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "jnatsd-shutdown"));
    }

    /** Features configured but not implemented: refused at start, never ignored. */
    static List<String> refusals(final ServerOptions options)
    {
        final List<String> out = new ArrayList<>();
        for (final String u : options.unsupported())
        {
            out.add("Unsupported option: " + u);
        }
        if (options.tls().enabled())
        {
            out.add("TLS is not supported by this jnatsd version (remove the tls block or --tls flags)");
        }
        if (options.cluster().enabled())
        {
            out.add("Clustering (cluster block, --cluster, --routes) is not supported by this jnatsd version yet");
        }
        if (options.monitor().httpPort() != 0 || options.monitor().httpsPort() != 0)
        {
            out.add("HTTP monitoring (http/http_port/-m) is not supported by this jnatsd version yet");
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
