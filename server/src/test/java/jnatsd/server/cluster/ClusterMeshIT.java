package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Setup (a): three jnatsd nodes, each configured with routes to the other two (full mesh from config; both ends of
 * each pair dial, so duplicate routes are resolved too). Runs last: kill -9 of a node under traffic.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterMeshIT extends ClusterTestSupport
{
    private ClusterNode a;
    private ClusterNode b;
    private ClusterNode c;

    @BeforeAll
    void startMesh() throws Exception
    {
        a = ClusterNode.withRoutePorts(ServerProcess.Kind.JNATSD, "A", "");
        b = ClusterNode.withRoutePorts(ServerProcess.Kind.JNATSD, "B", "");
        c = ClusterNode.withRoutePorts(ServerProcess.Kind.JNATSD, "C", "");
        a.addRoute(b);
        a.addRoute(c);
        b.addRoute(a);
        b.addRoute(c);
        c.addRoute(a);
        c.addRoute(b);
        a.start();
        b.start();
        c.start();
    }

    @AfterEach
    void closeClients()
    {
        closeConnections();
    }

    @AfterAll
    void stopMesh()
    {
        for (final ClusterNode n : new ClusterNode[] {a, b, c})
        {
            if (n != null)
            {
                n.close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldDeliverBetweenEveryPairOfNodes() throws Exception
    {
        final ClusterNode[] nodes = {a, b, c};
        for (final ClusterNode from : nodes)
        {
            for (final ClusterNode to : nodes)
            {
                if (from != to)
                {
                    awaitFlow(connect(to), connect(from), subject("pair"));
                }
            }
        }
    }

    @Test
    @Order(2)
    void shouldNeverDeliverTwiceToPlainSubscribers() throws Exception
    {
        final Connection sub = connect(b);
        final Connection pub = connect(a);
        final String base = subject("dup");
        awaitFlow(sub, pub, base + ".probe");
        final Subscription exact = sub.subscribe(base + ".x");
        final Subscription star = sub.subscribe(base + ".*");
        final Subscription full = sub.subscribe(base + ".>");
        sub.flush(TIMEOUT);
        // A third node's subscriber on the same subject must not cause extra copies on B.
        final Connection other = connect(c);
        final Subscription onC = other.subscribe(base + ".x");
        other.flush(TIMEOUT);
        awaitFlow(other, pub, subject("ready"));
        for (int i = 0; i < 50; i++)
        {
            pub.publish(base + ".x", ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        pub.flush(TIMEOUT);
        for (final Subscription s : List.of(exact, star, full, onC))
        {
            for (int i = 0; i < 50; i++)
            {
                final Message m = s.nextMessage(TIMEOUT);
                assertEquals("m" + i, new String(m.getData(), StandardCharsets.UTF_8));
            }
            assertEquals(null, s.nextMessage(Duration.ofMillis(200)), "no extra copy on " + s.getSubject());
        }
    }

    @Test
    @Order(3)
    void shouldDeliverQueueMessagesOncePreferringLocalMembers() throws Exception
    {
        // Members on every node: one delivery per message across the cluster.
        final String s1 = subject("q");
        assertQueueExactlyOnce(connect(a), List.of(connect(a), connect(b), connect(b), connect(c)), s1, 300);
        // Members on remote nodes only.
        final String s2 = subject("q");
        assertQueueExactlyOnce(connect(a), List.of(connect(b), connect(c), connect(c)), s2, 300);
    }

    @Test
    @Order(4)
    void shouldPreferLocalQueueMember() throws Exception
    {
        final Connection local = connect(a);
        final Connection remote = connect(b);
        final String s = subject("local");
        final Subscription remoteSub = remote.subscribe(s, "g");
        remote.flush(TIMEOUT);
        final Connection pub = connect(a);
        awaitFlow(connect(b), pub, s + ".sync");
        final Subscription localSub = local.subscribe(s, "g");
        local.flush(TIMEOUT);
        for (int i = 0; i < 100; i++)
        {
            pub.publish(s, new byte[] {1});
        }
        pub.flush(TIMEOUT);
        for (int i = 0; i < 100; i++)
        {
            assertTrue(localSub.nextMessage(TIMEOUT) != null);
        }
        assertEquals(null, remoteSub.nextMessage(Duration.ofMillis(200)));
    }

    @Test
    @Order(5)
    void shouldAnswerRequestsAcrossNodes() throws Exception
    {
        assertRequestReply(connect(a), connect(c), subject("svc"));
        assertRequestReply(connect(c), connect(b), subject("svc"));
        // Headers cross the routes as HMSG.
        final Connection sub = connect(b);
        final Connection pub = connect(a);
        final String s = subject("hdr");
        awaitFlow(sub, pub, s + ".sync");
        final Subscription hs = sub.subscribe(s);
        sub.flush(TIMEOUT);
        awaitFlow(sub, pub, s + ".sync2");
        final Headers h = new Headers().add("X-Test", "1");
        pub.publish(s, h, "body".getBytes(StandardCharsets.UTF_8));
        final Message m = hs.nextMessage(TIMEOUT);
        assertEquals("1", m.getHeaders().getFirst("X-Test"));
        assertEquals("body", new String(m.getData(), StandardCharsets.UTF_8));
    }

    @Test
    @Order(6)
    void shouldAnswerBadPeersLikeNatsServerAndKeepTheCluster() throws Exception
    {
        assertEquals("-ERR 'attempted to connect to route port'",
            exchange(a.routePort, "CONNECT {\"lang\":\"java\",\"protocol\":1,\"verbose\":false}\r\n"));
        assertEquals("-ERR 'Rejecting connection, cluster name \"OTHER\" does not match \"C1\"'",
            exchange(a.routePort, "CONNECT {\"name\":\"NFAKE\",\"cluster\":\"OTHER\"}\r\n"));
        assertEquals("-ERR 'Unknown Protocol Operation'", exchange(a.routePort, "GARBAGE\r\n"));
        awaitFlow(connect(a), connect(b), subject("after-bad"));
        awaitFlow(connect(c), connect(a), subject("after-bad"));
    }

    /** Sends one line to the route port after its INFO; returns the -ERR line, and checks the socket is closed. */
    private static String exchange(final int port, final String line) throws Exception
    {
        try (Socket s = new Socket("127.0.0.1", port))
        {
            s.setSoTimeout(5000);
            final InputStream in = s.getInputStream();
            final String info = readLine(in);
            assertTrue(info.startsWith("INFO {") && info.contains("\"proto\":2"), info);
            final OutputStream out = s.getOutputStream();
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
            final String err = readLine(in);
            assertEquals(-1, in.read(), "closed after the error");
            return err;
        }
    }

    private static String readLine(final InputStream in) throws Exception
    {
        final StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n')
        {
            if (b != '\r')
            {
                sb.append((char)b);
            }
        }
        return sb.toString();
    }

    @Test
    @Order(7)
    void shouldFailOverToAnotherNodeLearntFromConnectUrls() throws Exception
    {
        final ClusterNode victim = c;
        final AtomicBoolean reconnected = new AtomicBoolean();
        final Options o = new Options.Builder().server(victim.url()).connectionTimeout(Duration.ofSeconds(2))
            .reconnectWait(Duration.ofMillis(100)).maxReconnects(-1)
            .connectionListener((conn, type) ->
            {
                if (type == ConnectionListener.Events.RECONNECTED)
                {
                    reconnected.set(true);
                }
            }).build();
        final Connection client = Nats.connect(o);
        connections.add(client);
        assertTrueWithin("connect_urls learnt", () -> client.getServers().size() >= 3);
        final String s = subject("failover");
        final Subscription sub = client.subscribe(s);
        client.flush(TIMEOUT);
        victim.kill9();
        assertTrueWithin("reconnected to another node", reconnected::get);
        final Connection pub = connect(a);
        awaitFlow(client, pub, s + ".after");
        // The subscription made before the failover was replayed on the new node.
        pub.publish(s, "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(sub.nextMessage(TIMEOUT) != null);
        victim.start();
    }

    @Test
    @Order(8)
    void shouldHealWithinThreeSecondsAfterKillAndRestartUnderTraffic() throws Exception
    {
        final Connection pubA = connect(a);
        final Connection subC = connect(c);
        final String s = subject("traffic");
        awaitFlow(subC, pubA, s);
        final Subscription traffic = subC.subscribe(s);
        subC.flush(TIMEOUT);
        final AtomicBoolean run = new AtomicBoolean(true);
        final AtomicLong sent = new AtomicLong();
        final Thread publisher = new Thread(() ->
        {
            while (run.get())
            {
                pubA.publish(s, new byte[16]);
                sent.incrementAndGet();
                ClusterNode.sleep(1);
            }
        });
        publisher.start();
        try
        {
            b.kill9();
            ClusterNode.sleep(500);
            b.start();
            final long readyAt = System.nanoTime();
            final Connection onB = connect(b);
            // Interest both ways between the restarted node and each other node.
            final long ab = awaitFlow(onB, pubA, subject("heal"));
            final long cb = awaitFlow(onB, subC, subject("heal"));
            final long ba = awaitFlow(connect(a), onB, subject("heal"));
            final long bc = awaitFlow(subC, onB, subject("heal"));
            final long healedMs = (System.nanoTime() - readyAt) / 1_000_000;
            assertTrue(healedMs < 3000, "healed in " + healedMs + " ms (" + ab + "/" + cb + "/" + ba + "/" + bc + ")");
            // Traffic between A and C never depended on B.
            assertTrue(traffic.nextMessage(TIMEOUT) != null);
        }
        finally
        {
            run.set(false);
            publisher.join();
        }
    }
}
