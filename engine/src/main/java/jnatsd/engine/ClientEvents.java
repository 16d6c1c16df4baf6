package jnatsd.engine;

import jnatsd.engine.session.Session;

/**
 * What the system account hears from the engine: a client finished CONNECT (its account is set), a connected
 * client closed (its reason and counters are final, its subscriptions still there). Engine thread: an
 * implementation copies what it needs and hands the rest to its own thread.
 */
public interface ClientEvents
{
    /** Nobody listens (a server without a system account, the warm-up instance). */
    ClientEvents NONE = new ClientEvents()
    {
        @Override
        public void connected(final Session s)
        {
        }

        @Override
        public void disconnected(final Session s)
        {
        }
    };

    void connected(Session s);

    void disconnected(Session s);
}
