package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** The same kill and restart with three nats-server 2.9.10 nodes: the reference's figures, and a check of the test. */
class KillRestartInteropIT extends KillRestartScenario
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
