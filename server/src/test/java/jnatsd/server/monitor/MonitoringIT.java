package jnatsd.server.monitor;

import static jnatsd.server.monitor.MonitorTestSupport.get;
import static jnatsd.server.monitor.MonitorTestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.FreePort;
import jnatsd.testsupport.RawClient;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every monitoring endpoint and parameter against a real jnatsd process: values after known traffic, filters,
 * sorting and paging, closed connections with reasons, nats' 400 texts, JSONP, and /metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT
{
    private static final int PUBLISHED = 25;
    private static final Pattern DURATION = Pattern.compile("[0-9.]+(ns|µs|ms|s)|([0-9]+h)?([0-9]+m)?[0-9.]+s");

    private ServerProcess server;
    private int http;
    private RawClient holder;
    private RawClient publisher;
    private long holderCid;
    private long publisherCid;

    @BeforeAll
    void start() throws Exception
    {
        http = FreePort.next();
        server = ServerProcess.jnatsd("", "-m", Integer.toString(http));
        holder = RawClient.named(server.port(), "holder");
        holder.send("SUB foo.> 1\r\nSUB work q 2\r\nSUB bar 3\r\n").sync();
        publisher = RawClient.named(server.port(), "pub");
        for (int i = 0; i < PUBLISHED; i++)
        {
            publisher.send("PUB foo.x 5\r\nhello\r\n");
        }
        publisher.sync();
        holder.sync();
        try (RawClient closer = RawClient.named(server.port(), "closer"))
        {
            closer.send("SUB zz 9\r\n").sync();
        }
        awaitClosed("closer");
        for (final JsonNode c : json(http, "/connz").get("connections"))
        {
            if ("holder".equals(c.path("name").asText()))
            {
                holderCid = c.get("cid").asLong();
            }
            if ("pub".equals(c.path("name").asText()))
            {
                publisherCid = c.get("cid").asLong();
            }
        }
        assertTrue(holderCid > 0 && publisherCid > 0, "both clients listed");
    }

    @AfterAll
    void stop() throws Exception
    {
        holder.close();
        publisher.close();
        server.close();
    }

    private void awaitClosed(final String name) throws Exception
    {
        for (int i = 0; i < 200; i++)
        {
            for (final JsonNode c : json(http, "/connz?state=closed").get("connections"))
            {
                if (name.equals(c.path("name").asText()))
                {
                    return;
                }
            }
            MonitorTestSupport.sleep(25);
        }
        throw new AssertionError(name + " never showed up as closed");
    }

    @Test
    void varzShouldCountTrafficAndDescribeTheServer() throws Exception
    {
        final JsonNode v = json(http, "/varz");
        assertTrue(v.get("in_msgs").asLong() >= PUBLISHED, v.toString());
        assertTrue(v.get("out_msgs").asLong() >= PUBLISHED);
        assertTrue(v.get("in_bytes").asLong() >= PUBLISHED * 5L);
        assertTrue(v.get("connections").asInt() >= 2);
        assertTrue(v.get("total_connections").asInt() >= 3);
        assertTrue(v.get("subscriptions").asInt() >= 3);
        assertEquals(server.port(), v.get("port").asInt());
        assertEquals(http, v.get("http_port").asInt());
        assertEquals("2.9.10", v.get("version").asText());
        assertEquals(120_000_000_000L, v.get("ping_interval").asLong(), "nanoseconds, as Go's time.Duration");
        assertEquals(10_000_000_000L, v.get("write_deadline").asLong());
        assertEquals(2, v.get("auth_timeout").asInt(), "seconds");
        assertEquals(1_048_576, v.get("max_payload").asInt());
        assertTrue(v.get("mem").asLong() > 0);
        assertTrue(v.get("cluster").isObject() && v.get("cluster").isEmpty());
        assertTrue(v.get("uptime").asText().matches("[0-9ydhms]+"));
        assertTrue(v.get("start").asText().endsWith("Z"));
        assertEquals(0, v.get("routes").asInt());
        assertTrue(v.get("http_req_stats").get("/varz").asLong() >= 1);
    }

    @Test
    void connzShouldListOpenConnectionsWithSubscriptions() throws Exception
    {
        final JsonNode c = json(http, "/connz?subs=1");
        assertEquals(1024, c.get("limit").asInt());
        assertEquals(0, c.get("offset").asInt());
        final JsonNode h = find(c, holderCid);
        assertEquals(List.of("bar", "foo.>", "work"), sorted(h.get("subscriptions_list")));
        assertEquals(3, h.get("subscriptions").asInt());
        assertEquals("Client", h.get("kind").asText());
        assertEquals("nats", h.get("type").asText());
        assertEquals("raw", h.get("lang").asText());
        assertEquals(PUBLISHED, h.get("out_msgs").asInt());
        assertTrue(DURATION.matcher(h.get("rtt").asText()).matches(), h.get("rtt").asText());
        assertEquals(PUBLISHED, find(c, publisherCid).get("in_msgs").asInt());
        assertFalse(find(c, publisherCid).has("subscriptions_list"), "no list for a client without subscriptions");

        final JsonNode d = find(json(http, "/connz?subs=detail"), holderCid);
        final Map<String, JsonNode> bySubject = new HashMap<>();
        d.get("subscriptions_list_detail").forEach(s -> bySubject.put(s.get("subject").asText(), s));
        assertEquals(PUBLISHED, bySubject.get("foo.>").get("msgs").asInt());
        assertEquals("q", bySubject.get("work").get("qgroup").asText());
        assertEquals("1", bySubject.get("foo.>").get("sid").asText());
        assertEquals(holderCid, bySubject.get("bar").get("cid").asLong());
        assertFalse(bySubject.get("bar").has("qgroup"));
    }

    @Test
    void connzShouldKeepClosedConnectionsWithTheirReason() throws Exception
    {
        final JsonNode closed = json(http, "/connz?state=closed&subs=1");
        final JsonNode c = byName(closed, "closer");
        assertEquals("Client Closed", c.get("reason").asText());
        assertTrue(c.get("stop").asText().endsWith("Z"));
        assertEquals(1, c.get("subscriptions").asInt());
        assertEquals("[\"zz\"]", c.get("subscriptions_list").toString());
        assertEquals(null, byName(json(http, "/connz"), "closer"), "not among the open ones");
        final JsonNode all = json(http, "/connz?state=all");
        assertNotNull(byName(all, "closer"));
        assertNotNull(byName(all, "holder"));
        assertEquals(all.get("num_connections").asInt(), all.get("total").asInt());
        assertNotNull(byName(json(http, "/connz?state=any"), "closer"));
        assertEquals("Client Closed", json(http, "/connz?state=closed&sort=stop").get("connections").get(0)
            .get("reason").asText());
        assertEquals(200, get(http, "/connz?state=closed&sort=reason").statusCode());
    }

    @Test
    void connzShouldSortLimitOffsetAndFilterByCid() throws Exception
    {
        final JsonNode byIn = json(http, "/connz?sort=msgs_from");
        assertEquals(publisherCid, byIn.get("connections").get(0).get("cid").asLong(), "most messages in first");
        final JsonNode byOut = json(http, "/connz?sort=msgs_to&limit=1");
        assertEquals(holderCid, byOut.get("connections").get(0).get("cid").asLong(), "most messages out first");
        assertEquals(1, byOut.get("num_connections").asInt());
        assertEquals(1, byOut.get("limit").asInt());
        assertTrue(byOut.get("total").asInt() >= 2, "total counts before paging");
        assertEquals(holderCid, json(http, "/connz?sort=subs").get("connections").get(0).get("cid").asLong());

        final JsonNode all = json(http, "/connz?sort=cid");
        final JsonNode second = json(http, "/connz?sort=cid&limit=1&offset=1");
        assertEquals(all.get("connections").get(1).get("cid"), second.get("connections").get(0).get("cid"));
        assertEquals(1, second.get("offset").asInt());
        final JsonNode past = json(http, "/connz?offset=1000");
        assertEquals(0, past.get("num_connections").asInt());
        assertEquals(0, past.get("connections").size());

        final JsonNode one = json(http, "/connz?cid=" + publisherCid);
        assertEquals(1, one.get("num_connections").asInt());
        assertEquals(1, one.get("limit").asInt());
        assertEquals("pub", one.get("connections").get(0).get("name").asText());
        assertEquals(0, json(http, "/connz?cid=99999").get("num_connections").asInt());
        for (final String sort : List.of("start", "pending", "bytes_to", "bytes_from", "last", "idle", "uptime"))
        {
            assertEquals(200, get(http, "/connz?sort=" + sort).statusCode(), sort);
        }
    }

    @Test
    void badParametersShouldAnswer400WithNatsTexts() throws Exception
    {
        assertBad("/connz?sort=bogus", "invalid sorting option: bogus");
        assertBad("/connz?state=bogus", "Error decoding state for bogus");
        assertBad("/connz?limit=x", "Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax");
        assertBad("/connz?offset=x", "Error decoding int for 'offset': strconv.Atoi: parsing \"x\": invalid syntax");
        assertBad("/connz?cid=x", "Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"x\": invalid syntax");
        assertBad("/connz?subs=x",
            "Error decoding boolean for 'subs': strconv.ParseBool: parsing \"x\": invalid syntax");
        assertBad("/connz?auth=x",
            "Error decoding boolean for 'auth': strconv.ParseBool: parsing \"x\": invalid syntax");
        assertBad("/connz?sort=stop", "sort by stop only valid on closed connections");
        assertBad("/connz?sort=reason&state=all", "sort by reason only valid on closed connections");
        assertBad("/subsz?offset=x", "Error decoding int for 'offset': strconv.Atoi: parsing \"x\": invalid syntax");
        assertBad("/subsz?test=foo.*", "invalid test subject, must be valid publish subject: foo.*");
        assertBad("/routez?subs=x",
            "Error decoding boolean for 'subs': strconv.ParseBool: parsing \"x\": invalid syntax");
        assertBad("/accountz?acc=nope", "Account nope does not exist");
        assertBad("/healthz?js-enabled-only=x",
            "Error decoding boolean for 'js-enabled-only': strconv.ParseBool: parsing \"x\": invalid syntax");
        final HttpResponse<String> missing = get(http, "/nosuch");
        assertEquals(404, missing.statusCode());
        assertEquals("404 page not found\n", missing.body());
    }

    private void assertBad(final String path, final String text) throws Exception
    {
        final HttpResponse<String> r = get(http, path);
        assertEquals(400, r.statusCode(), path);
        assertEquals(text, r.body(), path);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), path);
    }

    @Test
    void jsonpShouldWrapTheDocument() throws Exception
    {
        final HttpResponse<String> r = get(http, "/varz?callback=cb");
        assertEquals(200, r.statusCode());
        assertEquals("application/javascript", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().startsWith("cb({\n  \"server_id\": "), r.body());
        assertTrue(r.body().endsWith("})"));
        MonitorTestSupport.JSON.readTree(r.body().substring(3, r.body().length() - 1));
        final HttpResponse<String> plain = get(http, "/connz");
        assertEquals("application/json", plain.headers().firstValue("Content-Type").orElse(""));
        assertTrue(plain.body().startsWith("{\n  \"server_id\": \""), "two-space indent as nats");
        assertTrue(get(http, "/healthz?callback=h").body().startsWith("h({\"status\":\"ok\"})"));
    }

    @Test
    void subszShouldReportStatisticsAndMatchingSubscriptions() throws Exception
    {
        final JsonNode stats = json(http, "/subsz");
        assertFalse(stats.has("server_id"), "without a list nats answers the bare statistics");
        assertTrue(stats.get("num_subscriptions").asInt() >= 3);
        assertTrue(stats.get("num_matches").asLong() >= PUBLISHED);
        assertTrue(stats.get("num_inserts").asLong() >= 4);
        assertTrue(stats.get("num_removes").asLong() >= 1, "the closed client's subscription");
        assertTrue(stats.get("cache_hit_rate").asDouble() > 0);

        final JsonNode matched = json(http, "/subsz?subs=1&test=foo.x");
        assertEquals(1, matched.get("total").asInt());
        final JsonNode sub = matched.get("subscriptions_list").get(0);
        assertEquals("foo.>", sub.get("subject").asText());
        assertEquals("$G", sub.get("account").asText());
        assertEquals(holderCid, sub.get("cid").asLong());
        assertEquals(PUBLISHED, sub.get("msgs").asInt());

        final JsonNode page = json(http, "/subsz?subs=1&limit=1&offset=1");
        assertEquals(1, page.get("subscriptions_list").size());
        assertEquals(1, page.get("offset").asInt());
        assertEquals(1, page.get("limit").asInt());
        assertEquals(
            json(http, "/subsz?subs=1").get("subscriptions_list").get(1), page.get("subscriptions_list").get(0));
        assertEquals(stats.get("num_subscriptions"), json(http, "/subscriptionsz").get("num_subscriptions"));
        assertFalse(json(http, "/subsz?subs=1&test=nothing.here").has("subscriptions_list"));
    }

    @Test
    void routezAccountzHealthzAndIndexShouldAnswer() throws Exception
    {
        final JsonNode r = json(http, "/routez");
        assertEquals(0, r.get("num_routes").asInt());
        assertTrue(r.get("routes").isArray() && r.get("routes").isEmpty());
        assertNotNull(r.get("server_id"));

        assertEquals("[\"$G\",\"$SYS\"]", json(http, "/accountz").get("accounts").toString());
        final JsonNode g = json(http, "/accountz?acc=$G").get("account_detail");
        assertEquals("$G", g.get("account_name").asText());
        assertTrue(g.get("client_connections").asInt() >= 2);
        assertTrue(g.get("sublist_stats").get("num_subscriptions").asInt() >= 3);

        final HttpResponse<String> health = get(http, "/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("{\"status\":\"ok\"}", health.body());

        final HttpResponse<String> root = get(http, "/");
        assertEquals(200, root.statusCode());
        assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(root.body().contains("varz") && root.body().contains("connz"));
        assertTrue(json(http, "/varz").get("http_req_stats").get("/").asLong() >= 1);
    }

    @Test
    void metricsShouldBePrometheusTextWithTheCounters() throws Exception
    {
        final HttpResponse<String> r = get(http, "/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        final Map<String, Double> samples = parsePrometheus(r.body());
        assertTrue(samples.get("jnatsd_in_msgs_total") >= PUBLISHED, samples.toString());
        assertTrue(samples.get("jnatsd_out_msgs_total") >= PUBLISHED);
        assertTrue(samples.get("jnatsd_connections") >= 2);
        assertTrue(samples.get("jnatsd_subscriptions") >= 3);
        assertTrue(samples.get("jnatsd_outbound_flushes_total") > 0);
        assertTrue(samples.get("jnatsd_outbound_flush_batches_total") > 0);
        assertTrue(samples.get("jnatsd_closed_connections_total{reason=\"Client Closed\"}") >= 1);
        assertTrue(samples.containsKey("jnatsd_ring_occupancy"));
        assertTrue(samples.get("jnatsd_ring_capacity") > 0);
        assertEquals(0, samples.get("jnatsd_slow_consumers_total"));
        assertTrue(samples.get("jnatsd_mem_bytes") > 0);
        assertTrue(samples.get("jnatsd_direct_memory_bytes") > 0);
        // What only this design has: per-thread idle time and the engine's batch latency histogram.
        assertTrue(samples.keySet().stream().anyMatch(k -> k.startsWith("jnatsd_thread_idle_seconds_total{thread=")),
            samples.keySet().toString());
        assertTrue(samples.get("jnatsd_engine_batch_seconds_count") >= 1);
        assertTrue(samples.get("jnatsd_engine_batch_seconds_bucket{le=\"+Inf\"}")
            >= samples.get("jnatsd_engine_batch_seconds_count"));
    }

    /** A strict reader of the text format: HELP/TYPE comments and "name{labels} value" samples only. */
    static Map<String, Double> parsePrometheus(final String text)
    {
        final Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})?) (\\S+)");
        final Pattern meta = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
        final Map<String, Double> out = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            if (line.isEmpty())
            {
                continue;
            }
            if (line.startsWith("#"))
            {
                assertTrue(meta.matcher(line).matches(), line);
                continue;
            }
            final Matcher m = sample.matcher(line);
            assertTrue(m.matches(), "not a sample line: " + line);
            out.put(m.group(1), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    private static JsonNode find(final JsonNode connz, final long cid)
    {
        for (final JsonNode c : connz.get("connections"))
        {
            if (c.get("cid").asLong() == cid)
            {
                return c;
            }
        }
        throw new AssertionError("cid " + cid + " not in " + connz);
    }

    private static JsonNode byName(final JsonNode connz, final String name)
    {
        for (final JsonNode c : connz.get("connections"))
        {
            if (name.equals(c.path("name").asText()))
            {
                return c;
            }
        }
        return null;
    }

    private static List<String> sorted(final JsonNode array)
    {
        final List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        out.sort(null);
        return out;
    }
}
