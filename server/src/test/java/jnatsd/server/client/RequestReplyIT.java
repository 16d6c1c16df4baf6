package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Request/reply through jnats (reply subject, responder on another connection) and the no-responders status
 * ({@code HMSG ... NATS/1.0 503}) that the server sends when nobody subscribes to the request subject.
 */
class RequestReplyIT extends NatsClientTestSupport
{
    /** A request timeout far longer than the no-responders answer should take. */
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void shouldReplyToRequests() throws Exception
    {
        final Connection responder = connect();
        final String subject = uniqueSubject("svc.echo");
        final Dispatcher d = responder.createDispatcher(m ->
            responder.publish(m.getReplyTo(), new Headers().add("X-Req", text(m)), bytes("re:" + text(m))));
        d.subscribe(subject);
        flush(responder);

        final Connection requester = connect();
        for (int i = 0; i < 20; i++)
        {
            final Message reply = requester.request(subject, bytes("q" + i), TIMEOUT);
            assertTrue(reply != null, "no reply to request " + i + " within " + TIMEOUT);
            assertEquals("re:q" + i, text(reply));
            assertEquals("q" + i, reply.getHeaders().getFirst("X-Req"));
        }
        final CompletableFuture<Message> async = requester.request(subject, bytes("async"));
        assertEquals("re:async", text(async.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
    }

    @Test
    void shouldReportNoRespondersAsStatus503() throws Exception
    {
        final Connection c = connect(options().reportNoResponders());
        final CompletableFuture<Message> f = c.request(uniqueSubject("nobody"), bytes("anyone?"));
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "no-responders status within " + TIMEOUT);
        final JetStreamStatusException status = assertInstanceOf(JetStreamStatusException.class, ex.getCause());
        assertEquals(503, status.getStatus().getCode(), "status code of the no-responders reply");
    }

    @Test
    void shouldCancelRequestPromptlyWhenNobodyListens() throws Exception
    {
        final Connection c = connect();
        final CompletableFuture<Message> f = c.requestWithTimeout(uniqueSubject("nobody"), bytes("x"), LONG);
        assertThrows(CancellationException.class, () -> f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
            "jnats cancels the request future on the 503 status, long before its " + LONG + " timeout");

        final long start = System.nanoTime();
        final Message m = c.request(uniqueSubject("nobody"), bytes("y"), LONG);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertNull(m, "a synchronous request without responders returns null");
        assertTrue(elapsedMs < TIMEOUT.toMillis(), "returned after " + elapsedMs + " ms: the 503 did not arrive");
    }
}
