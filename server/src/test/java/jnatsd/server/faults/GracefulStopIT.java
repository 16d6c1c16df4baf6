package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** Graceful stop under load against jnatsd. */
class GracefulStopIT extends GracefulStopScenario
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.JNATSD;
    }
}
