package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Accounts from the config with jnats clients: isolation, a stream import under a prefix, a service import with
 * request and reply across accounts, and an export restricted to one account. Passes against nats-server 2.9.10 too
 * ({@code -Dit.server=nats-server}).
 */
class AccountsIT extends NatsClientTestSupport
{
    @Override
    protected String serverConfig()
    {
        return """
            accounts {
              A {
                users: [ {user: a, password: pa} ]
                exports: [
                  {stream: "news.>"}
                  {service: "svc.echo", accounts: [B]}
                  {service: "svc.open"}
                ]
              }
              B {
                users: [ {user: b, password: pb} ]
                imports: [
                  {stream: {account: A, subject: "news.>"}, prefix: from_a}
                  {service: {account: A, subject: "svc.echo"}, to: "echo"}
                ]
              }
              C {
                users: [ {user: c, password: pc} ]
                imports: [ {service: {account: A, subject: "svc.open"}} ]
              }
            }
            """;
    }

    private Connection as(final String user) throws Exception
    {
        return connect(options().userInfo(user, "p" + user));
    }

    @Test
    void accountsShouldNotSeeEachOthersMessages() throws Exception
    {
        final Connection a = as("a");
        final Connection b = as("b");
        final Connection c = as("c");
        final Subscription inA = a.subscribe("iso.>");
        final Subscription inB = b.subscribe("iso.>");
        final Subscription inC = c.subscribe(">");
        flush(a);
        flush(b);
        flush(c);
        a.publish("iso.x", bytes("from-a"));
        b.publish("iso.x", bytes("from-b"));
        barrier(a, a, b, c);
        flush(b);
        assertEquals(List.of("from-a"), drain(inA));
        assertEquals(List.of("from-b"), drain(inB));
        assertEquals(List.of(), drain(inC));
    }

    @Test
    void streamImportShouldDeliverUnderThePrefix() throws Exception
    {
        final Connection a = as("a");
        final Connection b = as("b");
        final Subscription imported = b.subscribe("from_a.news.>");
        final Subscription own = b.subscribe("news.>");
        flush(b);
        a.publish("news.sports", bytes("goal"));
        a.publish("weather", bytes("rain"));
        final Message m = nextMessage(imported, "A's news in B");
        assertEquals("from_a.news.sports", m.getSubject());
        assertEquals("goal", text(m));
        barrier(a, b);
        assertEquals(List.of(), drain(imported));
        assertEquals(List.of(), drain(own));
        // Nothing flows back: B's messages on the prefixed subject stay in B.
        final Subscription inA = a.subscribe(">");
        flush(a);
        b.publish("from_a.news.x", bytes("b"));
        b.publish("news.x", bytes("b"));
        barrier(b, a);
        assertEquals(List.of(), drain(inA));
    }

    @Test
    void serviceImportShouldAnswerRequestsAcrossAccounts() throws Exception
    {
        final Connection a = as("a");
        final Connection b = as("b");
        final AtomicReference<String> info = new AtomicReference<>();
        final Dispatcher echo = a.createDispatcher(msg ->
        {
            info.set(msg.getHeaders() == null ? null : msg.getHeaders().getFirst("Nats-Request-Info"));
            a.publish(msg.getReplyTo(), bytes("echo:" + text(msg) + ":" + msg.getSubject()));
        });
        echo.subscribe("svc.echo");
        flush(a);
        final Message reply = b.request("echo", bytes("hi")).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("echo:hi:svc.echo", text(reply));
        // As nats-server, the responder learns the requester's account from a header.
        assertTrue(String.valueOf(info.get()).startsWith("{\"acc\":\"B\""), info.get());
        // Old-style request with its own inbox subscription, twice: every request gets its own reply mapping.
        for (int i = 0; i < 2; i++)
        {
            final Message r = b.request("echo", bytes("n" + i), Duration.ofSeconds(5));
            assertEquals("echo:n" + i + ":svc.echo", text(r));
        }
    }

    @Test
    void exportRestrictedToAnAccountShouldNotAnswerOthers() throws Exception
    {
        final Connection a = as("a");
        final Connection c = as("c");
        final Subscription requests = a.subscribe("svc.>");
        final Dispatcher open = a.createDispatcher(msg -> a.publish(msg.getReplyTo(), bytes("open")));
        open.subscribe("svc.open");
        flush(a);
        // C imports only the public svc.open: its requests on echo or svc.echo reach nobody in A (jnats cancels a
        // request answered with no responders).
        assertEquals("open", text(c.request("svc.open", bytes("x")).get(5, TimeUnit.SECONDS)));
        nextMessage(requests, "the svc.open request");
        assertThrows(CancellationException.class,
            () -> c.request("svc.echo", bytes("x")).get(5, TimeUnit.SECONDS));
        assertThrows(CancellationException.class, () -> c.request("echo", bytes("x")).get(5, TimeUnit.SECONDS));
        barrier(c, a);
        assertEquals(List.of(), drain(requests));
    }
}
