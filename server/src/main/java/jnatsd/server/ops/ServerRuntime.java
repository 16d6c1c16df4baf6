package jnatsd.server.ops;

import java.time.Instant;
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
        this.options = newOptions;
        this.configLoadTime = Instant.now();
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
