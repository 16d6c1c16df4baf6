package jnatsd.engine.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jnatsd.config.AccountOptions;
import jnatsd.config.ServerOptions;
import jnatsd.engine.CapturingChannel;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineSettings;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.RoutePeer;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Drives an engine with a {@link Cluster} as its interconnect through ring events, as the transport would, and reads
 * the bytes written to each route and client socket.
 */
class ClusterTest
{
    /** Server ids order the duplicate resolution: LOW &lt; SELF &lt; HIGH. */
    private static final String SELF = "NSELF00000000000000000000000000";
    private static final String LOW = "NAPEER0000000000000000000000000";
    private static final String HIGH = "NZPEER0000000000000000000000000";
    private static final long PING_INTERVAL_NS = 10_000_000_000L;
    private static final long T0 = 1_000_000_000_000L;
    private static final String OUR_INFO = "INFO {\"server_id\":\"" + SELF + "\",\"server_name\":\"me\","
        + "\"version\":\"2.9.10\",\"proto\":2,\"go\":\"go1.19\",\"host\":\"127.0.0.1\",\"port\":6222,"
        + "\"headers\":true,\"max_payload\":1048576,\"cluster\":\"C1\",\"connect_urls\":[\"127.0.0.1:4222\"],"
        + "\"lnoc\":true} \r\n";

    private final ServerInfo clientInfo = new ServerInfo(SELF, "me", "2.9.10", "go1.19", "127.0.0.1", 4222, true,
        false, 1024);
    private final Engine engine = new Engine(new EngineSettings(ServerOptions.defaults()), clientInfo, Log.NONE,
        new ChunkPool(4096, 16), new SubjectTable(64), new EngineCounters());
    private final List<Dial> dials = new ArrayList<>();
    private final List<URI> forgotten = new ArrayList<>();
    private Cluster cluster = newCluster(settings("", "", List.of()));
    private long cids;

    /** One call of {@link RouteSolicitor#solicit}. */
    private record Dial(URI url, boolean explicit, long delayMs)
    {
    }

    private static ClusterSettings settings(final String user, final String pass, final List<URI> routes)
    {
        return new ClusterSettings(SELF, "me", "2.9.10", "go1.19", "C1", "127.0.0.1", 6222, "",
            List.of("127.0.0.1:4222"), false, routes, user, pass, 1048576, true, PING_INTERVAL_NS, 2);
    }

    private Cluster newCluster(final ClusterSettings settings)
    {
        final Cluster c = new Cluster(settings, engine, clientInfo, new ChunkPool(4096, 16), new RouteSolicitor()
        {
            @Override
            public void solicit(final URI url, final boolean explicit, final long delayMs)
            {
                dials.add(new Dial(url, explicit, delayMs));
            }

            @Override
            public void forget(final URI url)
            {
                forgotten.add(url);
            }
        }, Log.NONE);
        engine.interconnect(c);
        return c;
    }

    private static InboundEvent event(final int type, final Session s, final String text)
    {
        final InboundEvent e = new InboundEvent();
        e.type = type;
        e.session = s;
        e.buffer = new UnsafeBuffer((text.isEmpty() ? " " : text).getBytes(StandardCharsets.US_ASCII));
        return e;
    }

    /** Subject and queue laid out as "subject queue rest" in the event's buffer. */
    private static InboundEvent subjectEvent(
        final int type, final Session s, final String subject, final String queue, final String rest)
    {
        final InboundEvent e = event(type, s, subject + " " + queue + " " + rest);
        e.subjectOffset = 0;
        e.subjectLength = subject.length();
        e.queueOffset = subject.length() + 1;
        e.queueLength = queue.length();
        return e;
    }

    /** A route operation: "account subject queue" in the event's buffer, the account field set. */
    private static InboundEvent routeEvent(
        final int type, final Session s, final String account, final String subject, final String queue)
    {
        final InboundEvent e = event(type, s, account + " " + subject + " " + queue);
        e.accountOffset = 0;
        e.accountLength = account.length();
        e.subjectOffset = account.length() + 1;
        e.subjectLength = subject.length();
        e.queueOffset = account.length() + 1 + subject.length() + 1;
        e.queueLength = queue.length();
        return e;
    }

    /** A jnatsd peer's INFO. */
    private static RouteInfo info(final String id, final String ip, final List<String> connectUrls)
    {
        return new RouteInfo(id, "n-" + id.charAt(1), "2.9.10", "0.0.0.0", 6222, ip, "C1", false, true, connectUrls,
            false, "java17");
    }

    /** A nats-server peer's INFO. */
    private static RouteInfo natsServerInfo(final String id)
    {
        return new RouteInfo(id, "n-" + id.charAt(1), "2.9.10", "0.0.0.0", 6222, "", "C1", false, true, List.of(),
            false, "go1.19.4");
    }

    /** A route socket: opened as the transport would (dialed when given an origin), then fed route protocol. */
    private final class Route implements TransportHandle
    {
        final CapturingChannel channel = new CapturingChannel();
        final Session session;

        Route(final String remoteIp, final RouteOrigin origin)
        {
            session = new Session(++cids, Session.KIND_ROUTE, channel, this, remoteIp, 6222, false);
            final InboundEvent open = event(EventType.OPEN, session, "");
            open.attachment = origin;
            engine.onEvent(open);
        }

        /** Accepted from a peer: its CONNECT, then its INFO. */
        Route accepted(final String id)
        {
            connect(new RouteConnect(id, "C1", false, true, null, null));
            return info(ClusterTest.info(id, "", List.of()));
        }

        Route connect(final RouteConnect c)
        {
            final InboundEvent e = event(EventType.ROUTE_CONNECT, session, "");
            e.attachment = c;
            engine.onEvent(e);
            return this;
        }

        Route info(final RouteInfo i)
        {
            final InboundEvent e = event(EventType.ROUTE_INFO, session, "");
            e.attachment = i;
            engine.onEvent(e);
            return this;
        }

        void rsPlus(final String subject, final String queue, final long weight)
        {
            rsPlus("$G", subject, queue, weight);
        }

        void rsPlus(final String account, final String subject, final String queue, final long weight)
        {
            final InboundEvent e = routeEvent(EventType.RS_PLUS, session, account, subject, queue);
            e.longValue = weight;
            engine.onEvent(e);
        }

        void rsMinus(final String subject, final String queue)
        {
            engine.onEvent(routeEvent(EventType.RS_MINUS, session, "$G", subject, queue));
        }

        /** RMSG account subject size: payload, from this route. */
        void rmsg(final String account, final String subject, final String payload)
        {
            final InboundEvent e = routeEvent(EventType.RMSG, session, account, subject, "");
            final String text = account + " " + subject + "  " + payload + "\r\n";
            e.buffer = new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
            e.payloadOffset = account.length() + 1 + subject.length() + 2;
            e.payloadLength = payload.length();
            e.queueLength = 0;
            engine.onEvent(e);
        }

        String read()
        {
            engine.endOfBatch();
            return channel.take();
        }

        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
        }
    }

    /** A connected client (protocol 1, echo, headers). */
    private final class Client implements TransportHandle
    {
        final CapturingChannel channel = new CapturingChannel();
        final Session session = new Session(++cids, Session.KIND_CLIENT, channel, this, "127.0.0.1", 5000, false);

        Client()
        {
            this("");
        }

        /** A client of a configured account ("" for the global one). */
        Client(final String account)
        {
            engine.onEvent(event(EventType.OPEN, session, ""));
            final InboundEvent e = event(EventType.CONNECT, session, "");
            e.attachment = new ConnectCommand(false, false, true, true, false, 1, "", "java", "", "", null, null,
                account);
            engine.onEvent(e);
            read();
        }

        void sub(final String subject, final String queue, final String sid)
        {
            final InboundEvent e = subjectEvent(EventType.SUB, session, subject, queue, sid);
            e.sidOffset = subject.length() + 1 + queue.length() + 1;
            e.sidLength = sid.length();
            engine.onEvent(e);
        }

        void unsub(final String sid)
        {
            final InboundEvent e = event(EventType.UNSUB, session, sid);
            e.sidOffset = 0;
            e.sidLength = sid.length();
            engine.onEvent(e);
        }

        void pub(final String subject, final String reply, final String payload)
        {
            // As in a read buffer: the payload is followed by CRLF.
            final InboundEvent e = subjectEvent(EventType.PUB, session, subject, reply, payload + "\r\n");
            e.queueLength = 0;
            e.replyOffset = subject.length() + 1;
            e.replyLength = reply.length();
            e.payloadOffset = subject.length() + 1 + reply.length() + 1;
            e.payloadLength = payload.length();
            engine.onEvent(e);
        }

        String read()
        {
            engine.endOfBatch();
            return channel.take();
        }

        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
        }
    }

    @Test
    void acceptedRouteGetsOurInfoAndRegistersOnItsInfo()
    {
        final Route r = new Route("10.0.0.2", null);
        assertEquals(OUR_INFO, r.read());
        r.connect(new RouteConnect(LOW, "C1", false, true, null, null));
        assertEquals(0, cluster.routeCount());
        r.info(info(LOW, "", List.of("10.0.0.2:4222")));
        assertEquals(1, cluster.routeCount());
        final RoutePeer peer = cluster.routes().get(0);
        assertSame(peer, r.session.route);
        assertSame(r.session, peer.session());
        assertEquals(LOW, peer.remoteId());
        assertFalse(peer.didSolicit());
        assertFalse(peer.isConfigured());
        // No local interest yet, and no other route to gossip it to: nothing more on the wire.
        assertEquals("", r.read());
        // Clients now learn the peer's client URL after ours.
        assertEquals(",\"cluster\":\"C1\",\"connect_urls\":[\"127.0.0.1:4222\",\"10.0.0.2:4222\"]",
            clientInfo.clusterFields());
    }

    @Test
    void dialedRouteSendsConnectThenInfo()
    {
        final URI url = URI.create("nats-route://ru:rp@10.0.0.2:6222");
        final Route r = new Route("10.0.0.2", new RouteOrigin(url, true));
        assertEquals("CONNECT {\"echo\":true,\"verbose\":false,\"pedantic\":false,\"user\":\"ru\",\"pass\":\"rp\","
            + "\"tls_required\":false,\"headers\":true,\"name\":\"" + SELF + "\",\"cluster\":\"C1\",\"lnoc\":true}\r\n"
            + OUR_INFO, r.read());
        r.info(info(LOW, "", List.of()));
        assertEquals(1, cluster.routeCount());
        assertTrue(cluster.routes().get(0).didSolicit());
        assertTrue(cluster.routes().get(0).isConfigured());
    }

    @Test
    void clientsAreToldOfANewPeersClientUrls()
    {
        final Client c = new Client();
        final Route r = new Route("10.0.0.2", null).accepted(LOW);
        assertEquals("", c.read());
        // A later INFO of the same peer updates its client URLs (nats-server's INFO update).
        r.info(info(LOW, "", List.of("10.0.0.2:4222")));
        final String resent = c.read();
        assertTrue(resent.startsWith("INFO {") && resent.contains(
            ",\"cluster\":\"C1\",\"connect_urls\":[\"127.0.0.1:4222\",\"10.0.0.2:4222\"]"), resent);
    }

    @Test
    void duplicateRouteKeepsTheOneDialedByTheSmallerServerId()
    {
        // LOW < SELF: LOW's dial (our accepted route) wins over ours; the route we dialed closes, not redialed.
        final Route ours = new Route("10.0.0.2", new RouteOrigin(URI.create("nats-route://10.0.0.2:6222"), true));
        ours.info(info(LOW, "", List.of()));
        final Route theirs = new Route("10.0.0.2", null).accepted(LOW);
        assertEquals(1, cluster.routeCount());
        assertSame(theirs.session, cluster.routes().get(0).session());
        assertTrue(ours.session.closed);
        assertEquals("Duplicate Route", ours.session.closeReason);
        assertFalse(theirs.session.closed);
        // The loser was ours to dial, but the winner was registered before it closed: no redial.
        assertEquals(List.of(), dials);

        // SELF < HIGH: our dial wins; HIGH's duplicate is closed.
        final Route dialed = new Route("10.0.0.3", new RouteOrigin(URI.create("nats-route://10.0.0.3:6222"), true));
        dialed.info(info(HIGH, "", List.of()));
        final Route dup = new Route("10.0.0.3", null).accepted(HIGH);
        assertEquals(2, cluster.routeCount());
        assertTrue(dup.session.closed);
        assertEquals("Duplicate Route", dup.session.closeReason);
        assertFalse(dialed.session.closed);
        assertEquals(List.of(), dials);
    }

    @Test
    void duplicateRouteToANatsServerWaitsForThePeerToCloseOne()
    {
        final Client c = new Client();
        c.sub("foo", "", "1");
        final Route ours = new Route("10.0.0.2", new RouteOrigin(URI.create("nats-route://10.0.0.2:6222"), true));
        ours.info(natsServerInfo(LOW));
        assertTrue(ours.read().endsWith("RS+ $G foo\r\n"));
        // A second connection: by our rule LOW's dial would win, but nats-server closes the one it registered second,
        // whichever that is, so this side closes neither and the spare learns our interest too.
        final Route theirs = new Route("10.0.0.2", null).connect(new RouteConnect(LOW, "C1", false, true, null, null))
            .info(natsServerInfo(LOW));
        assertFalse(ours.session.closed);
        assertFalse(theirs.session.closed);
        assertEquals(1, cluster.routeCount());
        assertSame(ours.session, cluster.routes().get(0).session());
        assertTrue(theirs.read().endsWith("RS+ $G foo\r\n"));
        // The peer kept the spare: its interest comes there, and our messages follow it.
        theirs.rsPlus("bar", "", 0);
        c.pub("bar", "", "x");
        assertEquals("RMSG $G bar 1\r\nx\r\n", theirs.read());
        assertEquals("", ours.read());
        // It closes the other; the spare is the route now, nothing is dialed.
        engine.onEvent(event(EventType.CLOSED, ours.session, ""));
        assertEquals(1, cluster.routeCount());
        assertSame(theirs.session, cluster.routes().get(0).session());
        assertEquals(List.of(), dials);
        c.pub("bar", "", "y");
        final String after = theirs.read();
        assertTrue(after.endsWith("RMSG $G bar 1\r\ny\r\n"), after);

        // When the peer closes the spare instead, the registered route stays and nothing is dialed either.
        final Route spare = new Route("10.0.0.2", null).connect(new RouteConnect(LOW, "C1", false, true, null, null))
            .info(natsServerInfo(LOW));
        spare.rsPlus("baz", "", 0);
        engine.onEvent(event(EventType.CLOSED, spare.session, ""));
        assertEquals(1, cluster.routeCount());
        assertSame(theirs.session, cluster.routes().get(0).session());
        assertEquals(1, cluster.remoteInterestCount(), "the closed spare's interest is gone");
        assertEquals(List.of(), dials);
    }

    @Test
    void aSpareANatsServerPeerNeverClosesIsClosedAfterTenSeconds()
    {
        engine.onTimer(T0);
        final Route ours = new Route("10.0.0.2", new RouteOrigin(URI.create("nats-route://10.0.0.2:6222"), true));
        ours.info(natsServerInfo(LOW));
        final Route spare = new Route("10.0.0.2", null).connect(new RouteConnect(LOW, "C1", false, true, null, null))
            .info(natsServerInfo(LOW));
        engine.onTimer(T0 + 9_000_000_000L);
        assertFalse(spare.session.closed);
        // 10.5 s: not a PING time of the spare (1 s, then every 10 s), so the limit holds apart from the PINGs.
        engine.onTimer(T0 + 10_500_000_000L);
        assertTrue(spare.session.closed);
        assertEquals("Duplicate Route", spare.session.closeReason);
        assertFalse(ours.session.closed);
        assertSame(ours.session, cluster.routes().get(0).session());
        assertEquals(List.of(), dials);
    }

    @Test
    void routeToSelfIsClosedAndForgotten()
    {
        final URI url = URI.create("nats-route://127.0.0.1:6222");
        final Route r = new Route("127.0.0.1", new RouteOrigin(url, true));
        r.info(info(SELF, "", List.of()));
        assertTrue(r.session.closed);
        assertEquals(0, cluster.routeCount());
        assertEquals(List.of(url), forgotten);
        assertEquals(List.of(), dials);
    }

    /** Readiness (/healthz): each configured route counts until a dial to it brings an INFO, its own included. */
    @Test
    void configuredRoutesCountUntilTheyAnswer()
    {
        final URI self = URI.create("nats://127.0.0.1:6222");
        final URI low = URI.create("nats://127.0.0.1:6223");
        final URI high = URI.create("nats://127.0.0.1:6224");
        cluster = newCluster(settings("", "", List.of(self, low, high)));
        assertEquals(3, cluster.unansweredRoutes(), "before start, when /healthz may already answer");
        cluster.start();
        new Route("127.0.0.1", new RouteOrigin(self, true)).info(info(SELF, "", List.of()));
        assertEquals(2, cluster.unansweredRoutes(), "the route to itself is answered by its own INFO");
        // A peer that dialed us first does not answer our dial to it; the INFO on our dial does (even a duplicate).
        new Route("127.0.0.1", null).accepted(LOW);
        assertEquals(2, cluster.unansweredRoutes());
        new Route("127.0.0.1", new RouteOrigin(low, true)).info(info(LOW, "", List.of()));
        assertEquals(1, cluster.unansweredRoutes());
        cluster.reloadRoutes(List.of(self, low), List.of(), List.of(high));
        assertEquals(0, cluster.unansweredRoutes(), "a route removed by a reload is not waited for");
    }

    @Test
    void mismatchedClusterNameAndBadCredentialsAreRejected()
    {
        final Route other = new Route("10.0.0.2", null);
        other.read();
        other.connect(new RouteConnect(LOW, "OTHER", false, true, null, null));
        assertTrue(other.session.closed);
        assertEquals("-ERR 'Rejecting connection, cluster name \"OTHER\" does not match \"C1\"'\r\n",
            other.channel.take());

        cluster = newCluster(settings("ru", "rp", List.of()));
        final Route bad = new Route("10.0.0.3", null);
        bad.read();
        bad.connect(new RouteConnect(HIGH, "C1", false, true, "ru", "wrong"));
        assertTrue(bad.session.closed);
        assertEquals("Authentication Failure", bad.session.closeReason);
        assertEquals("-ERR 'Authorization Violation'\r\n", bad.channel.take());
        new Route("10.0.0.4", null).connect(new RouteConnect(LOW, "C1", false, true, "ru", "rp"))
            .info(info(LOW, "", List.of()));
        assertEquals(1, cluster.routeCount());
    }

    @Test
    void localSubscriptionsAreAnnouncedOnceAndQueueWeightsOnEveryChange()
    {
        final Route r = new Route("10.0.0.2", null).accepted(LOW);
        r.read();
        final Client a = new Client();
        final Client b = new Client();
        a.sub("foo", "", "1");
        b.sub("foo", "", "1");
        assertEquals("RS+ $G foo\r\n", r.read());
        a.sub("work", "g", "2");
        b.sub("work", "g", "2");
        assertEquals("RS+ $G work g 1\r\nRS+ $G work g 2\r\n", r.read());
        a.unsub("2");
        assertEquals("RS+ $G work g 1\r\n", r.read());
        b.unsub("2");
        assertEquals("RS- $G work g\r\n", r.read());
        a.unsub("1");
        assertEquals("", r.read());
        b.unsub("1");
        assertEquals("RS- $G foo\r\n", r.read());
    }

    @Test
    void accountsTravelNamedOnRoutesAndStayApart()
    {
        engine.configureAccounts(List.of(new AccountOptions("A", List.of(), List.of()),
            new AccountOptions("B", List.of(), List.of())));
        final Route r = new Route("10.0.0.2", null);
        r.accepted(LOW);
        r.read();
        final Client a = new Client("A");
        final Client b = new Client("B");
        a.sub("foo", "", "1");
        assertEquals("RS+ A foo\r\n", r.read());
        // The peer's interest in B's foo does not pull A's messages on foo.
        r.rsPlus("B", "foo", "", 0);
        a.pub("foo", "", "x");
        assertEquals("", r.read());
        assertEquals("MSG foo 1 1\r\nx\r\n", a.read());
        b.pub("foo", "", "y");
        assertEquals("RMSG B foo 1\r\ny\r\n", r.read());
        b.sub("foo", "", "2");
        assertEquals("RS+ B foo\r\n", r.read());
        // A routed message of B reaches B's subscribers only; one of an account this server lacks, nobody.
        r.rmsg("B", "foo", "z");
        assertEquals("", a.read());
        assertEquals("MSG foo 2 1\r\nz\r\n", b.read());
        r.rmsg("Z", "foo", "w");
        r.rmsg("$G", "foo", "w");
        assertEquals("", a.read());
        assertEquals("", b.read());
        // A new route learns every account's interest, each named.
        final Route r2 = new Route("10.0.0.3", null);
        r2.read();
        r2.accepted(HIGH);
        assertEquals(Set.of("RS+ A foo", "RS+ B foo"), Set.of(r2.read().split("\r\n")));
    }

    @Test
    void importsAnnounceInterestInTheExportersAccount()
    {
        engine.configureAccounts(List.of(
            new AccountOptions("A", List.of(new AccountOptions.ExportOptions("news.>", false, List.of()),
                new AccountOptions.ExportOptions("svc", true, List.of())), List.of()),
            new AccountOptions("B", List.of(), List.of(
                new AccountOptions.ImportOptions("A", "news.>", "from_a.news.>", false),
                new AccountOptions.ImportOptions("A", "svc", "ask", true)))));
        final Route r = new Route("10.0.0.2", null);
        r.accepted(LOW);
        r.read();
        final Client b = new Client("B");
        // The stream import's shadow is interest of A on A's subject: A's publishers anywhere feed it.
        b.sub("from_a.news.x", "", "1");
        assertEquals(Set.of("RS+ B from_a.news.x", "RS+ A news.x"), Set.of(r.read().split("\r\n")));
        // A request through the service import: A gets the reply wildcard's interest once, then the request if
        // the route is interested in A's svc.
        r.rsPlus("A", "svc", "", 0);
        b.pub("ask", "_INBOX.1", "q");
        final String out = r.read();
        assertTrue(out.matches("RS\\+ A _R_\\.[0-9A-Za-z]{6}\\.>\r\nHMSG A svc _R_\\.[0-9A-Za-z]{6}\\.[0-9A-Za-z]{6} "
            + "\\d+ \\d+\r\nNATS/1\\.0\r\nNats-Request-Info: .*\r\n\r\nq\r\n"), out);
        b.pub("ask", "_INBOX.2", "q");
        assertTrue(r.read().startsWith("HMSG A svc _R_."), "the wildcard is announced once");
        b.unsub("1");
        assertEquals(Set.of("RS- B from_a.news.x", "RS- A news.x"), Set.of(r.read().split("\r\n")));
    }

    @Test
    void newRouteLearnsAllLocalInterest()
    {
        final Client a = new Client();
        a.sub("foo", "", "1");
        a.sub("work", "g", "2");
        a.sub("work", "g", "3");
        final Route r = new Route("10.0.0.2", null);
        r.read();
        r.accepted(LOW);
        final String sent = r.read();
        assertEquals(Set.of("RS+ $G foo", "RS+ $G work g 2"), Set.of(sent.split("\r\n")), sent);
        assertEquals("RS+ $G foo\r\nRS+ $G work g 2\r\n".length(), sent.length());
    }

    @Test
    void remoteInterestForwardsLocalMessagesAsRmsg()
    {
        final Route r = new Route("10.0.0.2", null);
        // Before registration an RS+ is ignored.
        r.rsPlus("foo", "", 0);
        assertEquals(0, cluster.remoteInterestCount());
        r.accepted(LOW);
        r.read();
        r.rsPlus("foo", "", 0);
        r.rsPlus("bar.*", "", 0);
        assertEquals(2, cluster.remoteInterestCount());
        assertEquals(List.of("bar.*", "foo"), cluster.routes().get(0).interestKeys().stream().sorted().toList());
        final Client c = new Client();
        c.pub("foo", "", "hi");
        c.pub("foo", "r.1", "yo");
        c.pub("bar.x", "", "z");
        c.pub("baz", "", "no");
        assertEquals("RMSG $G foo 2\r\nhi\r\nRMSG $G foo r.1 2\r\nyo\r\nRMSG $G bar.x 1\r\nz\r\n", r.read());
        assertEquals(3, r.session.outMsgs);
        r.rsMinus("foo", "");
        assertEquals(1, cluster.remoteInterestCount());
        c.pub("foo", "", "hi");
        assertEquals("", r.read());
    }

    @Test
    void aRouteWithPlainAndQueueInterestGetsOneCopyNamingTheQueue()
    {
        final Route r = new Route("10.0.0.2", null).accepted(LOW);
        r.read();
        r.rsPlus("work", "", 0);
        r.rsPlus("work", "g", 1);
        final Client c = new Client();
        c.pub("work", "", "x");
        c.pub("work", "_INBOX.1", "y");
        assertEquals("RMSG $G work | g 1\r\nx\r\nRMSG $G work + _INBOX.1 g 1\r\ny\r\n", r.read());
    }

    @Test
    void queueGroupGoesToOneRouteByWeightAndNeverPastALocalMember()
    {
        final Route light = new Route("10.0.0.2", null).accepted(LOW);
        final Route heavy = new Route("10.0.0.3", null).accepted(HIGH);
        light.read();
        heavy.read();
        light.rsPlus("work", "g", 1);
        heavy.rsPlus("work", "g", 999);
        final Client c = new Client();
        for (int i = 0; i < 500; i++)
        {
            c.pub("work", "", "m");
        }
        final String frame = "RMSG $G work | g 1\r\nm\r\n";
        final int toLight = count(light.read(), frame);
        final int toHeavy = count(heavy.read(), frame);
        assertEquals(500, toLight + toHeavy);
        assertTrue(toLight < 25 && toHeavy > 475, toLight + " / " + toHeavy);

        final Client member = new Client();
        member.sub("work", "g", "1");
        assertEquals("RS+ $G work g 1\r\n", light.read());
        assertEquals("RS+ $G work g 1\r\n", heavy.read());
        c.pub("work", "", "m");
        assertEquals("MSG work 1 1\r\nm\r\n", member.read());
        assertEquals("", light.read());
        assertEquals("", heavy.read());
    }

    @Test
    void closedRouteTakesItsInterestAndIsRedialedWhenConfigured()
    {
        final URI url = URI.create("nats-route://10.0.0.2:6222");
        final Route r = new Route("10.0.0.2", new RouteOrigin(url, true));
        r.info(info(LOW, "", List.of()));
        r.read();
        r.rsPlus("foo", "", 0);
        r.rsPlus("work", "g", 3);
        assertEquals(2, cluster.remoteInterestCount());
        engine.onEvent(event(EventType.CLOSED, r.session, ""));
        assertEquals(0, cluster.remoteInterestCount());
        assertEquals(0, cluster.routeCount());
        assertEquals(1, dials.size());
        final Dial d = dials.get(0);
        assertEquals(url, d.url());
        assertTrue(d.explicit());
        assertTrue(d.delayMs() >= ClusterSettings.ROUTE_RECONNECT_MS
            && d.delayMs() < ClusterSettings.ROUTE_RECONNECT_MS + 100, String.valueOf(d.delayMs()));
        // Nothing is forwarded for the interest that went with it.
        final Route other = new Route("10.0.0.3", null).accepted(HIGH);
        other.read();
        new Client().pub("foo", "", "x");
        assertEquals("", other.read());
    }

    @Test
    void newRouteIsGossipedToTheOthersWhichDialGossipedPeers()
    {
        final URI configured = URI.create("nats-route://10.0.0.9:6222");
        cluster = newCluster(settings("", "", List.of(configured)));
        final Route first = new Route("10.0.0.2", null).accepted(LOW);
        first.read();
        final Route second = new Route("10.0.0.3", null).accepted(HIGH);
        assertEquals("INFO {\"server_id\":\"" + HIGH + "\",\"server_name\":\"n-Z\",\"version\":\"2.9.10\","
            + "\"proto\":2,\"host\":\"0.0.0.0\",\"port\":6222,\"headers\":true,\"max_payload\":0,"
            + "\"ip\":\"nats-route://10.0.0.3:6222/\",\"cluster\":\"C1\"}\r\n", first.read());
        assertEquals(OUR_INFO, second.read());

        // A later INFO naming another server is gossip: dial it, unless it is a configured route or known.
        final String other = "NOTHER000000000000000000000000";
        first.info(info(other, "nats-route://10.0.0.7:6222/", List.of()));
        first.info(info(other, "nats-route://10.0.0.9:6222/", List.of()));
        first.info(info(HIGH, "nats-route://10.0.0.3:6222/", List.of()));
        assertEquals(List.of(new Dial(URI.create("nats-route://10.0.0.7:6222/"), false, 0)), dials);
    }

    @Test
    void routesArePingedAfterASecondThenEveryIntervalAndClosedWhenStale()
    {
        // The engine's tick runs every 100 ms; its first sets the cluster's clock.
        engine.onTimer(T0);
        final Route r = new Route("10.0.0.2", null).accepted(LOW);
        r.read();
        engine.onTimer(T0 + 900_000_000L);
        assertEquals("", r.channel.take());
        engine.onTimer(T0 + ClusterSettings.FIRST_ROUTE_PING_NS);
        assertEquals("PING\r\n", r.channel.take());
        engine.onTimer(T0 + ClusterSettings.FIRST_ROUTE_PING_NS + PING_INTERVAL_NS);
        assertEquals("PING\r\n", r.channel.take());
        // ping_max (2) unanswered: the third closes the route.
        engine.onTimer(T0 + ClusterSettings.FIRST_ROUTE_PING_NS + 2 * PING_INTERVAL_NS);
        assertEquals("-ERR 'Stale Connection'\r\n", r.channel.take());
        assertTrue(r.session.closed);
        assertEquals("Stale Connection", r.session.closeReason);
        assertEquals(0, cluster.routeCount());
    }

    @Test
    void lameDuckTellsEveryRoute()
    {
        final Route r = new Route("10.0.0.2", null).accepted(LOW);
        r.read();
        cluster.enterLameDuck();
        assertEquals(OUR_INFO.substring(0, OUR_INFO.length() - 4) + ",\"ldm\":true} \r\n", r.read());
    }

    private static int count(final String text, final String frame)
    {
        int n = 0;
        for (int i = text.indexOf(frame); i >= 0; i = text.indexOf(frame, i + frame.length()))
        {
            n++;
        }
        return n;
    }
}
