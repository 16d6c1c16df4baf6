package jnatsd.engine.status;

/**
 * The server log, in nats-server's shape. Implementations are thread-safe. Callers check the level before building
 * a message on any path that runs per operation.
 */
public interface Log
{
    boolean isDebug();

    boolean isTrace();

    void info(String message);

    void warn(String message);

    void error(String message);

    void debug(String message);

    void trace(String message);

    /** nats' max_traced_msg_len: traced message payloads are cut to this many bytes ("..." follows); 0: whole. */
    default int maxTracedMsgLen()
    {
        return 0;
    }

    /** A log that drops everything (tests). */
    Log NONE = new Log()
    {
        public boolean isDebug()
        {
            return false;
        }

        public boolean isTrace()
        {
            return false;
        }

        public void info(final String message)
        {
        }

        public void warn(final String message)
        {
        }

        public void error(final String message)
        {
        }

        public void debug(final String message)
        {
        }

        public void trace(final String message)
        {
        }
    };
}
