package jnatsd.server.monitor;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import jnatsd.config.Version;
import jnatsd.engine.status.LatencyBuckets;

/**
 * /metrics in the Prometheus text format (version 0.0.4), through the Prometheus Java client: the /varz
 * counters, plus what only this design has (ring occupancy, outbound flushes and flush batches, engine
 * errors, closes per reason), then the gauges prometheus-nats-exporter makes of /varz ({@link ExporterGauges}).
 * Each scrape takes one engine snapshot first; the registered callbacks read
 * that snapshot, so the numbers of one scrape agree with each other.
 */
final class Metrics
{
    /** One scrape's inputs. */
    private record Sample(EngineStats engine, long ringOccupancy, long ringCapacity, long memBytes, double cpu,
        Map<String, Long> http)
    {
    }

    private final Monitor m;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private volatile Sample sample;

    Metrics(final Monitor m)
    {
        this.m = m;
        counter("jnatsd_in_msgs", "Messages received from clients (varz in_msgs)", s -> s.engine().inMsgs());
        counter("jnatsd_out_msgs", "Messages delivered to clients (varz out_msgs)", s -> s.engine().outMsgs());
        counter("jnatsd_in_bytes", "Payload bytes received from clients (varz in_bytes)", s -> s.engine().inBytes());
        counter("jnatsd_out_bytes", "Bytes written to clients (varz out_bytes)", s -> s.engine().outBytes());
        counter("jnatsd_slow_consumers", "Clients closed as slow consumers (varz slow_consumers)",
            s -> s.engine().slowConsumers());
        counter("jnatsd_accepted_connections", "Client connections accepted since start (varz total_connections)",
            s -> s.engine().totalConnections());
        gauge("jnatsd_connections", "Open client connections (varz connections)", s -> s.engine().connections());
        gauge("jnatsd_subscriptions", "Subscriptions in the subject table (varz subscriptions)",
            s -> s.engine().subscriptions());
        gauge("jnatsd_mem_bytes", "Resident memory of the process (varz mem)", Sample::memBytes);
        gauge("jnatsd_direct_memory_bytes", "Bytes in the JVM's direct buffers (read and outbound buffers), for "
            + "leak checks beside jnatsd_mem_bytes", s -> directBytes());
        gauge("jnatsd_cpu_percent", "CPU use in percent of one core (varz cpu)", Sample::cpu);
        gauge("jnatsd_start_time_seconds", "Server start, Unix time in seconds (varz start)",
            s -> m.runtime.start().toEpochMilli() / 1000.0);
        gauge("jnatsd_config_load_time_seconds", "Last (re)load of the configuration, Unix time in seconds",
            s -> m.runtime.configLoadTime().toEpochMilli() / 1000.0);
        gauge("jnatsd_lame_duck", "1 while in lame duck mode", s -> m.runtime.lameDuck() ? 1 : 0);
        gauge("jnatsd_ring_occupancy", "Events published to the ring and not yet applied by the engine "
            + "(ring cursor minus engine sequence)", Sample::ringOccupancy);
        gauge("jnatsd_ring_capacity", "Size of the ingress ring in events", Sample::ringCapacity);
        counter("jnatsd_outbound_flushes", "Gathering writes of outbound buffers to client sockets",
            s -> s.engine().flushes());
        counter("jnatsd_outbound_flush_batches", "Engine batches that ended with at least one flush",
            s -> s.engine().flushedBatches());
        counter("jnatsd_engine_errors", "Ring events whose handling failed (logged and skipped)",
            s -> s.engine().engineErrors());
        counter("jnatsd_internal_errors", "Connections closed because handling their input or events threw "
            + "(reason Internal Server Error; the server went on)", s -> s.engine().internalErrors());
        counter("jnatsd_sublist_matches", "Subject-table look-ups (subsz num_matches)", s -> s.engine().matches());
        counter("jnatsd_sublist_cache_hits", "Look-ups answered by the match cache", s -> s.engine().cacheHits());
        counter("jnatsd_sublist_inserts", "Subscriptions added (subsz num_inserts)", s -> s.engine().inserts());
        counter("jnatsd_sublist_removes", "Subscriptions removed (subsz num_removes)", s -> s.engine().removes());
        gauge("jnatsd_sublist_cache_entries", "Entries in the match cache (subsz num_cache)",
            s -> s.engine().cacheEntries());
        gauge("jnatsd_closed_connections_retained", "Closed connections kept for /connz?state=closed",
            s -> s.engine().closedRetained());
        CounterWithCallback.builder().name("jnatsd_closed_connections")
            .help("Client connections closed since start, by reason").labelNames("reason")
            .callback(cb -> current().engine().closedByReason().forEach((r, n) -> cb.call(n, r)))
            .register(registry);
        CounterWithCallback.builder().name("jnatsd_http_requests")
            .help("Monitoring requests by endpoint (varz http_req_stats)").labelNames("path")
            .callback(cb -> current().http().forEach((p, n) -> cb.call(n, p)))
            .register(registry);
        CounterWithCallback.builder().name("jnatsd_thread_idle_seconds")
            .help("Time each agent thread spent waiting for work (blocked in select or in its idle strategy)")
            .labelNames("thread")
            .callback(cb -> m.server.idleClocks().forEach((t, c) -> cb.call(c.idleNs() / 1e9, t)))
            .register(registry);
        CounterWithCallback.builder().name("jnatsd_agent_errors")
            .help("Exceptions an agent thread's loop caught, logged and went on from").labelNames("thread")
            .callback(cb -> m.server.agentErrors().forEach((t, n) -> cb.call(n, t)))
            .register(registry);
        registry.register(this::engineBatchHistogram);
        GaugeWithCallback.builder().name("jnatsd_info")
            .help("Constant 1; the labels identify the server").labelNames("server_id", "server_name", "version",
                "jnatsd_version")
            .callback(cb -> cb.call(1, m.serverId(), m.serverName(), Version.NATS_COMPAT, Version.JNATSD))
            .register(registry);
    }

    String contentType()
    {
        return writer.getContentType();
    }

    /** One scrape; serialized so that callbacks never see a half-replaced sample. */
    synchronized byte[] scrape() throws EngineQueries.EngineUnavailableException, IOException
    {
        sample = new Sample(m.engine.stats(), m.server.ringOccupancy(), m.server.ringCapacity(),
            m.usage.residentBytes(), m.usage.cpuPercent(), m.stats.snapshot());
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16384);
        writer.write(out, registry.scrape());
        // The exporter's names after jnatsd's own, from a /varz built on this scrape's engine snapshot.
        writer.write(out, ExporterGauges.of(Varz.build(m, sample.engine(), MonitorHttpServer.routeCount(m)),
            m.serverId()));
        return out.toByteArray();
    }

    /** How long the engine took per ring batch (apply every event, then flush), power-of-two buckets. */
    private MetricSnapshot engineBatchHistogram()
    {
        final LatencyBuckets b = m.server.engineAgent().batchLatency();
        final long[] counts = b.counts();
        final double[] bounds = new double[counts.length];
        for (int k = 0; k < counts.length; k++)
        {
            bounds[k] = k == counts.length - 1 ? Double.POSITIVE_INFINITY
                : LatencyBuckets.upperBoundNs(k) / 1e9;
        }
        return HistogramSnapshot.builder()
            .name("jnatsd_engine_batch_seconds")
            .help("Time to apply one ring batch and flush the connections it wrote to")
            .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                .sum(b.sumNs() / 1e9)
                .build())
            .build();
    }

    /** The JVM's "direct" buffer pool: every ByteBuffer.allocateDirect still reachable. */
    private static double directBytes()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        return 0;
    }

    private Sample current()
    {
        return sample;
    }

    private void counter(final String name, final String help, final ToDoubleFunction<Sample> value)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback(cb -> cb.call(value.applyAsDouble(current()))).register(registry);
    }

    private void gauge(final String name, final String help, final ToDoubleFunction<Sample> value)
    {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(cb -> cb.call(value.applyAsDouble(current()))).register(registry);
    }
}
