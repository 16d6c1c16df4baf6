package jnatsd.perf.latency;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a latency-by-percentile chart as HdrHistogram's plotter does: x is {@code 1/(1-p)} on a log axis labelled
 * 0%, 90%, 99%, 99.9%, ...; y is latency in microseconds; a dashed line marks the maximum.
 */
public final class PercentilePlot
{
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 600;
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    private PercentilePlot()
    {
    }

    public static void write(final Histogram histogram, final Path file, final String title, final String subtitle)
        throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        final XYSeries series = new XYSeries("latency", false, true);
        double maxX = 10;
        for (final HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE))
        {
            final double p = value.getPercentileLevelIteratedTo() / 100.0;
            if (p >= 1.0)
            {
                break;
            }
            final double x = 1.0 / (1.0 - p);
            series.add(x, value.getValueIteratedTo() / 1000.0);
            maxX = Math.max(maxX, x);
        }
        final double maxUs = histogram.getMaxValue() / 1000.0;
        if (series.getItemCount() == 0)
        {
            series.add(1.0, maxUs);
        }

        final LogAxis xAxis = new LogAxis("Percentile");
        xAxis.setBase(10);
        xAxis.setSmallestValue(1.0);
        xAxis.setRange(1.0, Math.pow(10, Math.ceil(Math.log10(maxX * 1.0001))));
        xAxis.setTickUnit(new NumberTickUnit(1.0));
        xAxis.setMinorTickMarksVisible(true);
        xAxis.setNumberFormatOverride(new PercentileFormat());
        final NumberAxis yAxis = new NumberAxis("Latency (µs)");
        yAxis.setAutoRangeIncludesZero(true);
        yAxis.setUpperBound(Math.max(maxUs * 1.1, 1.0));

        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1f, 0x77, 0xb4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        final XYPlot plot = new XYPlot(new XYSeriesCollection(series), xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        final ValueMarker max = new ValueMarker(maxUs, Color.RED, new BasicStroke(1f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        max.setLabel(String.format("max %.1f µs", maxUs));
        max.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        max.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        plot.addRangeMarker(max);

        final JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.addSubtitle(new TextTitle(subtitle));
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Formats an x value {@code 1/(1-p)} as the percentile p: 1 → 0%, 10 → 90%, 1000 → 99.9%. */
    private static final class PercentileFormat extends NumberFormat
    {
        private static final long serialVersionUID = 1L;
        private final DecimalFormat decimal = new DecimalFormat("0.#########");

        @Override
        public StringBuffer format(final double number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            final double percentile = 100.0 * (1.0 - 1.0 / number);
            return toAppendTo.append(decimal.format(Math.max(0.0, percentile))).append('%');
        }

        @Override
        public StringBuffer format(final long number, final StringBuffer toAppendTo, final FieldPosition pos)
        {
            return format((double)number, toAppendTo, pos);
        }

        @Override
        public Number parse(final String source, final ParsePosition parsePosition)
        {
            throw new UnsupportedOperationException();
        }
    }
}
