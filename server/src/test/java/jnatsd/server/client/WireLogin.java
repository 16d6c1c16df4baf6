package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;

/** Logins on a raw socket: the INFO nonce, CONNECT with nkey/jwt/sig, and the exact answer. */
final class WireLogin
{
    private static final Pattern NONCE = Pattern.compile("\"nonce\":\"([^\"]*)\"");
    static final String VIOLATION = "-ERR 'Authorization Violation'";

    private WireLogin()
    {
    }

    /** The nonce of an INFO line, or null when it has none. */
    static String nonce(final String info)
    {
        final Matcher m = NONCE.matcher(info);
        return m.find() ? m.group(1) : null;
    }

    /** CONNECT fields: nkey (the key's public key, unless null), sig by {@code signer} of the nonce, jwt if any. */
    static String fields(final String info, final NKey nkey, final NKey signer, final String jwt)
    {
        final String nonce = nonce(info);
        assertNotNull(nonce, "INFO must carry a nonce: " + info);
        final StringBuilder sb = new StringBuilder();
        if (nkey != null)
        {
            sb.append("\"nkey\":\"").append(NatsKeys.publicKey(nkey)).append("\",");
        }
        if (jwt != null)
        {
            sb.append("\"jwt\":\"").append(jwt).append("\",");
        }
        sb.append("\"sig\":\"").append(signer == null ? ""
            : NatsKeys.sign(signer, nonce.getBytes(StandardCharsets.US_ASCII))).append('"');
        return sb.toString();
    }

    /**
     * Logs in and returns the server's answer to CONNECT + PING: "PONG" when accepted, else its first line (the
     * -ERR), after which the server must close the connection.
     */
    static String answer(final ServerProcess server, final NKey nkey, final NKey signer, final String jwt)
        throws IOException
    {
        try (RawClient raw = RawClient.open(server.port(), 0, 5_000))
        {
            raw.sendConnect(fields(raw.info(), nkey, signer, jwt));
            raw.send("PING\r\n");
            final String first = raw.line();
            if (!"PONG".equals(first))
            {
                raw.readUntilClosed();
            }
            return first;
        }
    }

    /** Accepted: CONNECT + PING answered by PONG alone. */
    static RawClient login(final ServerProcess server, final NKey nkey, final NKey signer, final String jwt)
        throws IOException
    {
        return login(server, nkey, signer, jwt, 5_000);
    }

    /** As {@link #login(ServerProcess, NKey, NKey, String)}, with the given read timeout for what follows. */
    static RawClient login(final ServerProcess server, final NKey nkey, final NKey signer, final String jwt,
        final int readTimeoutMs) throws IOException
    {
        final RawClient raw = RawClient.open(server.port(), 0, readTimeoutMs);
        raw.sendConnect(fields(raw.info(), nkey, signer, jwt));
        assertEquals(List.of(), raw.ping(), "login must be accepted");
        return raw;
    }
}
