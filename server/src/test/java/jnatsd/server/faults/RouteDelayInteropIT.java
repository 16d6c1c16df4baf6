package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** The delayed route from jnatsd (B, the dialer) to a real nats-server 2.9.10 (A). */
class RouteDelayInteropIT extends RouteDelayScenario
{
    @Override
    ServerProcess.Kind kindA()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }

    @Override
    ServerProcess.Kind kindB()
    {
        return ServerProcess.Kind.JNATSD;
    }
}
