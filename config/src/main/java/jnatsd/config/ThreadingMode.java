package jnatsd.config;

/** How the transport and engine agents map onto threads (as Aeron's ThreadingMode). */
public enum ThreadingMode
{
    /** Transport and engine agents share one thread; the engine polls the ring. */
    SHARED,
    /** The engine has its own thread; each transport agent has its own thread. */
    DEDICATED
}
