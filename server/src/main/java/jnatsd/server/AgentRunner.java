package jnatsd.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import jnatsd.engine.status.Log;

/**
 * Runs one agent thread in the manner of Agrona's AgentRunner: the duty cycle repeats while the server runs; an
 * exception from it is logged, counted and the loop goes on (a bug must not stop every client); an {@link Error}
 * (out of memory, stack overflow) stops the loop and goes to the fatal handler. Then the stop step (stop
 * accepting, drain) and, always, the close step run. Exceptions of one connection are contained below this, by
 * the transport and the engine, which close that connection only.
 */
final class AgentRunner
{
    /** One pass of an agent's loop (work, or idle when there was none), or a stop or close step. */
    @FunctionalInterface
    interface Step
    {
        void run() throws Exception;
    }

    private final String name;
    private final Log log;
    private final BooleanSupplier running;
    private final Consumer<Throwable> fatal;
    /** Written by the agent thread only; monitoring reads it. */
    private volatile long errors;

    /**
     * @param name  the agent, as log lines name it ("Shared agent")
     * @param fatal gets an Error that stopped the loop (the server halts the process, unless shutting down)
     */
    AgentRunner(final String name, final Log log, final BooleanSupplier running, final Consumer<Throwable> fatal)
    {
        this.name = name;
        this.log = log;
        this.running = running;
        this.fatal = fatal;
    }

    /** Runs on the calling thread until the server stops or an Error ends the loop. */
    void run(final Step cycle, final Step stop, final Step close)
    {
        try
        {
            while (running.getAsBoolean())
            {
                try
                {
                    cycle.run();
                }
                catch (final Error ex)
                {
                    throw ex;
                }
                catch (final Throwable ex)
                {
                    onError(ex);
                }
            }
            stop.run();
        }
        catch (final Throwable ex)
        {
            log.error(name + " stopped: " + ex);
            fatal.accept(ex);
        }
        finally
        {
            try
            {
                close.run();
            }
            catch (final Exception ex)
            {
                log.error(name + " close failed: " + ex);
            }
        }
    }

    private void onError(final Throwable ex)
    {
        errors++;
        log.error(name + " error (continuing): " + ex);
        if (log.isDebug())
        {
            final StringWriter sw = new StringWriter();
            ex.printStackTrace(new PrintWriter(sw));
            log.debug(sw.toString());
        }
    }

    /** Exceptions the loop caught and went on from. */
    long errors()
    {
        return errors;
    }
}
