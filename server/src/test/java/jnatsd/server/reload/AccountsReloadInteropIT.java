package jnatsd.server.reload;

import jnatsd.testsupport.ServerProcess;

/** {@link AccountsReloadIT} against nats-server 2.9.10 (runs with -Pinterop): the behaviour jnatsd copies. */
class AccountsReloadInteropIT extends AccountsReloadIT
{
    @Override
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.NATS_SERVER;
    }
}
