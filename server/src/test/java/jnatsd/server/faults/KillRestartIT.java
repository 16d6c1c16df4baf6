package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** Kill and restart in a three-node jnatsd cluster. */
class KillRestartIT extends KillRestartScenario
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.JNATSD;
    }
}
