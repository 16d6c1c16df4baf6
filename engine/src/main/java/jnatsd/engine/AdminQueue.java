package jnatsd.engine;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

/**
 * Rare requests from other threads (monitoring, reload) run on the engine thread, between ring batches, so
 * engine-owned state is read without locks. {@link #submit} may be called from any thread.
 */
public final class AdminQueue
{
    private static final int DRAIN_LIMIT = 8;

    private record Task<T>(Function<Engine, T> query, CompletableFuture<T> result)
    {
        void run(final Engine engine)
        {
            try
            {
                result.complete(query.apply(engine));
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        }
    }

    private final ManyToOneConcurrentArrayQueue<Task<?>> tasks = new ManyToOneConcurrentArrayQueue<>(1024);
    private volatile Runnable wakeup = () -> { };

    /** How to wake the engine's thread when it may be blocked (set by the server wiring). */
    public void wakeup(final Runnable wakeup)
    {
        this.wakeup = wakeup;
    }

    public <T> CompletableFuture<T> submit(final Function<Engine, T> query)
    {
        final CompletableFuture<T> f = new CompletableFuture<>();
        if (!tasks.offer(new Task<>(query, f)))
        {
            f.completeExceptionally(new IllegalStateException("engine admin queue is full"));
            return f;
        }
        wakeup.run();
        return f;
    }

    /** Engine thread: runs a bounded number of pending tasks. */
    int drain(final Engine engine)
    {
        int n = 0;
        Task<?> t;
        while (n < DRAIN_LIMIT && (t = tasks.poll()) != null)
        {
            t.run(engine);
            n++;
        }
        return n;
    }
}
