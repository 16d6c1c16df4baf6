package jnatsd.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The route handshake lines, byte for byte as nats-server 2.9.10 writes them. */
class RouteLinesTest
{
    private static final String ID = "NSELF00000000000000000000000000";

    private static ClusterSettings settings(
        final String advertise, final List<String> clientUrls, final boolean noAdvertise, final boolean headers)
    {
        return new ClusterSettings(ID, "s1", "2.9.10", "go1.19.4", "C1", "0.0.0.0", 6222, advertise, clientUrls,
            noAdvertise, List.of(), "", "", 1048576, headers, 120_000_000_000L, 2);
    }

    @Test
    void routeInfoNamesUsOurClusterAndClientUrls()
    {
        assertEquals("INFO {\"server_id\":\"" + ID + "\",\"server_name\":\"s1\",\"version\":\"2.9.10\",\"proto\":2,"
            + "\"go\":\"go1.19.4\",\"host\":\"0.0.0.0\",\"port\":6222,\"headers\":true,\"max_payload\":1048576,"
            + "\"cluster\":\"C1\",\"connect_urls\":[\"10.0.0.1:4222\",\"10.0.0.9:4222\"],\"lnoc\":true} \r\n",
            text(RouteLines.routeInfo(settings("", List.of("10.0.0.1:4222", "10.0.0.9:4222"), false, true), "C1",
                false)));
    }

    @Test
    void routeInfoWithAdvertiseDynamicNameAndNoAdvertise()
    {
        // cluster advertise becomes "ip"; no_advertise drops connect_urls; a dynamic name says so.
        assertEquals("INFO {\"server_id\":\"" + ID + "\",\"server_name\":\"s1\",\"version\":\"2.9.10\",\"proto\":2,"
            + "\"go\":\"go1.19.4\",\"host\":\"0.0.0.0\",\"port\":6222,\"headers\":false,\"max_payload\":1048576,"
            + "\"ip\":\"nats-route://r.example:7222/\",\"cluster\":\"SELF0000\",\"cluster_dynamic\":true,"
            + "\"lnoc\":true} \r\n",
            text(RouteLines.routeInfo(settings("nats-route://r.example:7222/", List.of("10.0.0.1:4222"), true, false),
                "SELF0000", true)));
    }

    @Test
    void tlsRoutesSayTlsRequiredAndVerifyInInfoGossipAndConnect()
    {
        // As nats-server 2.9.10 with cluster { tls {} } (its bytes, after the handshake; it adds a nonce we omit).
        final ClusterSettings plain = settings("", List.of(), false, true);
        final ClusterSettings tls = new ClusterSettings(ID, "s1", "2.9.10", "go1.19.4", "C1", "0.0.0.0", 6222, "",
            List.of(), false, List.of(), "", "", 1048576, true, 120_000_000_000L, 2, true);
        assertEquals("INFO {\"server_id\":\"" + ID + "\",\"server_name\":\"s1\",\"version\":\"2.9.10\",\"proto\":2,"
            + "\"go\":\"go1.19.4\",\"host\":\"0.0.0.0\",\"port\":6222,\"headers\":true,\"tls_required\":true,"
            + "\"tls_verify\":true,\"max_payload\":1048576,\"cluster\":\"C1\",\"lnoc\":true} \r\n",
            text(RouteLines.routeInfo(tls, "C1", false)));
        assertEquals("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false,\"tls_required\":true,"
            + "\"headers\":true,\"name\":\"" + ID + "\",\"cluster\":\"C1\",\"lnoc\":true}\r\n",
            text(RouteLines.connect(tls, URI.create("nats-route://127.0.0.1:6223"), "C1", false)));
        assertEquals(text(RouteLines.connect(tls, URI.create("nats-route://h:1"), "C1", false))
            .replace("\"tls_required\":true", "\"tls_required\":false"),
            text(RouteLines.connect(plain, URI.create("nats-route://h:1"), "C1", false)));
        final RouteInfo peer = new RouteInfo("NQ", "q", "2.9.10", "h", 1, "", "C1", false, false, List.of(), false,
            "go1.19.4");
        assertEquals("INFO {\"server_id\":\"NQ\",\"server_name\":\"q\",\"version\":\"2.9.10\",\"proto\":2,"
            + "\"host\":\"h\",\"port\":1,\"headers\":false,\"tls_required\":true,\"tls_verify\":true,"
            + "\"max_payload\":0,\"ip\":\"nats-route://h:1/\",\"cluster\":\"C1\"}\r\n",
            text(RouteLines.gossipInfo(peer, URI.create("nats-route://h:1/"), true)));
    }

    @Test
    void lameDuckInsertsLdmBeforeTheClosingBrace()
    {
        final byte[] info = RouteLines.routeInfo(settings("", List.of(), false, true), "C1", false);
        final String plain = text(info);
        assertEquals(plain.substring(0, plain.length() - 4) + ",\"ldm\":true} \r\n",
            text(RouteLines.withLameDuck(info)));
        assertEquals(plain.length() + 11, RouteLines.withLameDuck(info).length);
    }

    @Test
    void gossipInfoDescribesThePeerNotUs()
    {
        final RouteInfo peer = new RouteInfo("NPEER", "p1", "2.9.9", "10.0.0.2", 6223, "", "C1", false, true,
            List.of("10.0.0.2:4222"), false, "go1.19.4");
        assertEquals("INFO {\"server_id\":\"NPEER\",\"server_name\":\"p1\",\"version\":\"2.9.9\",\"proto\":2,"
            + "\"host\":\"10.0.0.2\",\"port\":6223,\"headers\":true,\"max_payload\":0,"
            + "\"ip\":\"nats-route://10.0.0.2:6223/\",\"cluster\":\"C1\",\"connect_urls\":[\"10.0.0.2:4222\"]}\r\n",
            text(RouteLines.gossipInfo(peer, URI.create("nats-route://10.0.0.2:6223/"), false)));
        final RouteInfo quiet = new RouteInfo("NQ", "q", "2.9.10", "h", 1, "", "C1", false, false, List.of(), false,
            "go1.19.4");
        assertEquals("INFO {\"server_id\":\"NQ\",\"server_name\":\"q\",\"version\":\"2.9.10\",\"proto\":2,"
            + "\"host\":\"h\",\"port\":1,\"headers\":false,\"max_payload\":0,\"ip\":\"nats-route://h:1/\","
            + "\"cluster\":\"C1\"}\r\n", text(RouteLines.gossipInfo(quiet, URI.create("nats-route://h:1/"), false)));
    }

    @Test
    void connectCarriesTheUrlCredentials()
    {
        final ClusterSettings s = settings("", List.of(), false, true);
        final String tail = ",\"tls_required\":false,\"headers\":true,\"name\":\"" + ID + "\",\"cluster\":\"C1\"";
        assertEquals("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false,\"user\":\"ruser\","
            + "\"pass\":\"s3cr:t\"" + tail + ",\"lnoc\":true}\r\n",
            text(RouteLines.connect(s, URI.create("nats-route://ruser:s3cr:t@10.0.0.2:6222"), "C1", false)));
        assertEquals("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false,\"user\":\"only\"" + tail
            + ",\"lnoc\":true}\r\n", text(RouteLines.connect(s, URI.create("nats://only@h:6222"), "C1", false)));
        assertEquals("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false" + tail
            + ",\"cluster_dynamic\":true,\"lnoc\":true}\r\n",
            text(RouteLines.connect(s, URI.create("nats://h:6222"), "C1", true)));
    }

    @Test
    void clientFieldsListOurUrlsThenThePeersOnce()
    {
        assertEquals(",\"cluster\":\"C1\"", RouteLines.clientFields("C1", false, List.of("a:1"), Set.of("b:2")));
        assertEquals(",\"cluster\":\"C1\",\"connect_urls\":[\"a:1\",\"b:2\"]",
            RouteLines.clientFields("C1", true, List.of("a:1", "b:2"), List.of("b:2")));
        assertEquals(",\"cluster\":\"C1\",\"connect_urls\":[]", RouteLines.clientFields("C1", true, List.of(),
            List.of()));
    }

    @Test
    void routeUrlIsTheAdvertisedOneElseTheAddressAndInfoPort()
    {
        final RouteInfo advertised = new RouteInfo("N", "n", "v", "0.0.0.0", 6222, "nats-route://pub.example:7/",
            "C1", false, true, List.of(), false, "go1.19.4");
        assertEquals(URI.create("nats-route://pub.example:7/"), RouteLines.routeUrl(advertised, "10.0.0.5"));
        final RouteInfo plain = new RouteInfo("N", "n", "v", "0.0.0.0", 6333, "", "C1", false, true, List.of(),
            false, "go1.19.4");
        assertEquals(URI.create("nats-route://10.0.0.5:6333/"), RouteLines.routeUrl(plain, "10.0.0.5"));
        assertEquals(URI.create("nats-route://[::1]:6333/"), RouteLines.routeUrl(plain, "::1"));
    }

    @Test
    void errorsAndJsonHelpers()
    {
        assertEquals("-ERR 'Stale Connection'\r\n", text(RouteLines.err("Stale Connection")));
        assertEquals("-ERR 'Authorization Violation'\r\n", text(RouteLines.AUTH_VIOLATION));
        assertEquals("PING\r\n", text(RouteLines.PING));
        assertEquals("\"a\\\"b\"", RouteLines.goQuote("a\"b"));
        final StringBuilder sb = new StringBuilder();
        RouteLines.appendArray(sb, List.of("x", "y\"z"));
        assertEquals("[\"x\",\"y\\\"z\"]", sb.toString());
    }

    private static String text(final byte[] line)
    {
        return new String(line, StandardCharsets.UTF_8);
    }
}
