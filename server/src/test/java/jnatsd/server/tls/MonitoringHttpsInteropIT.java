package jnatsd.server.tls;

import jnatsd.testsupport.ServerProcess;

/** {@link MonitoringHttpsIT} against nats-server 2.9.10: the same documents, log and fatal lines (-Pinterop). */
class MonitoringHttpsInteropIT extends MonitoringHttpsIT
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
