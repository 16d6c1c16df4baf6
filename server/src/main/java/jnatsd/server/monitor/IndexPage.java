package jnatsd.server.monitor;

import java.nio.charset.StandardCharsets;

/** The monitoring root: an HTML page linking every endpoint, relative to the base path as nats-server's. */
final class IndexPage
{
    private static final String[][] LINKS = {
        {"varz", "General"},
        {"connz", "Connections"},
        {"accountz", "Accounts"},
        {"accstatz", "Account Stats"},
        {"subsz", "Subscriptions"},
        {"routez", "Routes"},
        {"leafz", "LeafNodes"},
        {"gatewayz", "Gateways"},
        {"healthz", "Health Probe"},
        {"metrics", "Prometheus Metrics"},
    };

    private IndexPage()
    {
    }

    static byte[] html(final String basePath)
    {
        final String prefix = basePath.endsWith("/") ? basePath : basePath + "/";
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("<html lang=\"en\">\n<head>\n<title>jnatsd monitoring</title>\n")
            .append("<style type=\"text/css\">\n")
            .append("  body { font-family: sans-serif; margin-left: 32px }\n")
            .append("  a { display: block; margin-left: 7px; padding-bottom: 6px; text-decoration: none }\n")
            .append("</style>\n</head>\n<body>\n")
            .append("<h2>jnatsd</h2>\n<p>v").append(Monitor.version()).append(" compatible</p>\n");
        for (final String[] link : LINKS)
        {
            sb.append("<a href=").append(prefix).append(link[0]).append('>').append(link[1]).append("</a>\n");
        }
        sb.append("<a href=https://docs.nats.io/running-a-nats-service/nats_admin/monitoring>Help</a>\n")
            .append("</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
