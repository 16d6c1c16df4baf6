package jnatsd.engine;

import jnatsd.engine.account.Account;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.Subscription;
import jnatsd.engine.subject.MatchResult;

/**
 * What the engine tells the links to other servers (today a cluster's routes): route sessions' lifecycle and
 * protocol events, the local interest they propagate, the messages they forward. Called on the engine thread only.
 * A single server uses {@link #NONE}, so the engine never asks whether it is clustered.
 */
public interface Interconnect
{
    /** No other servers: route events never arrive, nothing is forwarded. */
    Interconnect NONE = new NoInterconnect();

    /** A route session's OPEN; the attachment is what the transport knows of it (e.g. who dialed). */
    void onOpen(Session route, Object attachment);

    /** A route protocol event (ROUTE_CONNECT, ROUTE_INFO, RS+, RS-) from a route session. */
    void onEvent(Session route, InboundEvent e);

    /** A route session was closed by the engine, after its socket was released. */
    void onClosed(Session route, String reason);

    /**
     * A local client's message in {@code account}, after local delivery to {@code local} (its match in the
     * account's table): forwards it to the routes with interest there. Returns how many routes took it (each counts
     * as a responder).
     */
    int forward(Session from, Account account, InboundEvent e, MatchResult local);

    /** A local subscription was added: its interest may need announcing. */
    void localSubscriptionAdded(Subscription sub);

    /** A local subscription went away (unsubscribed, auto-unsubscribed or its session closed). */
    void localSubscriptionRemoved(Subscription sub);

    /** Interest of the server itself in an account (the reply wildcard of an exported service): announced too. */
    void localInterest(Account account, byte[] subject, boolean added);

    /** The engine's timer tick (every 100 ms): pings, redials, stale routes. Returns the work done. */
    int onTimer(long nowNs);

    /** Server shutdown: closes every route, before the clients are closed. */
    void closeAll();

    /** The no-op interconnect of a single server. */
    final class NoInterconnect implements Interconnect
    {
        private NoInterconnect()
        {
        }

        @Override
        public void onOpen(final Session route, final Object attachment)
        {
        }

        @Override
        public void onEvent(final Session route, final InboundEvent e)
        {
        }

        @Override
        public void onClosed(final Session route, final String reason)
        {
        }

        @Override
        public int forward(final Session from, final Account account, final InboundEvent e, final MatchResult local)
        {
            return 0;
        }

        @Override
        public void localInterest(final Account account, final byte[] subject, final boolean added)
        {
        }

        @Override
        public void localSubscriptionAdded(final Subscription sub)
        {
        }

        @Override
        public void localSubscriptionRemoved(final Subscription sub)
        {
        }

        @Override
        public int onTimer(final long nowNs)
        {
            return 0;
        }

        @Override
        public void closeAll()
        {
        }
    }
}
