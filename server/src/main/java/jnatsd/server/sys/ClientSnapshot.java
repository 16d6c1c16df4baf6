package jnatsd.server.sys;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import jnatsd.engine.session.Session;

/**
 * What a connect or disconnect event says about a client, copied on the engine thread. Sent and received are the
 * client's: what it published, what it was delivered (nats-server's disconnect event counts them so).
 */
record ClientSnapshot(
    Instant start, String host, long cid, String account, String user, String name, String lang, String version,
    long rttNs, Instant stop, long sentMsgs, long sentBytes, long receivedMsgs, long receivedBytes, String reason)
{
    /** Engine thread. {@code closing}: the session is closing (its reason and counters are final). */
    static ClientSnapshot of(final Session s, final boolean closing)
    {
        return new ClientSnapshot(Instant.ofEpochMilli(s.openedAtMs), s.remoteIp, s.cid, s.account.name(),
            s.user, s.name, s.lang, s.version, s.rttNs, closing ? Instant.now() : null, s.inMsgs, s.inBytes,
            s.outMsgs, s.outBytes, closing ? s.closeReason : null);
    }

    /** nats-server's ClientInfo, with its omitempty fields left out when empty. */
    Map<String, Object> info()
    {
        final Map<String, Object> c = new LinkedHashMap<>();
        c.put("start", start);
        c.put("host", host);
        c.put("id", cid);
        c.put("acc", account);
        putIfSet(c, "user", user);
        putIfSet(c, "name", name);
        putIfSet(c, "lang", lang);
        putIfSet(c, "ver", version);
        if (stop != null)
        {
            c.put("rtt", rttNs);
            c.put("stop", stop);
        }
        c.put("kind", "Client");
        c.put("client_type", "nats");
        return c;
    }

    private static void putIfSet(final Map<String, Object> m, final String k, final String v)
    {
        if (v != null && !v.isEmpty())
        {
            m.put(k, v);
        }
    }
}
