package jnatsd.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest
{
    @ParameterizedTest
    @CsvSource({
        "2s,2000000000", "1m30s,90000000000", "300ms,300000000", "1.5h,5400000000000", "-1s,-1000000000",
        "0,0", "10us,10000", "5ns,5", "1h2m3s4ms,3723004000000", "2µs,2000"})
    void shouldParseGoDurations(final String text, final long ns)
    {
        assertEquals(ns, Durations.parseNs(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "1", "1x", "s", "1..5s", "-"})
    void shouldRejectBadDurationsWithGoMessages(final String text)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> Durations.parseNs(text));
        assertTrue(ex.getMessage().startsWith("time: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("\"" + text + "\""), ex.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"30000000000,30s", "120000000000,2m0s", "3600000000000,1h0m0s"})
    void shouldFormatLikeGo(final long ns, final String text)
    {
        assertEquals(text, Durations.format(ns));
    }
}
