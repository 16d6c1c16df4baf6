package jnatsd.engine;

import java.nio.charset.StandardCharsets;

/**
 * The INFO line sent to clients, as nats-server 2.9 writes it: {@code INFO {json} \r\n} (note the space before
 * CRLF), fields in the order of nats-server's Info struct. The per-client part (client_id, client_ip) is appended
 * by the engine.
 */
public final class ServerInfo
{
    /** Everything before auth_required; engine thread only, as are the two values a reload may change. */
    private final String head;
    private boolean authRequired;
    /** {@code ,"tls_required":true,"tls_verify":true} or {@code ,"tls_available":true}; a reload may change it. */
    private String tlsFields = "";
    private int maxPayload;
    private byte[] prefix;
    /** Clustered servers: {@code ,"cluster":...,"connect_urls":[...]} after client_ip; engine thread only. */
    private String clusterFields = "";
    /** Counts changes of the cluster fields, so a client sent an older INFO can be told (engine thread only). */
    private int version;

    public ServerInfo(
        final String serverId,
        final String serverName,
        final String version,
        final String runtime,
        final String host,
        final int port,
        final boolean headers,
        final boolean authRequired,
        final int maxPayload)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("INFO {\"server_id\":").append(quote(serverId))
            .append(",\"server_name\":").append(quote(serverName))
            .append(",\"version\":").append(quote(version))
            .append(",\"proto\":1")
            .append(",\"go\":").append(quote(runtime))
            .append(",\"host\":").append(quote(host))
            .append(",\"port\":").append(port)
            .append(",\"headers\":").append(headers);
        head = sb.toString();
        this.authRequired = authRequired;
        this.maxPayload = maxPayload;
        rebuild();
    }

    /** Engine thread: a reload turned authentication on or off for the clients that connect from now on. */
    public void authRequired(final boolean required)
    {
        authRequired = required;
        rebuild();
    }

    /**
     * Before start, or on the engine thread after a reload: client TLS as nats-server announces it:
     * {@code tls_required} unless allow_non_tls, which makes it {@code tls_available}; {@code tls_verify} when client
     * certificates are required.
     */
    public void tls(final boolean enabled, final boolean verify, final boolean allowNonTls)
    {
        tlsFields = !enabled ? "" : (allowNonTls ? "" : ",\"tls_required\":true")
            + (verify ? ",\"tls_verify\":true" : "") + (allowNonTls ? ",\"tls_available\":true" : "");
        rebuild();
    }

    /** A reloaded max_payload, for the INFO of clients that connect from now (nats-server's server.info). */
    public void maxPayload(final int maxPayload)
    {
        this.maxPayload = maxPayload;
        rebuild();
    }

    /** The server's max_payload as INFO announces it. */
    public int maxPayload()
    {
        return maxPayload;
    }

    private void rebuild()
    {
        prefix = withMaxPayload(maxPayload).getBytes(StandardCharsets.UTF_8);
    }

    private String withMaxPayload(final int max)
    {
        return head + (authRequired ? ",\"auth_required\":true" : "") + tlsFields + ",\"max_payload\":" + max;
    }

    /** An INFO line for one client announcing its own max_payload (a JWT login's limit), without a nonce. */
    public byte[] forClient(final long clientId, final String clientIp, final String nonce, final int clientMaxPayload)
    {
        final byte[] saved = prefix;
        prefix = withMaxPayload(clientMaxPayload).getBytes(StandardCharsets.UTF_8);
        try
        {
            return forClient(clientId, clientIp, nonce);
        }
        finally
        {
            prefix = saved;
        }
    }

    /** The INFO line for one client, without a nonce (the INFOs sent after the first). */
    public byte[] forClient(final long clientId, final String clientIp)
    {
        return forClient(clientId, clientIp, "");
    }

    /**
     * The INFO line for one client; {@code nonce} (empty: none) follows client_ip, as in nats-server's Info struct.
     * Allocates: sent once per connection.
     */
    public byte[] forClient(final long clientId, final String clientIp, final String nonce)
    {
        final String tail = ",\"client_id\":" + clientId + ",\"client_ip\":" + quote(clientIp)
            + (nonce.isEmpty() ? "" : ",\"nonce\":" + quote(nonce)) + clusterFields + "} \r\n";
        final byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        final byte[] line = new byte[prefix.length + t.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(t, 0, line, prefix.length, t.length);
        return line;
    }

    public int version()
    {
        return version;
    }

    /** The cluster part of client INFO lines (empty when not clustered). */
    public String clusterFields()
    {
        return clusterFields;
    }

    public void clusterFields(final String fields)
    {
        this.clusterFields = fields;
        version++;
    }

    /** A JSON string literal as Go's encoding/json writes it. */
    public static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '<' -> sb.append("\\u003c");
                case '>' -> sb.append("\\u003e");
                case '&' -> sb.append("\\u0026");
                default ->
                {
                    if (c < 0x20)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
