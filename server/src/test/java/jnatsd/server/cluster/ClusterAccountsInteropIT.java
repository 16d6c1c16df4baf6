package jnatsd.server.cluster;

import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A mixed cluster, jnatsd and nats-server 2.9.10 with the same accounts block (runs with -Pinterop): the account
 * names on RS+/RMSG agree, account A's messages cross the route, B's do not leak into A, and stream and service
 * imports work whichever side holds the requester.
 */
class ClusterAccountsInteropIT extends ClusterTestSupport
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
        final ClusterNode n = ClusterNode.of(kind, name, routes).withTop(AccountsOverRoutes.ACCOUNTS);
        nodes.add(n);
        return n.start();
    }

    @Test
    void accountsShouldStayApartBetweenJnatsdAndNatsServer() throws Exception
    {
        final ClusterNode n = node(ServerProcess.Kind.NATS_SERVER, "N");
        final ClusterNode j = node(ServerProcess.Kind.JNATSD, "J", n);
        AccountsOverRoutes.check(this, j, n);
        AccountsOverRoutes.check(this, n, j);
    }
}
