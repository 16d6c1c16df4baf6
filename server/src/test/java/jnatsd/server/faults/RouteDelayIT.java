package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** A delayed route between two jnatsd nodes. */
class RouteDelayIT extends RouteDelayScenario
{
    @Override
    ServerProcess.Kind kindA()
    {
        return ServerProcess.Kind.JNATSD;
    }

    @Override
    ServerProcess.Kind kindB()
    {
        return ServerProcess.Kind.JNATSD;
    }
}
