package jnatsd.server.tls;

import jnatsd.testsupport.ServerProcess;

/** TlsReloadIT against nats-server 2.9.10: the behaviour and the log lines jnatsd's reload copies. */
class TlsReloadInteropIT extends TlsReloadIT
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
