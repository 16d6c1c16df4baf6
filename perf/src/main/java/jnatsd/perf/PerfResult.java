package jnatsd.perf;

import java.nio.file.Path;
import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * What one measured phase produced.
 *
 * @param sent            messages (requests) published in the measured phase
 * @param received        deliveries counted by the subscribers (replies for request-reply)
 * @param expected        deliveries that should have arrived: sent × subscribers, or sent for queue groups
 * @param sendSeconds     from the phase's start until the last publisher finished
 * @param receiveSeconds  from the phase's start until the last delivery arrived
 * @param latency         latency in ns, or null when the payload cannot carry a timestamp
 * @param hgrmFile        the percentile distribution file, or null
 * @param plotFile        the percentile plot, or null
 */
public record PerfResult(
    PerfOptions options,
    long sent,
    long received,
    long expected,
    double sendSeconds,
    double receiveSeconds,
    Histogram latency,
    List<String> warnings,
    List<String> errors,
    Path hgrmFile,
    Path plotFile,
    Path summaryFile)
{
    public long lost()
    {
        return Math.max(0, expected - received);
    }

    public double sentPerSecond()
    {
        return sendSeconds > 0 ? sent / sendSeconds : 0;
    }

    public double receivedPerSecond()
    {
        return receiveSeconds > 0 ? received / receiveSeconds : 0;
    }

    public PerfResult withFiles(final Path hgrm, final Path plot, final Path summary)
    {
        return new PerfResult(options, sent, received, expected, sendSeconds, receiveSeconds, latency, warnings,
            errors, hgrm, plot, summary);
    }
}
