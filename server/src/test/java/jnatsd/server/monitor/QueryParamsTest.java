package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QueryParamsTest
{
    @Test
    void shouldDecodeBooleansAsGoParseBool() throws Exception
    {
        final QueryParams q = QueryParams.parse("a=1&b=True&c=f&d=&e=yes");
        assertTrue(q.bool("a"));
        assertTrue(q.bool("b"));
        assertFalse(q.bool("c"));
        assertFalse(q.bool("d"));
        assertFalse(q.bool("absent"));
        assertEquals("Error decoding boolean for 'e': strconv.ParseBool: parsing \"yes\": invalid syntax",
            assertThrows(BadRequestException.class, () -> q.bool("e")).getMessage());
    }

    @Test
    void shouldReportNumbersWithNatsTexts()
    {
        final QueryParams q = QueryParams.parse("limit=x&cid=-1&offset=99999999999999999999");
        assertEquals("Error decoding int for 'limit': strconv.Atoi: parsing \"x\": invalid syntax",
            assertThrows(BadRequestException.class, () -> q.integer("limit")).getMessage());
        assertEquals("Error decoding uint64 for 'cid': strconv.ParseUint: parsing \"-1\": invalid syntax",
            assertThrows(BadRequestException.class, () -> q.uint64("cid")).getMessage());
        assertEquals("Error decoding int for 'offset': strconv.Atoi: parsing \"99999999999999999999\": "
            + "value out of range", assertThrows(BadRequestException.class, () -> q.integer("offset")).getMessage());
    }

    @Test
    void shouldKeepTheFirstValueAndUrlDecode() throws Exception
    {
        final QueryParams q = QueryParams.parse("acc=%24G&acc=other&test=a+b&state=CLOSED");
        assertEquals("$G", q.get("acc"));
        assertEquals("a b", q.get("test"));
        assertEquals(QueryParams.ConnState.CLOSED, q.state());
        assertEquals("Error decoding state for bogus",
            assertThrows(BadRequestException.class, () -> QueryParams.parse("state=bogus").state()).getMessage());
    }
}
