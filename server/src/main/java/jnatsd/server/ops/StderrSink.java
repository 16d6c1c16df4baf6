package jnatsd.server.ops;

/** The default log destination, as nats-server without -l. */
public final class StderrSink implements LogSink
{
    @Override
    public void write(final Level level, final String line, final String message)
    {
        System.err.println(line);
    }

    @Override
    public void close()
    {
        System.err.flush();
    }
}
