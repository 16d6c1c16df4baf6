package jnatsd.server.ops;

import jnatsd.engine.status.Log;
import sun.misc.Signal;

/**
 * nats-server's signals: HUP reloads the configuration, USR1 reopens the log file, USR2 enters lame duck mode.
 * TERM and INT stay with the JVM, whose shutdown hook stops the server gracefully.
 * <p>
 * Uses {@code sun.misc.Signal}: it lives in the jdk.unsupported module, which every JDK exports, so it works
 * under plain {@code java -jar} and compiles with {@code --release 17}; {@code jdk.internal.misc.Signal} would
 * need {@code --add-exports} at both compile and run time for the same thing. Handlers run on a thread the JVM
 * starts per signal, never on the engine or transport threads; each handler only hands work over.
 */
public final class SignalHandlers
{
    private SignalHandlers()
    {
    }

    /** Installs the handlers; a signal the platform does not have is logged and skipped. */
    public static void install(final Runnable reload, final Runnable reopenLog, final Runnable lameDuck, final Log log)
    {
        handle("HUP", reload, log);
        handle("USR1", reopenLog, log);
        handle("USR2", lameDuck, log);
    }

    private static void handle(final String name, final Runnable action, final Log log)
    {
        try
        {
            Signal.handle(new Signal(name), sig ->
            {
                log.debug("Trapped \"" + description(name) + "\" signal");
                try
                {
                    action.run();
                }
                catch (final RuntimeException ex)
                {
                    log.error("Handling SIG" + name + ": " + ex);
                }
            });
        }
        catch (final IllegalArgumentException ex)
        {
            log.warn("Signal SIG" + name + " cannot be handled here: " + ex.getMessage());
        }
    }

    /** Go's names for the signals, as nats-server's debug line prints them. */
    private static String description(final String name)
    {
        return switch (name)
        {
            case "HUP" -> "hangup";
            case "USR1" -> "user defined signal 1";
            case "USR2" -> "user defined signal 2";
            default -> name;
        };
    }
}
