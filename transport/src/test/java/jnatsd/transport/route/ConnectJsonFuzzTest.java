package jnatsd.transport.route;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import jnatsd.engine.cluster.RouteConnect;
import jnatsd.engine.cluster.RouteInfo;
import jnatsd.transport.ingress.ConnectParser;
import jnatsd.transport.ingress.ConnectParser.BadConnectException;
import jnatsd.transport.ingress.ConnectParser.ConnectOptions;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Coverage-guided fuzzing of the CONNECT JSON as a client and as a route send it: the bytes are decoded as the
 * transport decodes them (UTF-8), then read by {@link ConnectParser} and {@link RouteJson}. A client CONNECT either
 * parses or fails with {@link BadConnectException} (nats-server's log text, never another exception); parsing is
 * a function of the text; its redacted form (what the trace log shows) still parses to the same options with every
 * secret replaced. Seeds: the CONNECT and INFO lines of nats.go, jnats, nats.js and nats-server routes.
 */
class ConnectJsonFuzzTest
{
    private static final String REDACTED = "[REDACTED]";

    @FuzzTest(maxDuration = "6s")
    void connectJson(final byte[] input)
    {
        final String json = new UnsafeBuffer(input).getStringWithoutLengthUtf8(0, input.length);
        clientConnect(json);
        route(json);
    }

    private static void clientConnect(final String json)
    {
        final String redacted = ConnectParser.redacted(json);
        final ConnectOptions options;
        try
        {
            options = ConnectParser.parse(json);
        }
        catch (final BadConnectException ex)
        {
            assertNotNull(ex.getMessage(), "a refused CONNECT has nats-server's log text");
            return;
        }
        assertEquals(options, parseOrFail(json), "parsing is a function of the text");
        final ConnectOptions shown = parseOrFail(redacted);
        assertSecret(options.pass(), shown.pass(), "pass", redacted);
        assertSecret(options.authToken(), shown.authToken(), "auth_token", redacted);
        assertSecret(options.sig(), shown.sig(), "sig", redacted);
        assertSecret(options.jwt(), shown.jwt(), "jwt", redacted);
        assertEquals(options, new ConnectOptions(shown.verbose(), shown.pedantic(), shown.echo(), shown.headers(),
            shown.noResponders(), shown.protocol(), shown.name(), shown.lang(), shown.version(), shown.user(),
            options.pass(), options.authToken(), shown.hasLang(), shown.nkey(), options.sig(), options.jwt()),
            "redaction changes the secrets only");
    }

    private static ConnectOptions parseOrFail(final String json)
    {
        try
        {
            return ConnectParser.parse(json);
        }
        catch (final BadConnectException ex)
        {
            throw new AssertionError("a CONNECT that parsed fails after redaction: " + ex.getMessage(), ex);
        }
    }

    private static void assertSecret(final String secret, final String shown, final String field, final String text)
    {
        if (!secret.isEmpty())
        {
            assertEquals(REDACTED, shown, field + " shown in the trace: " + text);
        }
    }

    private static void route(final String json)
    {
        final JsonNode n = RouteJson.object(json);
        if (n == null)
        {
            return;
        }
        final RouteConnect connect = RouteJson.connect(n);
        assertNotNull(connect.name());
        assertNotNull(connect.pass());
        final RouteInfo info = RouteJson.info(n);
        assertNotNull(info.id());
        assertNotNull(info.connectUrls());
    }
}
