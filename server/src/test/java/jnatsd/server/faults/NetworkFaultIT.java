package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** Network faults on a three-node jnatsd cluster in three namespaces (needs root: NetLab). */
class NetworkFaultIT extends NetworkFaultScenario
{
    @Override
    ServerProcess.Kind kind(final int i)
    {
        return ServerProcess.Kind.JNATSD;
    }
}
