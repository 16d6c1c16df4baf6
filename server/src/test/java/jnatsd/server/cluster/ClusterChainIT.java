package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import java.util.List;
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
 * Setup (b), a chain: A alone, B routes to A, C routes to A and B. Then D, configured with A only, must join the
 * full mesh through gossip: a message published on B reaches D only over a direct B-D route (routed messages are
 * never forwarded), so delivery proves the implicit route.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterChainIT extends ClusterTestSupport
{
    private ClusterNode a;
    private ClusterNode b;
    private ClusterNode c;
    private ClusterNode d;

    @BeforeAll
    void startChain() throws Exception
    {
        a = ClusterNode.of(ServerProcess.Kind.JNATSD, "A").start();
        b = ClusterNode.of(ServerProcess.Kind.JNATSD, "B", a).start();
        c = ClusterNode.of(ServerProcess.Kind.JNATSD, "C", a, b).start();
    }

    @AfterEach
    void closeClients()
    {
        closeConnections();
    }

    @AfterAll
    void stopChain()
    {
        for (final ClusterNode n : new ClusterNode[] {a, b, c, d})
        {
            if (n != null)
            {
                n.close();
            }
        }
    }

    @Test
    @Order(1)
    void shouldDeliverBetweenEveryPair() throws Exception
    {
        final ClusterNode[] nodes = {a, b, c};
        for (final ClusterNode from : nodes)
        {
            for (final ClusterNode to : nodes)
            {
                if (from != to)
                {
                    awaitFlow(connect(to), connect(from), subject("chain"));
                }
            }
        }
        // Subscribe on A, publish on C: the seed's headline case.
        awaitFlow(connect(a), connect(c), subject("a-from-c"));
    }

    @Test
    @Order(2)
    void shouldShareQueueGroupsAndRequestsAcrossTheChain() throws Exception
    {
        assertQueueExactlyOnce(connect(c), List.of(connect(a), connect(b), connect(a)), subject("chainq"), 200);
        assertRequestReply(connect(a), connect(c), subject("chainsvc"));
    }

    @Test
    @Order(3)
    void shouldJoinTheFullMeshFromOneConfiguredPeer() throws Exception
    {
        d = ClusterNode.of(ServerProcess.Kind.JNATSD, "D", a).start();
        final Connection onD = connect(d);
        awaitFlow(onD, connect(b), subject("gossip-b"));
        awaitFlow(onD, connect(c), subject("gossip-c"));
        awaitFlow(connect(b), onD, subject("gossip-d"));
        // D's clients learn every node's client URL (its own plus three peers).
        assertTrueWithin("connect_urls of D", () -> onD.getServers().size() >= 4);
        assertTrue(connect(b).getServers().size() >= 4, "B advertises D too");
    }
}
