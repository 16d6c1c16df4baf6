package jnatsd.server.cluster;

import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mixed cluster with a system account, jnatsd and nats-server 2.9.10 (runs with -Pinterop): a PING on either node
 * is answered by both, Java and Go alike; per-server requests and CONNECT events cross the route both ways.
 */
class SystemAccountClusterInteropIT extends ClusterTestSupport
{
    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        closeConnections();
        nodes.forEach(ClusterNode::close);
        nodes.clear();
    }

    private ClusterNode node(final ServerProcess.Kind kind, final String name, final ClusterNode... routes)
        throws Exception
    {
        final ClusterNode n = ClusterNode.of(kind, name, routes).withTop(SystemOverRoutes.ACCOUNTS);
        nodes.add(n);
        return n.start();
    }

    @Test
    void jnatsdAndNatsServerShouldBothAnswer() throws Exception
    {
        final ClusterNode a = node(ServerProcess.Kind.NATS_SERVER, "NA");
        final ClusterNode b = node(ServerProcess.Kind.JNATSD, "JB", a);
        SystemOverRoutes.check(this, a, b, "NA", "JB");
        SystemOverRoutes.check(this, b, a, "NA", "JB");
    }
}
