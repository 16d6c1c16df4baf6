package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the jnats integration tests: one real server process per test class (started from {@link #serverConfig()}),
 * jnats connections with short timeouts that are closed after each test, and bounded-wait helpers.
 * <p>
 * The server kind comes from the system property {@code it.server} or else the environment variable
 * {@code IT_SERVER}: {@code jnatsd} (default) or {@code nats-server}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NatsClientTestSupport
{
    /** Upper bound of every single wait in these tests. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final AtomicLong SUBJECT_COUNTER = new AtomicLong();

    protected ServerProcess server;
    private final List<Connection> connections = new ArrayList<>();

    /** Config file text of this class's server; empty by default. */
    protected String serverConfig()
    {
        return "";
    }

    @BeforeAll
    final void startServer() throws IOException
    {
        server = ServerProcess.start(serverKind(), serverConfig());
    }

    @AfterAll
    final void stopServer()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @AfterEach
    final void closeConnections()
    {
        for (final Connection c : connections)
        {
            try
            {
                c.close();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        connections.clear();
    }

    /** The server to test, from {@code -Dit.server=...} or {@code IT_SERVER}; jnatsd if neither is set. */
    static ServerProcess.Kind serverKind()
    {
        String name = System.getProperty("it.server");
        if (name == null || name.isBlank())
        {
            name = System.getenv("IT_SERVER");
        }
        if (name == null || name.isBlank())
        {
            return ServerProcess.Kind.JNATSD;
        }
        switch (name.trim().toLowerCase(Locale.ROOT).replace('_', '-'))
        {
            case "jnatsd":
                return ServerProcess.Kind.JNATSD;
            case "nats-server":
            case "nats":
                return ServerProcess.Kind.NATS_SERVER;
            default:
                throw new IllegalArgumentException("it.server/IT_SERVER must be jnatsd or nats-server, not " + name);
        }
    }

    /** Options for this class's server: short timeouts, no reconnect, errors recorded by the given listener. */
    protected Options.Builder options(final ErrorRecorder errors)
    {
        return new Options.Builder()
            .server(server.url())
            .connectionTimeout(TIMEOUT)
            .noReconnect()
            .errorListener(errors);
    }

    protected Options.Builder options()
    {
        return options(new ErrorRecorder());
    }

    protected Connection connect() throws IOException, InterruptedException
    {
        return connect(options());
    }

    /** Connects with the given options; the connection is closed after the test. */
    protected Connection connect(final Options.Builder builder) throws IOException, InterruptedException
    {
        final Connection c = Nats.connect(builder.build());
        connections.add(c);
        return c;
    }

    /** A subject no other test uses. */
    protected static String uniqueSubject(final String prefix)
    {
        return prefix + "." + SUBJECT_COUNTER.incrementAndGet();
    }

    protected static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static String text(final Message m)
    {
        return m.getData() == null ? "" : new String(m.getData(), StandardCharsets.UTF_8);
    }

    /** PING/PONG round trip: every operation this connection sent before has been processed by the server. */
    protected static void flush(final Connection c)
    {
        try
        {
            c.flush(TIMEOUT);
        }
        catch (final TimeoutException ex)
        {
            fail("no PONG within " + TIMEOUT + " (flush timed out)");
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted during flush");
        }
    }

    /**
     * Barrier: the publishers' operations have been processed, then each subscriber connection round-trips a PING, so
     * every message the server routed to those connections is already in their subscriptions' queues.
     */
    protected static void barrier(final Connection publisher, final Connection... subscribers)
    {
        flush(publisher);
        for (final Connection c : subscribers)
        {
            flush(c);
        }
    }

    /** The next message, which must arrive within {@link #TIMEOUT}. */
    protected static Message nextMessage(final Subscription sub, final String what) throws InterruptedException
    {
        final Message m = sub.nextMessage(TIMEOUT);
        assertNotNull(m, "no message on " + sub.getSubject() + " within " + TIMEOUT + ": expected " + what);
        return m;
    }

    /** Takes every message already queued on the subscription (call after a {@link #barrier}). */
    protected static List<String> drain(final Subscription sub) throws InterruptedException
    {
        final List<String> out = new ArrayList<>();
        final long queued = sub.getPendingMessageCount();
        for (long i = 0; i < queued; i++)
        {
            out.add(text(nextMessage(sub, "queued message " + i + " of " + queued)));
        }
        assertEquals(0, sub.getPendingMessageCount(), "messages still queued on " + sub.getSubject());
        return out;
    }

    protected static void await(final CountDownLatch latch, final String what) throws InterruptedException
    {
        assertTrue(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
            "timed out after " + TIMEOUT + " waiting for " + what + " (" + latch.getCount() + " still missing)");
    }

    /** Records what jnats reports through its {@link ErrorListener}: server -ERR texts and exceptions. */
    static final class ErrorRecorder implements ErrorListener
    {
        private final BlockingQueue<String> errors = new LinkedBlockingQueue<>();

        @Override
        public void errorOccurred(final Connection conn, final String error)
        {
            errors.add(error);
        }

        @Override
        public void exceptionOccurred(final Connection conn, final Exception exp)
        {
            errors.add("exception: " + exp);
        }

        @Override
        public void slowConsumerDetected(final Connection conn, final Consumer consumer)
        {
            errors.add("client-side slow consumer");
        }

        /** Waits for the next reported error and asserts it is exactly the expected text. */
        void awaitError(final String expected) throws InterruptedException
        {
            final String e = errors.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(e, "no error reported within " + TIMEOUT + ", expected: " + expected);
            assertEquals(expected, e, "error reported to the error listener");
        }

        /** Asserts nothing was reported so far. */
        void assertNone()
        {
            assertEquals(List.of(), List.copyOf(errors), "errors reported to the error listener");
        }
    }
}
