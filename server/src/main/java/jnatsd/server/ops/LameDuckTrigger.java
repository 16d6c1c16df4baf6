package jnatsd.server.ops;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SIGUSR2 action, installed before the server exists (until a Java handler owns SIGUSR2, HotSpot's thread
 * suspend handler receives it and can crash the JVM). A request that arrives while the server is starting is
 * remembered and carried out once it is ready.
 */
public final class LameDuckTrigger implements Runnable
{
    private final AtomicReference<LameDuck> target = new AtomicReference<>();
    private final AtomicBoolean requested = new AtomicBoolean();

    @Override
    public void run()
    {
        final LameDuck ldm = target.get();
        if (ldm == null)
        {
            requested.set(true);
            return;
        }
        ldm.enter();
    }

    /** The server is ready; enters lame duck mode at once if it was asked for meanwhile (enter is idempotent). */
    public void ready(final LameDuck ldm)
    {
        target.set(ldm);
        if (requested.get())
        {
            ldm.enter();
        }
    }
}
