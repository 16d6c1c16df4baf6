package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoJsonTest
{
    @Test
    void shouldIndentAsGoMarshalIndent()
    {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("server_id", "N1");
        doc.put("now", Instant.parse("2026-01-02T03:04:05.5Z"));
        doc.put("list", List.of("foo.>", "a&b"));
        doc.put("empty_list", List.of());
        doc.put("empty_map", Map.of());
        doc.put("rate", 0.0);
        doc.put("nested", Map.of("n", 1));
        final String expected = """
            {
              "server_id": "N1",
              "now": "2026-01-02T03:04:05.5Z",
              "list": [
                "foo.\\u003e",
                "a\\u0026b"
              ],
              "empty_list": [],
              "empty_map": {},
              "rate": 0,
              "nested": {
                "n": 1
              }
            }""";
        assertEquals(expected, new String(GoJson.indented(doc), StandardCharsets.UTF_8));
    }

    @Test
    void shouldOmitEmptyOptionalFieldsOfRecords()
    {
        final Connz.SubDetail plain = new Connz.SubDetail(null, "s", null, "1", 0, 0, 7);
        assertEquals("{\"subject\":\"s\",\"sid\":\"1\",\"msgs\":0,\"cid\":7}",
            new String(GoJson.compact(plain), StandardCharsets.UTF_8));
        final Connz.SubDetail full = new Connz.SubDetail("$G", "s", "q", "1", 2, 5, 7);
        assertEquals(
            "{\"account\":\"$G\",\"subject\":\"s\",\"qgroup\":\"q\",\"sid\":\"1\",\"msgs\":2,\"max\":5,\"cid\":7}",
            new String(GoJson.compact(full), StandardCharsets.UTF_8));
    }
}
