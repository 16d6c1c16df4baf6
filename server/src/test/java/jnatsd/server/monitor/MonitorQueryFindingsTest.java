package jnatsd.server.monitor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What MonitorQueryFuzzTest found, each with the query that showed it. */
class MonitorQueryFindingsTest
{
    @Test
    void shouldTreatACidAbove2To63AsACidAsGoDoes() throws Exception
    {
        // cid is a uint64 in nats-server: 18446744073709551615 asks for that one connection (limit 1). jnatsd held
        // it in a signed long (-1), saw no cid and listed every connection.
        final Connz.Options o =
            Connz.validate(Connz.options(QueryParams.parse("cid=18446744073709551615&limit=50")));
        assertEquals(-1L, o.cid());
        assertEquals(1, o.limit());
        assertEquals(1, Connz.validate(Connz.options(QueryParams.parse("cid=9223372036854775808"))).limit());
        assertEquals(50, Connz.validate(Connz.options(QueryParams.parse("cid=0&limit=50"))).limit());
    }
}
