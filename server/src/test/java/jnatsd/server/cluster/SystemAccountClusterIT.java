package jnatsd.server.cluster;

import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two jnatsd nodes with a system account: PINGs, per-server requests and events cross the route both ways. */
class SystemAccountClusterIT extends ClusterTestSupport
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
    void everyNodeShouldAnswerThroughEitherNode() throws Exception
    {
        final ClusterNode a = node(ServerProcess.Kind.JNATSD, "JA");
        final ClusterNode b = node(ServerProcess.Kind.JNATSD, "JB", a);
        SystemOverRoutes.check(this, a, b, "JA", "JB");
        SystemOverRoutes.check(this, b, a, "JA", "JB");
    }
}
