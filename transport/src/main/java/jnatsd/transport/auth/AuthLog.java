package jnatsd.transport.auth;

/**
 * Where an authentication tells why it refused a client: nats-server logs most reasons at debug level on the
 * client's line (c.Debugf), a few at error level (c.Errorf) and one as a server warning. Messages never contain a
 * secret.
 */
public interface AuthLog
{
    AuthLog NONE = new AuthLog()
    {
        @Override
        public void debug(final String message)
        {
        }

        @Override
        public void error(final String message)
        {
        }

        @Override
        public void warn(final String message)
        {
        }
    };

    void debug(String message);

    void error(String message);

    /** A server-level warning (nats-server's s.Warnf, no client prefix). */
    void warn(String message);
}
