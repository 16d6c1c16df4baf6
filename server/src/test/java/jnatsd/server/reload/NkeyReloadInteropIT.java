package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/** {@link NkeyReloadIT}'s reload against nats-server 2.9.10 and jnatsd (-Pinterop): the same observations. */
class NkeyReloadInteropIT
{
    @Test
    void nkeyUsersReloadAlike() throws Exception
    {
        assertEquals(NkeyReloadIT.script(ServerProcess.Kind.NATS_SERVER),
            NkeyReloadIT.script(ServerProcess.Kind.JNATSD));
    }
}
