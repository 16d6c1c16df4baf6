package jnatsd.server.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import jnatsd.testsupport.TestCerts;
import jnatsd.testsupport.TlsRawClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * jnatsd against nats-server 2.9.10 with the same TLS configuration (runs with -Pinterop): the INFO fields, what a
 * bad client receives and the [ERR] line each server logs for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsInteropIT
{
    private static final Pattern INFO_KEYS = Pattern.compile("\"([a-z_]+)\":");
    private TlsFixture certs;

    @BeforeAll
    void certificates()
    {
        certs = new TlsFixture();
    }

    /** What a scenario saw on one server. */
    @FunctionalInterface
    interface Scenario
    {
        List<String> run(ServerProcess s) throws Exception;
    }

    private static List<String> onBoth(final String config, final Scenario scenario) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        for (final ServerProcess.Kind kind : new ServerProcess.Kind[] {ServerProcess.Kind.NATS_SERVER,
            ServerProcess.Kind.JNATSD})
        {
            try (ServerProcess s = ServerProcess.start(kind, config))
            {
                seen.add(String.join("\n", scenario.run(s)));
            }
        }
        return seen;
    }

    private static void assertSame(final List<String> seen)
    {
        assertEquals(seen.get(0), seen.get(1), "nats-server (expected) vs jnatsd (actual)");
    }

    private static String keys(final String info)
    {
        final Matcher m = INFO_KEYS.matcher(info);
        final StringBuilder sb = new StringBuilder();
        while (m.find())
        {
            sb.append(m.group(1)).append(' ');
        }
        // What differs by design: the runtime field's value only, never a key; nonce only with nkeys.
        return sb.toString().trim();
    }

    private static String tlsFields(final String info)
    {
        final Matcher m = Pattern.compile("\"(tls_[a-z]+)\":(true|false)").matcher(info);
        final StringBuilder sb = new StringBuilder();
        while (m.find())
        {
            sb.append(m.group()).append(' ');
        }
        return sb.toString().trim();
    }

    /** The text after "cid:N - " of the first log line containing {@code marker}, waited for. */
    private static String logLine(final ServerProcess s, final String marker)
    {
        s.awaitLog(marker, 5000);
        for (final String line : s.log().split("\n"))
        {
            final int at = line.indexOf(marker);
            if (at >= 0)
            {
                final String level = line.contains("[ERR]") ? "[ERR] " : line.contains("[INF]") ? "[INF] " : "? ";
                return level + line.substring(at).trim();
            }
        }
        return "(no line with " + marker + ")";
    }

    @Test
    void infoFieldsMatch() throws Exception
    {
        for (final String config : new String[] {certs.tls(""), certs.mutual(""),
            certs.tls("") + "allow_non_tls: true\n", certs.mutual("") + "authorization { user: a, password: b }\n"})
        {
            assertSame(onBoth(config, s ->
            {
                try (TlsRawClient raw = TlsRawClient.open(s.port(), null, 5000))
                {
                    return List.of(keys(raw.info()), tlsFields(raw.info()));
                }
            }));
        }
    }

    @Test
    void plaintextClientToATlsPort() throws Exception
    {
        assertSame(onBoth(certs.tls(""), s ->
        {
            try (TlsRawClient plain = TlsRawClient.open(s.port(), null, 5000))
            {
                plain.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                return List.of("after INFO: [" + plain.untilClosed() + "]",
                    logLine(s, "TLS handshake error: tls: first record"));
            }
        }));
    }

    @Test
    void refusedClientCertificates() throws Exception
    {
        for (final TestCerts.Issued identity : new TestCerts.Issued[] {null, certs.mallory})
        {
            assertSame(onBoth(certs.mutual(""), s -> List.of(handshakeFails(s, certs.client(identity)),
                logLine(s, "TLS handshake error: tls: "))));
        }
        assertSame(onBoth(certs.mutual(""), s -> List.of(handshakeFails(s, certs.client(certs.expired)),
            logLine(s, "TLS handshake error: tls: ").replaceAll("current time .*", "current time ..."))));
    }

    private static String handshakeFails(final ServerProcess s, final SSLContext ctx)
    {
        try (TlsRawClient c = TlsRawClient.open(s.port(), ctx, 5000))
        {
            c.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
            return "answered: " + c.line();
        }
        catch (final IOException ex)
        {
            return "refused";
        }
    }

    @Test
    void handshakeTimeout() throws Exception
    {
        assertSame(onBoth(certs.tls("  timeout: 0.5\n"), s ->
        {
            try (TlsRawClient idle = TlsRawClient.open(s.port(), null, 5000))
            {
                final String after = idle.untilClosed();
                // nats-server's handshake read and its timer share the deadline: the read's line always comes,
                // "TLS handshake timeout" only when the timer wins the race (jnatsd always logs both).
                return List.of("after INFO: [" + after + "]", logLine(s, "TLS handshake error: read tcp")
                    .replaceAll("tcp [0-9.:]+->[0-9.:]+", "tcp A->B"));
            }
        }));
    }

    @Test
    void maxConnectionsRefusal() throws Exception
    {
        assertSame(onBoth(certs.tls("") + "max_connections: 1\n", s ->
        {
            ServerProcess.sleep(300);
            try (TlsRawClient first = TlsRawClient.open(s.port(), certs.client(null), 5000);
                 RawClient second = RawClient.open(s.port()))
            {
                first.send("CONNECT {\"verbose\":false}\r\nPING\r\n");
                assertEquals("PONG", first.line());
                final String err = second.line();
                assertTrue(err != null);
                return List.of(err, String.valueOf(second.line()));
            }
        }));
    }
}
