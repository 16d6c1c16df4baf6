package jnatsd.config;

/** Logging as nats-server: -D debug, -V trace, -VV trace_verbose, -T logtime, -l file, syslog. */
public record LoggingOptions(
    boolean debug,
    boolean trace,
    boolean traceVerbose,
    boolean logtime,
    String logFile,
    long logSizeLimitBytes,
    boolean syslog,
    String remoteSyslog,
    int maxTracedMsgLen)
{
    public static LoggingOptions defaults()
    {
        return new LoggingOptions(false, false, false, true, "", 0, false, "", 0);
    }
}
