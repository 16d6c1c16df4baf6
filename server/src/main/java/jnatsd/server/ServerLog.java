package jnatsd.server;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import jnatsd.config.LoggingOptions;
import jnatsd.engine.status.Log;
import jnatsd.server.ops.FileLogSink;
import jnatsd.server.ops.LogSink;
import jnatsd.server.ops.StderrSink;
import jnatsd.server.ops.SyslogSink;

/**
 * nats-server's log shape: {@code [pid] 2006/01/02 15:04:05.000000 [INF] message} (the time only with logtime),
 * to stderr, a file (rotated past logfile_size_limit), remote syslog or local syslog, chosen in that order of
 * precedence as nats-server does. -D enables [DBG], -V enables [TRC]. Levels and destination change on a
 * config reload ({@link #apply}); SIGUSR1 reopens the file ({@link #reopen}). Thread-safe.
 */
public final class ServerLog implements Log
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSSSSS");

    private final String pidPrefix = "[" + ProcessHandle.current().pid() + "] ";
    // Levels are read on every log call from any thread and changed by a reload: volatile, no lock.
    private volatile boolean debug;
    private volatile boolean trace;
    private volatile int maxTracedMsgLen;
    private volatile boolean logtime;
    // Guarded by this.
    private LogSink sink;
    private LoggingOptions options;
    /** Null for a real log; for a muted one, where its fatal lines go. */
    private final ServerLog fatalTo;

    public ServerLog(final LoggingOptions options) throws IOException
    {
        this.debug = options.debug();
        this.trace = options.trace() || options.traceVerbose();
        this.maxTracedMsgLen = options.maxTracedMsgLen();
        this.logtime = options.logtime();
        this.options = options;
        this.sink = openSink(options);
        this.fatalTo = null;
    }

    private ServerLog(final ServerLog fatalTo)
    {
        this.options = fatalTo.options;
        this.sink = new StderrSink();
        this.fatalTo = fatalTo;
    }

    private LogSink openSink(final LoggingOptions o) throws IOException
    {
        if (o.logFile() != null && !o.logFile().isEmpty())
        {
            return new FileLogSink(Path.of(o.logFile()), o.logSizeLimitBytes(), m -> format("[INF] ", m));
        }
        if (o.remoteSyslog() != null && !o.remoteSyslog().isEmpty())
        {
            return SyslogSink.remote(o.remoteSyslog());
        }
        if (o.syslog())
        {
            return SyslogSink.local();
        }
        return new StderrSink();
    }

    /**
     * Reload: new levels at once; a new destination (file, size limit, syslog) is opened before the old one
     * closes, so a bad one leaves logging where it was.
     */
    public void apply(final LoggingOptions o) throws IOException
    {
        synchronized (this)
        {
            if (!sameDestination(options, o))
            {
                final LogSink next = openSink(o);
                sink.close();
                sink = next;
            }
            options = o;
        }
        debug = o.debug();
        trace = o.trace() || o.traceVerbose();
        maxTracedMsgLen = o.maxTracedMsgLen();
        logtime = o.logtime();
    }

    private static boolean sameDestination(final LoggingOptions a, final LoggingOptions b)
    {
        return a.logFile().equals(b.logFile()) && a.logSizeLimitBytes() == b.logSizeLimitBytes()
            && a.syslog() == b.syslog() && a.remoteSyslog().equals(b.remoteSyslog());
    }

    /** SIGUSR1, as nats-server's ReOpenLogFile: reopens a log file by name; other destinations ignore it. */
    public void reopen()
    {
        final boolean file;
        synchronized (this)
        {
            file = sink instanceof FileLogSink;
            if (file)
            {
                try
                {
                    sink.reopen();
                }
                catch (final IOException ex)
                {
                    sink = new StderrSink();
                    error("Could not re-open the log file: " + ex.getMessage() + "; logging to stderr");
                    return;
                }
            }
        }
        info(file ? "File log re-opened" : "File log re-open ignored, not a file logger");
    }

    /** At exit: flushes and releases the destination. */
    public synchronized void close()
    {
        sink.close();
        sink = new StderrSink();
    }

    /**
     * A log for the start-up warm-up's private server, which runs while real clients are served: its traffic is
     * never logged (no debug, no trace; its deliberately slow reader is no real slow consumer), so nothing of the
     * real server's log changes. Only fatal lines pass, to this log.
     */
    public ServerLog muted()
    {
        return new ServerLog(this);
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
    public int maxTracedMsgLen()
    {
        return maxTracedMsgLen;
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
        if (fatalTo != null)
        {
            if ("[FTL] ".equals(level))
            {
                fatalTo.write(level, message);
            }
            return;
        }
        final String line = format(level, message);
        synchronized (this)
        {
            sink.write(levelOf(level), line, message);
        }
    }

    private String format(final String level, final String message)
    {
        final StringBuilder sb = new StringBuilder(64 + message.length()).append(pidPrefix);
        if (logtime)
        {
            sb.append(TIME.format(LocalDateTime.now())).append(' ');
        }
        return sb.append(level).append(message).toString();
    }

    private static LogSink.Level levelOf(final String tag)
    {
        return switch (tag)
        {
            case "[FTL] " -> LogSink.Level.FATAL;
            case "[ERR] " -> LogSink.Level.ERROR;
            case "[WRN] " -> LogSink.Level.WARN;
            case "[DBG] " -> LogSink.Level.DEBUG;
            case "[TRC] " -> LogSink.Level.TRACE;
            default -> LogSink.Level.INFO;
        };
    }
}
