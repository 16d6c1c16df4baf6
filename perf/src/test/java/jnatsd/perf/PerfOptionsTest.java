package jnatsd.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PerfOptionsTest
{
    @Test
    void shouldParseSizesUpTo64Kb()
    {
        assertEquals(0, PerfOptions.parseSize("0"));
        assertEquals(64, PerfOptions.parseSize("64B"));
        assertEquals(1024, PerfOptions.parseSize("1k"));
        assertEquals(65536, PerfOptions.parseSize("64KB"));
        assertThrows(IllegalArgumentException.class, () -> PerfOptions.parseSize("65537"));
    }

    @Test
    void shouldParseTimes()
    {
        assertEquals(2_000_000_000L, PerfOptions.parseTimeNs("--duration", "2"));
        assertEquals(500_000_000L, PerfOptions.parseTimeNs("--duration", "500ms"));
        assertEquals(60_000_000_000L, PerfOptions.parseTimeNs("--duration", "1m"));
    }

    @Test
    void shouldApplyScenarioDefaultsAndRejectWrongTopologies()
    {
        final PerfOptions fanIn = PerfOptions.parse("fan-in", "--size", "4");
        assertEquals(4, fanIn.publishers());
        assertEquals(1, fanIn.subscribers());
        assertFalse(fanIn.measuresLatency(), "4 B cannot carry the 8-byte timestamp");
        assertTrue(PerfOptions.parse("request-reply", "--size", "0").measuresLatency(), "RTT needs no timestamp");
        assertThrows(IllegalArgumentException.class, () -> PerfOptions.parse("one-to-one", "--subscribers", "2"));
        assertThrows(IllegalArgumentException.class, () -> PerfOptions.parse("cross-node"));
        assertEquals("fan-out-64B-r500-p1s4", PerfOptions.parse("fan-out", "--rate", "500").fileStem());
    }
}
