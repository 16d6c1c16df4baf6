package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.nats.client.Connection;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A thousand client connections open at the same time, each subscribed, all receiving one publisher's messages.
 * The subscribers are raw sockets: a jnats connection costs several threads, a thousand of them would swamp two cores.
 */
class ManyConnectionsIT extends NatsClientTestSupport
{
    private static final int CONNECTIONS = 1000;

    private final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void closeRawClients()
    {
        clients.forEach(RawClient::close);
        clients.clear();
    }

    @Test
    void shouldDeliverToAThousandSubscribedConnections() throws Exception
    {
        final String subject = uniqueSubject("fanout");
        for (int i = 0; i < CONNECTIONS; i++)
        {
            clients.add(RawClient.open(server.port(), 0, 10_000));
        }
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final String wildcard = (i % 2 == 0) ? subject : subject.substring(0, subject.lastIndexOf('.')) + ".*";
            clients.get(i).connect("SUB " + wildcard + " s" + i + "\r\nPING\r\n");
        }
        for (int i = 0; i < CONNECTIONS; i++)
        {
            assertEquals(List.of(), clients.get(i).collectUntilPong(), "connection " + i + " before publishing");
        }

        final Connection pub = connect();
        pub.publish(subject, bytes("first"));
        pub.publish(subject, bytes("second"));
        flush(pub);

        for (int i = 0; i < CONNECTIONS; i++)
        {
            final RawClient c = clients.get(i);
            final RawClient.RawMsg first = c.nextMsg();
            final RawClient.RawMsg second = c.nextMsg();
            assertEquals(List.of("first", "second"), List.of(first.payload(), second.payload()),
                "payloads on connection " + i);
            assertEquals(subject, first.subject(), "subject on connection " + i);
            assertEquals("s" + i, first.sid(), "sid on connection " + i);
        }
        for (int i = 0; i < CONNECTIONS; i++)
        {
            assertEquals(List.of(), clients.get(i).pingAndCollect(), "no extra messages on connection " + i);
        }
    }
}
