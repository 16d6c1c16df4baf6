package jnatsd.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * HTTPS monitoring (https_port, -ms) as nats-server 2.9.10 serves it: the client TLS certificate, no client
 * certificate asked for even with verify, "Starting https monitor on" in the log; HTTPS without TLS and both ports
 * at once stop the start with its fatal lines. {@link MonitoringHttpsInteropIT} runs the same against nats-server.
 */
class MonitoringHttpsIT
{
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final TlsFixture certs = new TlsFixture();

    /** The server under test. */
    ServerProcess.Kind kind()
    {
        return ServerProcess.Kind.JNATSD;
    }

    @Test
    void httpsPortShouldServeTheDocumentsOverTlsWithoutAClientCertificate() throws Exception
    {
        final int https = FreePort.next();
        // verify: true asks clients for certificates; the monitor must not.
        try (ServerProcess s = ServerProcess.start(kind(), certs.mutual(""), "--https_port", Integer.toString(https)))
        {
            assertTrue(s.awaitLog("Starting https monitor on", 5_000), s.log());
            final HttpClient client = HttpClient.newBuilder().sslContext(certs.client(null))
                .connectTimeout(TIMEOUT).build();
            final HttpResponse<String> varz = client.send(request("https", https, "/varz"),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, varz.statusCode(), varz.body());
            assertTrue(varz.body().contains("\"https_port\": " + https + ","), varz.body());
            assertTrue(varz.body().contains("\"tls_required\": true,"), varz.body());
            final HttpResponse<String> healthz = client.send(request("https", https, "/healthz"),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, healthz.statusCode(), healthz.body());
            assertTrue(healthz.body().contains("\"status\":\"ok\""), healthz.body());

            // Plain HTTP on the HTTPS port gets no document.
            final HttpClient plain = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            int status;
            try
            {
                status = plain.send(request("http", https, "/varz"), HttpResponse.BodyHandlers.ofString())
                    .statusCode();
            }
            catch (final IOException ex)
            {
                status = -1;
            }
            assertNotEquals(200, status, "plain HTTP must not be served on the HTTPS port");
        }
    }

    @Test
    void httpsWithoutTlsShouldStopTheStart() throws Exception
    {
        final Result r = run("-a", "127.0.0.1", "-p", Integer.toString(FreePort.next()), "--https_port",
            Integer.toString(FreePort.next()));
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("[FTL] Can't start monitoring: TLS cert and key required for HTTPS"), r.output);
    }

    @Test
    void httpAndHttpsTogetherShouldStopTheStart() throws Exception
    {
        final int http = FreePort.next();
        final int https = FreePort.next();
        final Result r = run("-a", "127.0.0.1", "-p", Integer.toString(FreePort.next()), "-m", Integer.toString(http),
            "--https_port", Integer.toString(https), "--tls", "--tlscert", certs.serverCert.toString(), "--tlskey",
            certs.serverKey.toString());
        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.contains("[FTL] Can't start monitoring: can't specify both HTTP (" + http
            + ") and HTTPs (" + https + ") ports"), r.output);
    }

    private static HttpRequest request(final String scheme, final int port, final String path)
    {
        return HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + path)).timeout(TIMEOUT).build();
    }

    private record Result(int exit, String output)
    {
    }

    private Result run(final String... args) throws Exception
    {
        final List<String> cmd = new ArrayList<>(ServerProcess.command(kind()));
        cmd.addAll(List.of(args));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        final boolean done = p.waitFor(30, TimeUnit.SECONDS);
        if (!done)
        {
            p.destroyForcibly();
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the server should have stopped: " + out);
        return new Result(p.exitValue(), out);
    }
}
