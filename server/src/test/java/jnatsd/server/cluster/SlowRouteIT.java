package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * A route peer that stops reading is closed as a slow consumer once its queue passes max_pending, so the server's
 * memory stays bounded, and local subscribers keep getting every message.
 */
class SlowRouteIT
{
    @Test
    void shouldCloseARoutePeerThatStopsReading() throws Exception
    {
        final int routePort = FreePort.next();
        try (ServerProcess server = ServerProcess.jnatsd("max_pending: 256KB\nmax_payload: 64KB\n"
                + "cluster { name: C1, listen: 127.0.0.1:" + routePort + " }\n", "-D");
            Socket peer = new Socket("127.0.0.1", routePort);
            Connection local = Nats.connect(server.url());
            Connection pub = Nats.connect(server.url()))
        {
            peer.setReceiveBufferSize(4096);
            peer.setSoTimeout(5_000);
            final InputStream in = peer.getInputStream();
            assertTrue(new String(in.readNBytes(4), StandardCharsets.US_ASCII).startsWith("INFO"));
            peer.getOutputStream().write(("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false,"
                + "\"tls_required\":false,\"headers\":true,\"name\":\"NFAKEPEER\",\"cluster\":\"C1\",\"lnoc\":true}\r\n"
                + "INFO {\"server_id\":\"NFAKEPEER\",\"server_name\":\"fake\",\"version\":\"2.9.10\",\"proto\":2,"
                + "\"host\":\"127.0.0.1\",\"port\":" + routePort + ",\"headers\":true,\"max_payload\":65536,"
                + "\"cluster\":\"C1\"}\r\nRS+ $G slow.route\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
            peer.getOutputStream().flush();
            // From here on the peer reads nothing until the end.
            final Subscription sub = local.subscribe("slow.route");
            local.flush(Duration.ofSeconds(5));
            assertTrue(server.awaitLog("Registering remote route", 10_000) || server.awaitLog("rid:", 10_000),
                server.log());

            final byte[] payload = new byte[4096];
            final int n = 2_000;
            int received = 0;
            for (int i = 0; i < n; i++)
            {
                pub.publish("slow.route", payload);
                if (i % 64 == 63)
                {
                    pub.flush(Duration.ofSeconds(5));
                    while (sub.nextMessage(Duration.ofMillis(1)) != null)
                    {
                        received++;
                    }
                }
            }
            pub.flush(Duration.ofSeconds(5));
            while (received < n && sub.nextMessage(Duration.ofSeconds(2)) != null)
            {
                received++;
            }
            assertEquals(n, received, "the local subscriber got everything");
            assertTrue(server.awaitLog("Slow Consumer Detected: MaxPending of 262144 Exceeded", 10_000), server.log());
            // The server closed its side (the peer itself may take long to see EOF behind a zero TCP window).
            assertTrue(server.awaitLog("Router connection closed: Slow Consumer (Pending Bytes)", 5_000),
                server.log());
        }
    }
}
