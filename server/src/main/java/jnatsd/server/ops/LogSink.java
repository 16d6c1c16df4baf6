package jnatsd.server.ops;

import java.io.IOException;

/**
 * Where the server log goes: stderr, a (rotating) file, or syslog. {@code line} is the whole formatted line
 * without its newline; {@code message} is the bare text, for sinks that add their own prefix (syslog).
 * Calls are serialized by the log.
 */
public interface LogSink extends AutoCloseable
{
    /** nats' levels, mapped to syslog severities by the syslog sinks. */
    enum Level
    {
        FATAL, ERROR, WARN, INFO, DEBUG, TRACE
    }

    void write(Level level, String line, String message);

    /** SIGUSR1: reopen the file (after an external rotation); a no-op for other sinks. */
    default void reopen() throws IOException
    {
    }

    @Override
    void close();
}
