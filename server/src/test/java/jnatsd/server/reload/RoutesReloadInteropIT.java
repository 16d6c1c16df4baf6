package jnatsd.server.reload;

import jnatsd.server.reload.RoutesReloadIT.Node;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Route reload against nats-server 2.9.10 (runs with -Pinterop): the same scenario and the same log lines as
 * {@link RoutesReloadIT}, with the added route a real nats-server, and with nats-server itself reloading (which
 * checks that the expected lines are the reference's own).
 */
class RoutesReloadInteropIT
{
    private static final ServerProcess.Kind J = ServerProcess.Kind.JNATSD;
    private static final ServerProcess.Kind N = ServerProcess.Kind.NATS_SERVER;

    @Test
    void shouldDialAndRemoveARouteToNatsServer() throws Exception
    {
        RoutesReloadIT.addThenRemove(new Node(J, "A"), new Node(J, "B"), new Node(N, "C"));
    }

    @Test
    void shouldReloadClusterAuthorizationAndNameAsNatsServerDoes() throws Exception
    {
        RoutesReloadIT.authorizationAndName(new Node(N, "A"), new Node(J, "B"));
    }

    @Test
    void shouldReloadAuthorizationOfARouteFromNatsServer() throws Exception
    {
        RoutesReloadIT.authorizationAndName(new Node(J, "A"), new Node(N, "B"));
    }

    @Test
    void shouldLogAsNatsServerDoesWhenItReloadsRoutes() throws Exception
    {
        RoutesReloadIT.addThenRemove(new Node(N, "A"), new Node(J, "B"), new Node(N, "C"));
    }
}
