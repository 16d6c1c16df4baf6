package jnatsd.config.conf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfParserTest
{
    @TempDir
    Path dir;

    private static Map<String, ConfValue> parse(final String text)
    {
        return parse(text, Map.of());
    }

    private static Map<String, ConfValue> parse(final String text, final Map<String, String> env)
    {
        return ConfParser.parseString(text, "test.conf", Path.of("."), env);
    }

    private static Object value(final String text, final String key)
    {
        return parse(text).get(key).value();
    }

    private static ConfException error(final String text)
    {
        return assertThrows(ConfException.class, () -> parse(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ConfValue> map(final ConfValue v)
    {
        return (Map<String, ConfValue>)v.value();
    }

    @SuppressWarnings("unchecked")
    private static List<ConfValue> list(final ConfValue v)
    {
        return (List<ConfValue>)v.value();
    }

    @Test
    void shouldAcceptAllThreeSeparatorsAndTerminators()
    {
        final Map<String, ConfValue> m = parse("a: 1\nb = 2\nc 3\nd: 4; e: 5, f: 6\n");
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(m.keySet()));
        assertEquals(6L, m.get("f").value());
    }

    @Test
    void shouldParseNestedMapsWithAndWithoutSeparator()
    {
        final Map<String, ConfValue> m = parse("cluster {\n  port: 7244\n  auth = { user: a; pass: b }\n}\n");
        final Map<String, ConfValue> cluster = map(m.get("cluster"));
        assertEquals(7244L, cluster.get("port").value());
        assertEquals("b", map(cluster.get("auth")).get("pass").value());
        assertEquals(1, m.get("cluster").line());
    }

    @Test
    void shouldParseArraysOverLinesAndWithCommasAndComments()
    {
        final Map<String, ConfValue> m = parse("""
            routes = [
              nats-route://192.168.59.103:7246   # first
              nats-route://192.168.59.103:7248 // second
            ]
            tags: ["a", 'b', c]
            """);
        final List<ConfValue> routes = list(m.get("routes"));
        assertEquals("nats-route://192.168.59.103:7246", routes.get(0).value());
        assertEquals("nats-route://192.168.59.103:7248", routes.get(1).value());
        assertEquals(3, routes.get(1).line());
        assertEquals(List.of("a", "b", "c"), list(m.get("tags")).stream().map(ConfValue::value).toList());
    }

    @Test
    void shouldSkipHashAndSlashComments()
    {
        final Map<String, ConfValue> m = parse("# c1\n// c2\nport: 1 # trailing\nhost: x // trailing\n");
        assertEquals(1L, m.get("port").value());
        assertEquals("x", m.get("host").value());
    }

    @Test
    void shouldParseQuotedAndUnquotedStrings()
    {
        final Map<String, ConfValue> m = parse(
            "a: 'raw \\n'\nb: \"esc\\t\\\"q\\\" \\x41\"\nc: plain\nlisten: 127.0.0.1:4222\n\"quoted key\": 1\n");
        assertEquals("raw \\n", m.get("a").value());
        assertEquals("esc\t\"q\" A", m.get("b").value());
        assertEquals("plain", m.get("c").value());
        assertEquals("127.0.0.1:4222", m.get("listen").value());
        assertEquals(1L, m.get("quoted key").value());
    }

    @ParameterizedTest
    @CsvSource({
        "1k,1000", "1K,1000", "2m,2000000", "1g,1000000000", "1kb,1024", "1KB,1024", "1ki,1024", "1kib,1024",
        "1mb,1048576", "1MiB,1048576", "1mi,1048576", "1gb,1073741824", "1t,1000000000000", "1tb,1099511627776",
        "-5,-5", "42,42"})
    void shouldApplySizeSuffixes(final String text, final long expected)
    {
        assertEquals(expected, value("v: " + text + "\n", "v"));
    }

    @Test
    void shouldParseFloatsBooleansAndDatetimes()
    {
        final Map<String, ConfValue> m = parse("f: 1.5\nt1: true\nt2: yes\nt3: ON\nf1: false\nf2: no\nf3: off\n"
            + "d: 2023-01-02T03:04:05Z\n");
        assertEquals(1.5, m.get("f").value());
        for (final String k : List.of("t1", "t2", "t3"))
        {
            assertEquals(Boolean.TRUE, m.get(k).value(), k);
        }
        for (final String k : List.of("f1", "f2", "f3"))
        {
            assertEquals(Boolean.FALSE, m.get(k).value(), k);
        }
        assertEquals(Instant.parse("2023-01-02T03:04:05Z"), m.get("d").value());
    }

    @Test
    void shouldKeepDurationWordsAsStrings()
    {
        assertEquals("2s", value("v: 2s\n", "v"));
        assertEquals("1m30s", value("v: \"1m30s\"\n", "v"));
    }

    @Test
    void shouldResolveVariablesInScopeThenParentsThenEnvironment()
    {
        final Map<String, ConfValue> m = parse("""
            TOP: 10
            a: $TOP
            block {
              INNER: "in"
              x: $INNER
              y: $TOP
              z: $FROM_ENV
            }
            """, Map.of("FROM_ENV", "5mb"));
        assertEquals(10L, m.get("a").value());
        assertEquals(2, m.get("a").line());
        assertTrue(m.get("TOP").usedAsVariable());
        final Map<String, ConfValue> block = map(m.get("block"));
        assertEquals("in", block.get("x").value());
        assertEquals(10L, block.get("y").value());
        assertEquals(5L * 1024 * 1024, block.get("z").value(), "env values are parsed as config values");
    }

    @Test
    void shouldPreferTheInnerScope()
    {
        final Map<String, ConfValue> m = parse("V: outer\nb { V: inner, x: $V }\nc { x: $V }\n");
        assertEquals("inner", map(m.get("b")).get("x").value());
        assertEquals("outer", map(m.get("c")).get("x").value());
    }

    @Test
    void shouldReportUndefinedVariableWithLine()
    {
        final ConfException ex = error("port: 1\n\nmax_payload: $NOPE\n");
        assertEquals("variable reference for 'NOPE' on line 3 can not be found (key \"max_payload\")", ex.reason());
        assertEquals(3, ex.line());
        assertTrue(ex.getMessage().startsWith("test.conf:3:"));
    }

    @Test
    void shouldNotTreatBcryptAsVariable()
    {
        final String hash = "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG";
        assertEquals(hash, value("password: " + hash + "\n", "password"));
    }

    @Test
    void shouldIncludeRelativeToTheIncludingFile() throws Exception
    {
        final Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.writeString(sub.resolve("inner.conf"), "max_payload: 2kb\nVAR: 7\n");
        Files.writeString(sub.resolve("main.conf"), "port: 1\ninclude ./inner.conf\nb { include 'inner.conf' }\n"
            + "v: $VAR\n");
        final Map<String, ConfValue> m = ConfParser.parseFile(sub.resolve("main.conf"), Map.of());
        assertEquals(2048L, m.get("max_payload").value());
        assertTrue(m.get("max_payload").file().endsWith("inner.conf"));
        assertEquals(1, m.get("max_payload").line());
        assertEquals(7L, m.get("v").value());
        assertEquals(2048L, map(m.get("b")).get("max_payload").value());
    }

    @Test
    void shouldReportMissingIncludeAndErrorsInsideIncludes() throws Exception
    {
        Files.writeString(dir.resolve("bad.conf"), "a: 1\nb: [1,\n");
        Files.writeString(dir.resolve("main.conf"), "port: 1\ninclude bad.conf\n");
        Files.writeString(dir.resolve("missing.conf"), "include ./nope.conf\n");
        final ConfException bad = assertThrows(ConfException.class,
            () -> ConfParser.parseFile(dir.resolve("main.conf"), Map.of()));
        assertEquals(2, bad.line());
        assertTrue(bad.reason().contains("error parsing include file 'bad.conf'"), bad.getMessage());
        assertTrue(bad.reason().contains("bad.conf:3:"), bad.getMessage());
        final ConfException missing = assertThrows(ConfException.class,
            () -> ConfParser.parseFile(dir.resolve("missing.conf"), Map.of()));
        assertTrue(missing.getMessage().contains("nope.conf"), missing.getMessage());
    }

    @Test
    void shouldStopIncludeCycles() throws Exception
    {
        Files.writeString(dir.resolve("loop.conf"), "include loop.conf\n");
        final ConfException ex = assertThrows(ConfException.class,
            () -> ConfParser.parseFile(dir.resolve("loop.conf"), Map.of()));
        assertTrue(ex.getMessage().contains("include depth"), ex.getMessage());
    }

    @Test
    void shouldParsePlainJson()
    {
        final Map<String, ConfValue> m = parse("""
            {
              "port": 4333,
              "debug": true,
              "cluster": {"port": 6222, "routes": ["nats://a:6222", "nats://b:6222"]},
              "ping_interval": "30s"
            }
            """);
        assertEquals(4333L, m.get("port").value());
        assertEquals(Boolean.TRUE, m.get("debug").value());
        assertEquals(2, list(map(m.get("cluster")).get("routes")).size());
        assertEquals("30s", m.get("ping_interval").value());
    }

    @Test
    void shouldParseBlocks()
    {
        assertEquals("line1\nline2", value("text (\nline1\nline2\n)\n", "text").toString().strip());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cluster {\\n port: 1\\n|3|Unexpected EOF processing map.",
        "a: [1,\\n|2|Unexpected EOF processing array.",
        "a: 1 2\\n|1|Expected a top-level value to end with a new line",
        "a: \\n|1|Expected value but found new line",
        "a: \"open\\n|2|Unexpected EOF.",
        "a: 'open|1|Unexpected EOF.",
        "a: \"bad \\q\"\\n|1|Invalid escape character 'q'",
        "a: .5\\n|1|Floats must start with a digit",
        "a: 1.x\\n|1|Floats must have a digit after the '.'",
        "a: [ , 1]\\n|1|Unexpected array value terminator ','.",
        "m { a: 1 x }\\n|1|Expected a map value terminator",
        "m { : 1 }\\n|1|Unexpected key separator ':'.",
        "a: 99999999999999999999\\n|1|out of the range",
        "a: 202-01-01\\n|1|All ISO8601 dates must be in full Zulu form.",
        "a: (\\nunterminated\\n|3|Unexpected EOF processing block.",
        "include [x]\\n|1|Expected include value but found start of an array",
        "a: [1, 2]\\nb: 1\\n|2|Expected an array value terminator"})
    void shouldReportSyntaxErrorsWithLine(final String text, final int line, final String reason)
    {
        final ConfException ex = error(text.replace("\\n", "\n"));
        assertEquals(line, ex.line(), ex.getMessage());
        assertTrue(ex.reason().contains(reason), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("test.conf:" + line + ":"), ex.getMessage());
    }

    @Test
    void shouldNameTheInnermostKeyInSyntaxErrors()
    {
        final ConfException ex = error("port: 1\ncluster {\n  routes: [\n    \"open\n");
        assertTrue(ex.reason().endsWith("(key \"routes\")"), ex.getMessage());
        assertTrue(error("cluster {\n port: 1\n").reason().endsWith("(key \"cluster\")"));
        assertTrue(error("a: $MISSING\n").reason().endsWith("(key \"a\")"));
    }

    @Test
    void shouldRememberFileLineAndColumnOfEveryValue()
    {
        final Map<String, ConfValue> m = parse("a: 1\n  nested {\n    deep: 'x'\n  }\n");
        final ConfValue deep = map(m.get("nested")).get("deep");
        assertEquals("test.conf", deep.file());
        assertEquals(3, deep.line());
        assertEquals(5, deep.column());
        assertEquals(2, m.get("nested").line());
        assertEquals(3, m.get("nested").column());
    }

    @Test
    void shouldKeepUnusedVariablesUnmarked()
    {
        final ConfValue v = parse("UNUSED: 1\n").get("UNUSED");
        assertFalse(v.usedAsVariable());
        assertInstanceOf(Long.class, v.value());
    }
}
