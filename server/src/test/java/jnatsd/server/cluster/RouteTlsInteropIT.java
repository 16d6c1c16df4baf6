package jnatsd.server.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.Connection;
import java.util.List;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * A mixed cluster over mutual route TLS (runs with -Pinterop): one jnatsd node and one nats-server 2.9.10 node, each
 * dialing the other, so jnatsd is the TLS client on one connection and the TLS server on the other; messages and
 * queue groups cross both ways. And a nats-server node whose certificate jnatsd does not trust is refused with the
 * same lines on both sides.
 */
class RouteTlsInteropIT extends RouteTlsSupport
{
    private static final ServerProcess.Kind J = ServerProcess.Kind.JNATSD;
    private static final ServerProcess.Kind N = ServerProcess.Kind.NATS_SERVER;

    @Test
    void jnatsdAndNatsServerFormAClusterOverMutualRouteTls() throws Exception
    {
        final String tls = tls(cert, key, "    timeout: 5\n");
        final ClusterNode j = unstarted(J, "J", tls);
        final ClusterNode n = unstarted(N, "N", tls);
        j.addRoute(n);
        n.addRoute(j);
        j.start();
        n.start();
        final Connection onJ = connect(j);
        final Connection onN = connect(n);
        awaitFlowWithin(onJ, onN, subject("mixed.nj"), FORM_MS);
        awaitFlowWithin(onN, onJ, subject("mixed.jn"), FORM_MS);
        assertQueueExactlyOnce(onJ, List.of(connect(j), connect(n)), subject("mixed.q"), 100);
        // nats-server registered jnatsd's route, having checked its certificate both ways.
        awaitLog(n, "TLS handshake complete", 5_000);
        awaitLog(j, "TLS handshake complete", 5_000);
        // Which side's dial wins depends on start-up order (the other's is a duplicate); either way TLS ran.
        assertTrue(j.log().contains("Starting TLS route client handshake")
            || j.log().contains("Starting TLS route server handshake"), j.log());
        assertFalse(n.log().contains("TLS route handshake error: x509"), n.log());
    }

    @Test
    void aNatsServerWithAnUntrustedCertificateIsRefusedByJnatsdAndRefusesIt() throws Exception
    {
        final ClusterNode j = unstarted(J, "J", tls(cert, key, ""));
        final ClusterNode n = unstarted(N, "N", tls(strangerCert, strangerKey, ""));
        j.addRoute(n);
        n.addRoute(j);
        j.start();
        n.start();
        // jnatsd dials: nats-server's certificate is not from our CA.
        awaitLog(j, "TLS route handshake error: x509: certificate signed by unknown authority", FORM_MS);
        // nats-server dials: its certificate does not match our CA's name, so (as Go does) it sends none.
        awaitLog(j, "TLS route handshake error: tls: client didn't provide a certificate", FORM_MS);
        // nats-server hears jnatsd's alert: bad_certificate as from a Go client when jnatsd runs on Java 21+
        // (nats-server then logs what it logs for a nats-server peer), certificate_unknown on Java 17.
        awaitLog(n, "TLS route handshake error: remote error: tls: ", FORM_MS);
        assertTrue(n.log().contains("remote error: tls: bad certificate")
            || n.log().contains("remote error: tls: unknown certificate"), n.log());
        assertFalse(j.log().contains("Registering remote route"), j.log());
        assertFalse(n.log().contains("Registering remote route"), n.log());
        assertTrue(count(j.log(), "Router connection closed: TLS Handshake Failure") >= 2, j.log());
    }
}
