package jnatsd.engine.fault;

import jnatsd.engine.session.Session;

/**
 * A test-only seam that throws where a bug could: off unless the JVM starts with {@code -Djnatsd.faults=true}.
 * Call sites test {@link #ARMED} first, a static final the JIT folds away, so a real server pays nothing.
 */
public final class FaultInjection
{
    /** Where a fault can be injected. */
    public enum Site
    {
        /** TransportAgent.read: bytes of one connection were read, before they are parsed. */
        TRANSPORT_READ,
        /** Ingress: a ring slot was claimed for a client PUB and is not yet filled. */
        INGRESS_FILL,
        /** RouteIngress: a ring slot was claimed for a routed message and is not yet filled. */
        ROUTE_INGRESS,
        /** EngineAgent: one ring event of a session is about to be applied. */
        ENGINE_EVENT
    }

    /** Decides, at a site, whether to throw for this session. */
    @FunctionalInterface
    public interface Hook
    {
        void at(Site site, Session session);
    }

    public static final boolean ARMED = Boolean.getBoolean("jnatsd.faults");

    private static volatile Hook hook;

    private FaultInjection()
    {
    }

    /** Installs (or with null removes) the hook; ignored unless armed. */
    public static void hook(final Hook h)
    {
        hook = h;
    }

    /** Runs the hook, if any; call only under {@code if (ARMED)}. */
    public static void at(final Site site, final Session session)
    {
        final Hook h = hook;
        if (h != null)
        {
            h.at(site, session);
        }
    }
}
