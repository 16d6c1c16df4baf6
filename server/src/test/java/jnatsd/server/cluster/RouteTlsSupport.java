package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import jnatsd.testsupport.TestCerts;
import org.junit.jupiter.api.AfterEach;

/**
 * Route TLS tests: certificates made per class (a CA, a node certificate for localhost/127.0.0.1 that every node
 * presents, as client and as server, and one from an unrelated CA), {@code cluster { tls {} }} blocks, and waits
 * long enough for a cold JVM's first handshakes on a slow box (a failed handshake is simply redialed a second later).
 */
abstract class RouteTlsSupport extends ClusterTestSupport
{
    /** Route formation: JVM start, first TLS handshakes (JSSE's classes load then), a redial or two. */
    static final long FORM_MS = 40_000;

    final Path dir;
    final Path caFile;
    final Path cert;
    final Path key;
    final Path strangerCert;
    final Path strangerKey;
    final List<ClusterNode> nodes = new ArrayList<>();

    RouteTlsSupport()
    {
        try
        {
            dir = Files.createTempDirectory("route-tls");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final TestCerts.Issued ca = TestCerts.ca("jnatsd route ca");
        caFile = ca.writeCert(dir.resolve("ca.pem"));
        final TestCerts.Issued node = TestCerts.server(ca, TestCerts.Algorithm.RSA);
        cert = node.writeCert(dir.resolve("node.pem"));
        key = node.writeKey(dir.resolve("node-key.pem"), false);
        final TestCerts.Issued stranger = TestCerts.server(TestCerts.ca("unrelated ca"), TestCerts.Algorithm.EC);
        strangerCert = stranger.writeCert(dir.resolve("stranger.pem"));
        strangerKey = stranger.writeKey(dir.resolve("stranger-key.pem"), true);
    }

    @AfterEach
    void stopNodes()
    {
        closeConnections();
        for (final ClusterNode n : nodes)
        {
            n.close();
        }
        nodes.clear();
    }

    /** The cluster block's tls: the node certificate and the CA (mutual: nats-server verifies routes always). */
    String tls(final Path certFile, final Path keyFile, final String more)
    {
        return "  tls {\n    cert_file: \"" + certFile + "\"\n    key_file: \"" + keyFile + "\"\n    ca_file: \""
            + caFile + "\"\n" + more + "  }\n";
    }

    /** A node with route TLS and no routes yet; not started. */
    ClusterNode unstarted(final ServerProcess.Kind kind, final String name, final String tlsBlock) throws IOException
    {
        final ClusterNode n = ClusterNode.withRoutePorts(kind, name, tlsBlock);
        nodes.add(n);
        return n;
    }

    /** A node with route TLS routing to {@code routesTo}; started. */
    ClusterNode node(final ServerProcess.Kind kind, final String name, final String tlsBlock,
        final ClusterNode... routesTo) throws IOException
    {
        final ClusterNode n = ClusterNode.withRoutePorts(kind, name, tlsBlock);
        for (final ClusterNode r : routesTo)
        {
            n.addRoute(r);
        }
        nodes.add(n);
        return n.start();
    }

    /**
     * A client of the node, with a patient connect: a node's first TLS handshakes (JSSE loading, on the transport
     * thread the client is accepted on) can hold a client's INFO up for seconds on a loaded 2-core box.
     */
    @Override
    Connection connect(final ClusterNode node) throws IOException, InterruptedException
    {
        final Options o = new Options.Builder().server(node.url()).connectionTimeout(Duration.ofSeconds(10))
            .noReconnect().build();
        final long end = System.currentTimeMillis() + FORM_MS;
        while (true)
        {
            try
            {
                final Connection c = Nats.connect(o);
                connections.add(c);
                return c;
            }
            catch (final IOException ex)
            {
                if (System.currentTimeMillis() > end)
                {
                    throw ex;
                }
                ClusterNode.sleep(200);
            }
        }
    }

    /** Subscribes on one side and publishes on the other until a message arrives (routes form over TLS first). */
    static void awaitFlowWithin(final Connection subConn, final Connection pubConn, final String subject,
        final long ms) throws Exception
    {
        final Subscription sub = subConn.subscribe(subject);
        subConn.flush(TIMEOUT);
        final long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end)
        {
            pubConn.publish(subject, "over tls".getBytes(StandardCharsets.UTF_8));
            final Message m = sub.nextMessage(Duration.ofMillis(100));
            if (m != null)
            {
                assertTrue(new String(m.getData(), StandardCharsets.UTF_8).equals("over tls"));
                sub.unsubscribe();
                return;
            }
        }
        fail("no message on " + subject + " from " + pubConn.getConnectedUrl() + " to " + subConn.getConnectedUrl());
    }

    /** Waits until the node's log holds {@code text}; fails with the log otherwise. */
    static void awaitLog(final ClusterNode node, final String text, final long ms)
    {
        final long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end)
        {
            if (node.log().contains(text))
            {
                return;
            }
            ClusterNode.sleep(50);
        }
        fail(node.name + " never logged \"" + text + "\":\n" + node.log());
    }

    static int count(final String log, final String text)
    {
        int n = 0;
        for (int i = log.indexOf(text); i >= 0; i = log.indexOf(text, i + text.length()))
        {
            n++;
        }
        return n;
    }
}
