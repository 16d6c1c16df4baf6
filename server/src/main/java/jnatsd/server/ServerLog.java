package jnatsd.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import jnatsd.config.LoggingOptions;
import jnatsd.engine.status.Log;

/**
 * nats-server's log shape: {@code [pid] 2006/01/02 15:04:05.000000 [INF] message} (the time only with logtime),
 * to stderr or a file. -D enables [DBG], -V enables [TRC]. Thread-safe.
 */
public final class ServerLog implements Log
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

    private final String pidPrefix = "[" + ProcessHandle.current().pid() + "] ";
    private final boolean debug;
    private final boolean trace;
    private final boolean logtime;
    private final PrintStream out;

    public ServerLog(final LoggingOptions options) throws IOException
    {
        this.debug = options.debug();
        this.trace = options.trace() || options.traceVerbose();
        this.logtime = options.logtime();
        this.out = options.logFile() == null || options.logFile().isEmpty()
            ? System.err
            : new PrintStream(new FileOutputStream(options.logFile(), true), true, StandardCharsets.UTF_8);
    }

    @Override
    public boolean isDebug()
    {
        return debug;
    }

    @Override
    public boolean isTrace()
    {
        return trace;
    }

    @Override
    public void info(final String message)
    {
        write("[INF] ", message);
    }

    @Override
    public void warn(final String message)
    {
        write("[WRN] ", message);
    }

    @Override
    public void error(final String message)
    {
        write("[ERR] ", message);
    }

    public void fatal(final String message)
    {
        write("[FTL] ", message);
    }

    @Override
    public void debug(final String message)
    {
        if (debug)
        {
            write("[DBG] ", message);
        }
    }

    @Override
    public void trace(final String message)
    {
        if (trace)
        {
            write("[TRC] ", message);
        }
    }

    private void write(final String level, final String message)
    {
        final StringBuilder sb = new StringBuilder(64 + message.length()).append(pidPrefix);
        if (logtime)
        {
            sb.append(TIME.format(LocalDateTime.now())).append(' ');
        }
        sb.append(level).append(message);
        synchronized (this)
        {
            out.println(sb);
        }
    }
}
