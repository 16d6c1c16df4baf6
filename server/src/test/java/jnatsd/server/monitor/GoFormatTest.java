package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoFormatTest
{
    @Test
    void shouldFormatTimesAsGoRfc3339Nano()
    {
        assertEquals("2026-11-27T18:31:38.7088028Z", GoFormat.time(Instant.parse("2026-11-27T18:31:38.708802800Z")));
        assertEquals("2026-11-27T18:31:38Z", GoFormat.time(Instant.parse("2026-11-27T18:31:38Z")));
        assertEquals("2026-11-27T18:31:38.000000001Z", GoFormat.time(Instant.parse("2026-11-27T18:31:38.000000001Z")));
    }

    @Test
    void shouldFormatDurationsAsGo()
    {
        assertEquals("0s", GoFormat.duration(0));
        assertEquals("999ns", GoFormat.duration(999));
        assertEquals("1.5µs", GoFormat.duration(1_500));
        assertEquals("432µs", GoFormat.duration(432_000));
        assertEquals("1.234567ms", GoFormat.duration(1_234_567));
        assertEquals("2s", GoFormat.duration(2_000_000_000L));
        assertEquals("1m3.5s", GoFormat.duration(63_500_000_000L));
        assertEquals("2h0m0s", GoFormat.duration(7_200_000_000_000L));
    }

    @Test
    void shouldTruncateRttToMicrosecondsBelowOneMillisecond()
    {
        assertEquals("432µs", GoFormat.rtt(432_123));
        assertEquals("1.234567ms", GoFormat.rtt(1_234_567));
        assertEquals("0s", GoFormat.rtt(0));
    }

    @Test
    void shouldFormatUptimeAsNats()
    {
        assertEquals("0s", GoFormat.uptime(999_999_999L));
        assertEquals("5m3s", GoFormat.uptime(303_000_000_000L));
        assertEquals("2h0m1s", GoFormat.uptime(7_201_000_000_000L));
        assertEquals("3d4h0m0s", GoFormat.uptime((3L * 86_400 + 4 * 3_600) * 1_000_000_000L));
        assertEquals("1y2d0h0m0s", GoFormat.uptime(367L * 86_400 * 1_000_000_000L));
    }

    @Test
    void shouldWriteFloatsAsGo()
    {
        assertEquals("0", GoFormat.float64(0.0));
        assertEquals("2", GoFormat.float64(2.0));
        assertEquals("0.32", GoFormat.float64(0.32));
        assertEquals("0.7142857142857143", GoFormat.float64(5.0 / 7.0));
        assertEquals("0.0001", GoFormat.float64(0.0001));
    }
}
