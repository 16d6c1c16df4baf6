package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import io.nats.client.Subscription;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * Route TLS between jnatsd nodes ({@code cluster { tls {} }}): a three-node cluster over mutual TLS (B and C dial
 * A, B and C find each other by gossip) carries messages; a plaintext route to a TLS route port and a silent one
 * are closed with nats-server's lines while the cluster keeps its traffic; a node whose certificate an unrelated
 * CA issued never forms a route, either way, and is redialed as any failed route.
 */
class RouteTlsIT extends RouteTlsSupport
{
    private static final ServerProcess.Kind J = ServerProcess.Kind.JNATSD;

    @Test
    void threeNodesOverMutualRouteTlsCarryMessagesAndRefusePlaintextRoutes() throws Exception
    {
        final String tls = tls(cert, key, "    timeout: 5\n");
        final ClusterNode a = node(J, "A", tls);
        final ClusterNode b = node(J, "B", tls, a);
        final ClusterNode c = node(J, "C", tls, a);
        final Connection onA = connect(a);
        final Connection onB = connect(b);
        final Connection onC = connect(c);
        awaitFlowWithin(onA, onC, subject("tls.ac"), FORM_MS);
        // B-C is an implicit route, dialed from gossip over TLS as well.
        awaitFlowWithin(onB, onC, subject("tls.bc"), FORM_MS);
        awaitFlowWithin(onC, onB, subject("tls.cb"), FORM_MS);
        awaitFlowWithin(onB, onA, subject("tls.ba"), FORM_MS);
        for (final ClusterNode n : nodes)
        {
            assertTrue(n.log().contains("TLS handshake complete"), n.name);
        }
        // A accepted B and C (TLS server); they dialed it (TLS client).
        assertTrue(a.log().contains("Starting TLS route server handshake"), a.log());
        assertTrue(b.log().contains("Starting TLS route client handshake"), b.log());
        assertTrue(c.log().contains("Starting TLS route client handshake"), c.log());

        // A plaintext route to A's route port: closed without a byte of ours, as nats-server logs it.
        try (Socket plain = new Socket("127.0.0.1", a.routePort))
        {
            plain.setSoTimeout(10_000);
            final OutputStream out = plain.getOutputStream();
            out.write("CONNECT {\"verbose\":false}\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals(-1, plain.getInputStream().read(), "no INFO in plaintext: the route port speaks TLS first");
        }
        awaitLog(a, "TLS route handshake error: tls: first record does not look like a TLS handshake", 10_000);
        // A route that never starts its handshake: closed at the block's timeout (5 s here).
        final long start = System.nanoTime();
        try (Socket silent = new Socket("127.0.0.1", a.routePort))
        {
            silent.setSoTimeout(20_000);
            final InputStream in = silent.getInputStream();
            assertEquals(-1, in.read());
        }
        final long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 4_000, "closed at the handshake timeout, not before: " + waitedMs + " ms");
        awaitLog(a, "TLS handshake timeout", 5_000);
        assertTrue(a.log().contains(": i/o timeout"), a.log());
        assertTrue(a.log().contains("Router connection closed: TLS Handshake Failure"));

        // The cluster did not notice: its routes still carry traffic, A-C both ways.
        final Subscription sub = onA.subscribe(subject("tls.after"));
        onA.flush(TIMEOUT);
        awaitFlowWithin(onA, onC, subject("tls.after2"), 10_000);
        awaitFlowWithin(onC, onA, subject("tls.after3"), 10_000);
        sub.unsubscribe();
        assertFalse(a.log().contains("cert_file") || a.log().contains("PRIVATE KEY"), "no secrets in the log");
    }

    @Test
    void aRouteWithACertificateFromAnotherCaNeverForms() throws Exception
    {
        // M trusts our CA but presents a certificate an unrelated CA issued; it dials A and A dials it. A has the
        // default handshake timeout (2 s).
        final ClusterNode a = unstarted(J, "A", tls(cert, key, ""));
        final ClusterNode m = unstarted(J, "M", tls(strangerCert, strangerKey, ""));
        a.addRoute(m);
        m.addRoute(a);
        a.start();
        m.start();
        // As Go's client, M sends no certificate our CA did not sign: A refuses it for want of one.
        awaitLog(a, "TLS route handshake error: tls: client didn't provide a certificate", FORM_MS);
        // A checks M's server certificate when it dials M.
        awaitLog(a, "TLS route handshake error: x509: certificate signed by unknown authority", FORM_MS);
        // M hears why: an alert (bad_certificate as Go's client sends on Java 21+, certificate_unknown on 17).
        awaitLog(m, "TLS route handshake error: remote error: tls: ", FORM_MS);
        assertTrue(m.log().contains("remote error: tls: bad certificate")
            || m.log().contains("remote error: tls: unknown certificate"), m.log());
        assertTrue(a.log().contains("Router connection closed: TLS Handshake Failure"));
        // Redialed as any failed explicit route (one attempt a second).
        final long end = System.currentTimeMillis() + FORM_MS;
        while (count(a.log(), "certificate signed by unknown authority") < 2 && System.currentTimeMillis() < end)
        {
            ClusterNode.sleep(100);
        }
        assertTrue(count(a.log(), "certificate signed by unknown authority") >= 2, "redialed:\n" + a.log());
        assertFalse(a.log().contains("Registering remote route"), a.log());
        assertFalse(m.log().contains("Registering remote route"), m.log());

        // No route, so no message crosses; each node still serves its own clients.
        final Connection onA = connect(a);
        final Connection onM = connect(m);
        final String subject = subject("tls.nowhere");
        final Subscription sub = onA.subscribe(subject);
        onA.flush(TIMEOUT);
        for (int i = 0; i < 20; i++)
        {
            onM.publish(subject, "x".getBytes(StandardCharsets.US_ASCII));
        }
        onM.flush(TIMEOUT);
        assertEquals(null, sub.nextMessage(Duration.ofMillis(1_500)));
        awaitFlowWithin(onA, connect(a), subject("tls.local"), 5_000);
    }
}
