package jnatsd.perf.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed server address: {@code nats://[user:pass@|token@]host[:port]} or {@code host:port}. TLS is not supported.
 */
public record NatsUrl(String host, int port, String user, String password, String token)
{
    public static final int DEFAULT_PORT = 4222;

    public static NatsUrl parse(final String text)
    {
        final String trimmed = text.trim();
        final URI uri = URI.create(trimmed.contains("://") ? trimmed : "nats://" + trimmed);
        if (!"nats".equals(uri.getScheme()))
        {
            throw new IllegalArgumentException("only nats:// URLs are supported (no TLS): " + text);
        }
        if (uri.getHost() == null)
        {
            throw new IllegalArgumentException("no host in URL: " + text);
        }
        String user = null;
        String password = null;
        String token = null;
        final String userInfo = uri.getUserInfo();
        if (userInfo != null)
        {
            final int colon = userInfo.indexOf(':');
            if (colon < 0)
            {
                token = userInfo;
            }
            else
            {
                user = userInfo.substring(0, colon);
                password = userInfo.substring(colon + 1);
            }
        }
        return new NatsUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, token);
    }

    /** Parses a comma-separated list; clients are assigned to its entries round-robin. */
    public static List<NatsUrl> parseList(final String text)
    {
        final List<NatsUrl> urls = new ArrayList<>();
        for (final String part : text.split(","))
        {
            if (!part.isBlank())
            {
                urls.add(parse(part));
            }
        }
        if (urls.isEmpty())
        {
            throw new IllegalArgumentException("empty URL list");
        }
        return urls;
    }

    @Override
    public String toString()
    {
        return "nats://" + host + ":" + port;
    }
}
