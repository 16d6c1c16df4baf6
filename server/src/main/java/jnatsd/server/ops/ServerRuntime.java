package jnatsd.server.ops;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import jnatsd.config.ServerOptions;

/**
 * What changes while the server runs, shared by the signal handlers and monitoring: the options in force (a
 * reload swaps them), when they were loaded, and whether the server is in lame duck mode. Thread-safe.
 */
public final class ServerRuntime
{
    private final Instant start = Instant.now();
    private volatile ServerOptions options;
    private volatile Instant configLoadTime = start;
    private volatile boolean lameDuck;
    private final List<ReloadListener> reloadListeners = new CopyOnWriteArrayList<>();

    /** A part of the server that applies reloaded options to itself (auth, limits, routes...). */
    @FunctionalInterface
    public interface ReloadListener
    {
        /** Called on the reloading thread after the new options passed every check; must not throw. */
        void reloaded(ServerOptions oldOptions, ServerOptions newOptions);
    }

    public ServerRuntime(final ServerOptions options)
    {
        this.options = options;
    }

    public Instant start()
    {
        return start;
    }

    public ServerOptions options()
    {
        return options;
    }

    public Instant configLoadTime()
    {
        return configLoadTime;
    }

    /** A successful reload: the new options are in force from now. */
    public void reloaded(final ServerOptions newOptions)
    {
        final ServerOptions old = this.options;
        this.options = newOptions;
        this.configLoadTime = Instant.now();
        for (final ReloadListener l : reloadListeners)
        {
            l.reloaded(old, newOptions);
        }
    }

    /** Registers a part of the server to be told of each successful reload, in registration order. */
    public void onReload(final ReloadListener listener)
    {
        reloadListeners.add(listener);
    }

    public boolean lameDuck()
    {
        return lameDuck;
    }

    /** Enters lame duck mode; false when it already was. */
    public synchronized boolean enterLameDuck()
    {
        if (lameDuck)
        {
            return false;
        }
        lameDuck = true;
        return true;
    }
}
