package jnatsd.server.monitor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** /varz http_req_stats: requests per endpoint path (without the base path), keys sorted as Go prints maps. */
final class HttpStats
{
    private final ConcurrentSkipListMap<String, AtomicLong> counts = new ConcurrentSkipListMap<>();

    void count(final String path)
    {
        counts.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> snapshot()
    {
        final Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
