package jnatsd.server.cluster;

import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two jnatsd nodes with the same accounts: accounts stay apart over the route, imports work across it. */
class ClusterAccountsIT extends ClusterTestSupport
{
    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        closeConnections();
        nodes.forEach(ClusterNode::close);
        nodes.clear();
    }

    private ClusterNode node(final String name, final ClusterNode... routes) throws Exception
    {
        final ClusterNode n = ClusterNode.of(ServerProcess.Kind.JNATSD, name, routes)
            .withTop(AccountsOverRoutes.ACCOUNTS);
        nodes.add(n);
        return n.start();
    }

    @Test
    void accountsShouldStayApartAcrossTheRoute() throws Exception
    {
        final ClusterNode j1 = node("J1");
        final ClusterNode j2 = node("J2", j1);
        AccountsOverRoutes.check(this, j1, j2);
        AccountsOverRoutes.check(this, j2, j1);
    }
}
