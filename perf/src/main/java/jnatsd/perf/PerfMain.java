package jnatsd.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import jnatsd.perf.interest.ManySubjectsMain;
import jnatsd.perf.latency.PercentilePlot;
import jnatsd.perf.latency.Report;
import jnatsd.perf.load.LoadRunner;

/**
 * The {@code jnatsd-perf} command: runs one scenario against any NATS server(s), prints a summary on stdout,
 * progress on stderr, and writes {@code <stem>.hgrm}, {@code <stem>.png} and {@code <stem>.txt} into {@code --out}.
 * Exit codes: 0 done, 1 the run failed (connection or server error), 2 bad usage.
 */
public final class PerfMain
{
    private PerfMain()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    /** Parses, runs and reports; returns the exit code. */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length > 0 && "many-subjects".equals(args[0]))
        {
            return ManySubjectsMain.execute(
                Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        if (args.length == 0 || "--help".equals(args[0]) || "-h".equals(args[0]))
        {
            out.print(PerfOptions.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        final PerfOptions options;
        try
        {
            options = PerfOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("jnatsd-perf: " + ex.getMessage());
            err.print(PerfOptions.USAGE);
            return 2;
        }
        try
        {
            final PerfResult result = run(options, err);
            out.print(Report.summary(result));
            return result.errors().isEmpty() ? 0 : 1;
        }
        catch (final IOException ex)
        {
            err.println("jnatsd-perf: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("jnatsd-perf: interrupted");
            return 1;
        }
    }

    /** Runs the scenario and writes its files; the command and the end-to-end test both come through here. */
    public static PerfResult run(final PerfOptions options, final PrintStream progress)
        throws IOException, InterruptedException
    {
        final PerfResult measured = new LoadRunner(options, progress).run();
        Files.createDirectories(options.outDir());
        final String stem = options.fileStem();
        Path hgrm = null;
        Path plot = null;
        if (measured.latency() != null)
        {
            hgrm = options.outDir().resolve(stem + ".hgrm");
            try (PrintStream stream = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8))
            {
                // Values in microseconds (nanosecond samples scaled by 1000).
                measured.latency().outputPercentileDistribution(stream, 1000.0);
            }
            plot = options.outDir().resolve(stem + ".png");
            PercentilePlot.write(measured.latency(), plot, "jnatsd-perf " + options.scenario().label()
                + " — latency by percentile", String.format(Locale.ROOT, "%d B, %s, %d pub / %d sub, %,d samples",
                options.sizeBytes(), options.rate() > 0 ? options.rate() + " msg/s" : "max rate",
                options.publishers(), options.subscribers(), measured.latency().getTotalCount()));
        }
        final Path summary = options.outDir().resolve(stem + ".txt");
        final PerfResult result = measured.withFiles(hgrm, plot, summary);
        Files.writeString(summary, Report.summary(result));
        return result;
    }
}
