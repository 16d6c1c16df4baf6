package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What two cluster members with the same accounts block must do across their route: account A's messages cross it,
 * account B's subscribers on the same subjects hear none of them (and the reverse), a stream import and a service
 * import work from one node to the other.
 */
final class AccountsOverRoutes
{
    /** Every node of these tests has it. */
    static final String ACCOUNTS = """
        accounts {
          A {
            users: [ {user: a, password: pa} ]
            exports: [ {stream: "news.>"}, {service: "svc.echo", accounts: [B]} ]
          }
          B {
            users: [ {user: b, password: pb} ]
            imports: [
              {stream: {account: A, subject: "news.>"}, prefix: from_a}
              {service: {account: A, subject: "svc.echo"}, to: "echo"}
            ]
          }
        }
        """;

    private AccountsOverRoutes()
    {
    }

    /** Publishes on x, subscribes on y. */
    static void check(final ClusterTestSupport t, final ClusterNode x, final ClusterNode y) throws Exception
    {
        final Connection ax = t.connect(x, "a", "pa");
        final Connection ay = t.connect(y, "a", "pa");
        final Connection bx = t.connect(x, "b", "pb");
        final Connection by = t.connect(y, "b", "pb");
        final String subject = ClusterTestSupport.subject("acc");
        // B listens on y first: A's traffic below must not reach it.
        final Subscription bSub = by.subscribe(subject);
        by.flush(ClusterTestSupport.TIMEOUT);
        ClusterTestSupport.awaitFlow(ay, ax, subject);
        final Subscription aSub = ay.subscribe(subject);
        ay.flush(ClusterTestSupport.TIMEOUT);
        ClusterTestSupport.awaitFlow(by, bx, subject + ".b");
        ax.publish(subject, bytes("from-a"));
        bx.publish(subject, bytes("from-b"));
        ax.flush(ClusterTestSupport.TIMEOUT);
        bx.flush(ClusterTestSupport.TIMEOUT);
        assertEquals("from-a", text(aSub.nextMessage(ClusterTestSupport.TIMEOUT)));
        assertEquals("from-b", text(bSub.nextMessage(ClusterTestSupport.TIMEOUT)));
        ClusterNode.sleep(300);
        assertNull(bSub.nextMessage(Duration.ofMillis(100)), "A's message leaked into B");
        assertNull(aSub.nextMessage(Duration.ofMillis(100)), "B's message leaked into A");

        // The stream import: B on y gets A's news from x under the prefix.
        final Subscription news = by.subscribe("from_a.news.>");
        by.flush(ClusterTestSupport.TIMEOUT);
        Message m = null;
        final long end = System.nanoTime() + ClusterTestSupport.TIMEOUT.toNanos();
        while (m == null && System.nanoTime() < end)
        {
            ax.publish("news.route", bytes("headline"));
            m = news.nextMessage(Duration.ofMillis(100));
        }
        assertEquals("from_a.news.route", m == null ? null : m.getSubject());

        // The service import: B's request on y, A's responder on x.
        final Dispatcher echo = ax.createDispatcher(msg -> ax.publish(msg.getReplyTo(), bytes("echo:" + text(msg))));
        echo.subscribe("svc.echo");
        ax.flush(ClusterTestSupport.TIMEOUT);
        Message reply = null;
        final long end2 = System.nanoTime() + ClusterTestSupport.TIMEOUT.toNanos();
        while (reply == null && System.nanoTime() < end2)
        {
            try
            {
                reply = by.request("echo", bytes("hi")).get(500, TimeUnit.MILLISECONDS);
            }
            catch (final ExecutionException | TimeoutException noRespondersYet)
            {
                ClusterNode.sleep(100);
            }
        }
        assertEquals("echo:hi", reply == null ? null : text(reply));
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final Message m)
    {
        return m == null ? null : new String(m.getData(), StandardCharsets.UTF_8);
    }
}
