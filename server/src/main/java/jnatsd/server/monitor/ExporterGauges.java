package jnatsd.server.monitor;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gauges prometheus-nats-exporter derives from /varz, under its names, so dashboards written for it (the NATS
 * Grafana dashboards) read /metrics directly: every top-level number of /varz as {@code gnatsd_varz_<field>} with
 * a {@code server_id} label (the help text is the field name, as the exporter's), and {@code server_id},
 * {@code server_name} and {@code version} as 1-valued gauges with the string in a {@code value} label. All are
 * gauges, counters included, as the exporter types them. Booleans, objects and strings other than those three are
 * left out, as the exporter leaves them out.
 */
final class ExporterGauges
{
    /** The exporter's namespace and subsystem for /varz ("gnatsd", kept by it for old dashboards). */
    static final String PREFIX = "gnatsd_varz_";
    private static final Set<String> LABEL_KEYS = Set.of("server_id", "server_name", "version");

    private ExporterGauges()
    {
    }

    /** One snapshot per field of a /varz document built for this scrape. */
    static MetricSnapshots of(final Map<String, Object> varz, final String serverId)
    {
        final List<MetricSnapshot> out = new ArrayList<>();
        final Labels id = Labels.of("server_id", serverId);
        for (final Map.Entry<String, Object> f : varz.entrySet())
        {
            final String key = f.getKey();
            if (f.getValue() instanceof Number n)
            {
                out.add(gauge(key, id, n.doubleValue()));
            }
            else if (f.getValue() instanceof String s && LABEL_KEYS.contains(key))
            {
                out.add(gauge(key, Labels.of("server_id", serverId, "value", s), 1));
            }
        }
        return new MetricSnapshots(out);
    }

    private static GaugeSnapshot gauge(final String key, final Labels labels, final double value)
    {
        return GaugeSnapshot.builder().name(PREFIX + key).help(key)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build())
            .build();
    }
}
