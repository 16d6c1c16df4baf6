package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** The same faults with three nats-server 2.9.10 nodes: the reference's figures, and a check of the test. */
class NetworkFaultReferenceInteropIT extends NetworkFaultScenario
{
    @Override
    ServerProcess.Kind kind(final int i)
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
