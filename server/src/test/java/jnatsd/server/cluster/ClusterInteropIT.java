package jnatsd.server.cluster;

import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Mixed clusters of jnatsd and nats-server 2.9.10 (runs with -Pinterop): whichever side dials, messages, queue
 * groups (exactly once), request/reply and headers cross the route; gossip across kinds builds the full mesh.
 */
class ClusterInteropIT extends ClusterTestSupport
{
    private static final ServerProcess.Kind J = ServerProcess.Kind.JNATSD;
    private static final ServerProcess.Kind N = ServerProcess.Kind.NATS_SERVER;

    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        closeConnections();
        for (final ClusterNode n : nodes)
        {
            n.close();
        }
        nodes.clear();
    }

    private ClusterNode node(final ServerProcess.Kind kind, final String name, final ClusterNode... routes)
        throws Exception
    {
        final ClusterNode n = ClusterNode.of(kind, name, routes);
        nodes.add(n);
        return n.start();
    }

    @Test
    void shouldWorkWhenNatsServerDialsJnatsd() throws Exception
    {
        final ClusterNode j = node(J, "J");
        final ClusterNode n = node(N, "N", j);
        checkPair(j, n);
    }

    @Test
    void shouldWorkWhenJnatsdDialsNatsServer() throws Exception
    {
        final ClusterNode n = node(N, "N");
        final ClusterNode j = node(J, "J", n);
        checkPair(j, n);
    }

    @Test
    void shouldMeshTwoJnatsdAndOneNatsServerThroughGossip() throws Exception
    {
        // J2 knows only N: N's gossip must make J1 and J2 dial each other.
        final ClusterNode j1 = node(J, "J1");
        final ClusterNode n = node(N, "N", j1);
        final ClusterNode j2 = node(J, "J2", n);
        checkMesh(j1, n, j2);
    }

    @Test
    void shouldMeshTwoNatsServersAndOneJnatsdThroughGossip() throws Exception
    {
        // N2 knows only J: jnatsd's gossip must make N1 and N2 dial each other.
        final ClusterNode n1 = node(N, "N1");
        final ClusterNode j = node(J, "J", n1);
        final ClusterNode n2 = node(N, "N2", j);
        checkMesh(n1, j, n2);
    }

    private void checkPair(final ClusterNode x, final ClusterNode y) throws Exception
    {
        awaitFlow(connect(x), connect(y), subject("x"));
        awaitFlow(connect(y), connect(x), subject("y"));
        assertQueueExactlyOnce(connect(x), List.of(connect(x), connect(y), connect(y)), subject("mq"), 200);
        assertQueueExactlyOnce(connect(y), List.of(connect(x), connect(x)), subject("mq"), 200);
        assertRequestReply(connect(x), connect(y), subject("svc"));
        assertRequestReply(connect(y), connect(x), subject("svc"));
    }

    private void checkMesh(final ClusterNode... mesh) throws Exception
    {
        // Routed messages are never forwarded: every pair delivering proves a direct route for each pair.
        for (final ClusterNode from : mesh)
        {
            for (final ClusterNode to : mesh)
            {
                if (from != to)
                {
                    awaitFlow(connect(to), connect(from), subject("mesh"));
                }
            }
        }
        final List<Connection> members = new ArrayList<>();
        for (final ClusterNode m : mesh)
        {
            members.add(connect(m));
        }
        for (final ClusterNode from : mesh)
        {
            assertQueueExactlyOnce(connect(from), members, subject("meshq"), 150);
        }
    }
}
