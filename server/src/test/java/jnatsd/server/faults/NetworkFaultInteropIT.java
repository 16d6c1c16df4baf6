package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** The same faults with node 1 a real nats-server 2.9.10: the cut and lossy route is jnatsd to nats-server. */
class NetworkFaultInteropIT extends NetworkFaultScenario
{
    @Override
    ServerProcess.Kind kind(final int i)
    {
        return i == 1 ? ServerProcess.Kind.NATS_SERVER : ServerProcess.Kind.JNATSD;
    }
}
