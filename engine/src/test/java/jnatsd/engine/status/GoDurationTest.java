package jnatsd.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoDurationTest
{
    @Test
    void shouldPrintDurationsAsGoDoes()
    {
        assertEquals("0s", GoDuration.format(0));
        assertEquals("1s", GoDuration.format(1_000_000_000L));
        assertEquals("1.5s", GoDuration.format(1_500_000_000L));
        assertEquals("1.05s", GoDuration.format(1_050_000_000L));
        assertEquals("10s", GoDuration.format(10_000_000_000L));
        assertEquals("2m0s", GoDuration.format(120_000_000_000L));
        assertEquals("1h0m1s", GoDuration.format(3_601_000_000_000L));
        assertEquals("250ms", GoDuration.format(250_000_000L));
        assertEquals("1.5µs", GoDuration.format(1_500L));
        assertEquals("-3s", GoDuration.format(-3_000_000_000L));
    }
}
