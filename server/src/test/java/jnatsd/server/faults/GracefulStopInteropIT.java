package jnatsd.server.faults;

import jnatsd.testsupport.ServerProcess;

/** Graceful stop under load against the reference nats-server 2.9.10. */
class GracefulStopInteropIT extends GracefulStopScenario
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
