package jnatsd.server.reload;

import static jnatsd.server.reload.ReloadTestSupport.reload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP with a changed accounts block, as nats-server 2.9.10 does it: a client whose user moved to another account
 * is closed without -ERR and logs in again into the new one; a client that stays keeps its subscriptions and gets
 * the stream imports its account gained; a new account's users log in. AccountsReloadInteropIT runs it against
 * nats-server.
 */
class AccountsReloadIT
{
    private static final String BEFORE = """
        accounts {
          A { users: [ {user: x, password: px} ], exports: [ {stream: "news.>"} ] }
          B { users: [ {user: y, password: py} ] }
        }
        """;
    /** x moves to B, B imports A's news, C is new. */
    private static final String AFTER = """
        accounts {
          A { users: [ {user: w, password: pw} ], exports: [ {stream: "news.>"} ] }
          B {
            users: [ {user: y, password: py}, {user: x, password: px} ]
            imports: [ {stream: {account: A, subject: "news.>"}} ]
          }
          C { users: [ {user: z, password: pz} ] }
        }
        """;
    private static final String X = "\"user\":\"x\",\"pass\":\"px\"";
    private static final String Y = "\"user\":\"y\",\"pass\":\"py\"";

    private ServerProcess server;

    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.JNATSD;
    }

    @AfterEach
    void stop()
    {
        if (server != null)
        {
            server.close();
        }
    }

    @Test
    void movedUsersReconnectIntoTheirNewAccount() throws Exception
    {
        server = ReloadTestSupport.start(kind(), BEFORE);
        final RawClient x = RawClient.login(server, X);
        final RawClient y = RawClient.login(server, Y);
        y.send("SUB news.> 1\r\nSUB talk 2\r\n").sync();
        x.send("PUB talk 2\r\nx1\r\n").sync();
        assertEquals(List.of(), y.pingAndCollect(), "x in A and y in B do not share subjects");

        reload(server, AFTER);

        assertEquals(List.of(), x.untilClosed(), "x moved from A to B: closed without -ERR");
        assertTrue(server.awaitLog("Client Closed", 5_000), server.log());
        try (RawClient x2 = RawClient.login(server, X);
            RawClient w = RawClient.login(server, "\"user\":\"w\",\"pass\":\"pw\"");
            RawClient z = RawClient.login(server, "\"user\":\"z\",\"pass\":\"pz\""))
        {
            // x is in B now: y hears it.
            x2.send("PUB talk 2\r\nx2\r\n").sync();
            assertEquals(List.of(new RawClient.RawMsg("talk", "2", "x2")), y.pingAndCollect());
            // y stayed, kept its subscription, and gets A's news through B's new import.
            w.send("PUB news.today 2\r\nw1\r\n").sync();
            assertEquals(List.of(new RawClient.RawMsg("news.today", "1", "w1")), y.pingAndCollect());
            // C is a new, separate account.
            z.send("PUB talk 2\r\nz1\r\n").sync();
            assertEquals(List.of(), y.pingAndCollect());
        }
        y.close();
        x.close();
    }
}
