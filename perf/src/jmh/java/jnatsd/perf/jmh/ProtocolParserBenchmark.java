package jnatsd.perf.jmh;

import java.util.concurrent.TimeUnit;

import jnatsd.transport.protocol.ProtocolError;
import jnatsd.transport.protocol.ProtocolListener;
import jnatsd.transport.protocol.ProtocolParser;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code ProtocolParser.parse} over one read buffer of {@value #OPS} complete client operations, as the transport calls
 * it after a read; the listener only counts (the cost of {@code Ingress} is not included). Score: ns per operation.
 * <ul>
 * <li>{@code pub16}, {@code pub1k}: {@code PUB bench.subject.N 16|1024} (the parser skips over payloads).</li>
 * <li>{@code mixed}: per 10 operations 4 PUB 16 B, 1 PUB with reply 128 B, 1 HPUB, 1 SUB, 1 UNSUB, 1 PING, 1 PONG.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseSerialGC",
    "-Dagrona.disable.bounds.checks=true"})
public class ProtocolParserBenchmark
{
    static final int OPS = 1000;

    @Param({"pub16", "pub1k", "mixed"})
    public String workload;

    private final CountingListener listener = new CountingListener();
    private ProtocolParser parser;
    private UnsafeBuffer buffer;

    @Setup
    public void setUp()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < OPS; i++)
        {
            switch (workload)
            {
                case "pub16" -> pub(sb, i, null, 16);
                case "pub1k" -> pub(sb, i, null, 1024);
                case "mixed" -> mixed(sb, i);
                default -> throw new IllegalArgumentException(workload);
            }
        }
        buffer = Ascii.direct(Ascii.bytes(sb.toString()));
        parser = new ProtocolParser(ProtocolParser.Kind.CLIENT, listener, 4096, 1024 * 1024);
        final int consumed = parser.parse(buffer, 0, buffer.capacity());
        if (consumed != buffer.capacity() || listener.operations != OPS)
        {
            throw new IllegalStateException("parsed " + consumed + " of " + buffer.capacity() + " bytes, "
                + listener.operations + " operations");
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int parse()
    {
        return parser.parse(buffer, 0, buffer.capacity());
    }

    private static void pub(final StringBuilder sb, final int i, final String reply, final int size)
    {
        sb.append("PUB bench.subject.").append(i % 100);
        if (reply != null)
        {
            sb.append(' ').append(reply);
        }
        sb.append(' ').append(size).append("\r\n").append(Ascii.payload(size)).append("\r\n");
    }

    private static void mixed(final StringBuilder sb, final int i)
    {
        switch (i % 10)
        {
            case 4 -> pub(sb, i, "_INBOX.req." + i, 128);
            case 5 -> sb.append("HPUB bench.headers 24 40\r\nNATS/1.0\r\nKey: value\r\n\r\n")
                .append(Ascii.payload(16)).append("\r\n");
            case 6 -> sb.append("SUB bench.sub.").append(i).append(" workers ").append(i).append("\r\n");
            case 7 -> sb.append("UNSUB ").append(i - 1).append("\r\n");
            case 8 -> sb.append("PING\r\n");
            case 9 -> sb.append("PONG\r\n");
            default -> pub(sb, i, null, 16);
        }
    }

    /** Takes every operation and counts it; the parse loop is what is measured. */
    static final class CountingListener implements ProtocolListener
    {
        long operations;

        @Override
        public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onPub(final DirectBuffer buffer, final int subjectOffset, final int subjectLength,
            final int replyOffset, final int replyLength, final int headerLength, final int payloadOffset,
            final int totalLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onSub(final DirectBuffer buffer, final int subjectOffset, final int subjectLength,
            final int queueOffset, final int queueLength, final int sidOffset, final int sidLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength,
            final long maxMessages)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onPing()
        {
            operations++;
            return true;
        }

        @Override
        public boolean onPong()
        {
            operations++;
            return true;
        }

        @Override
        public boolean onOk()
        {
            operations++;
            return true;
        }

        @Override
        public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onRemoteSub(final DirectBuffer buffer, final int accountOffset, final int accountLength,
            final int subjectOffset, final int subjectLength, final int queueOffset, final int queueLength,
            final int weight)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onRemoteUnsub(final DirectBuffer buffer, final int accountOffset, final int accountLength,
            final int subjectOffset, final int subjectLength, final int queueOffset, final int queueLength)
        {
            operations++;
            return true;
        }

        @Override
        public boolean onRoutedMessage(final DirectBuffer buffer, final int accountOffset, final int accountLength,
            final int subjectOffset, final int subjectLength, final int replyOffset, final int replyLength,
            final int queuesOffset, final int queuesLength, final int headerLength, final int payloadOffset,
            final int totalLength)
        {
            operations++;
            return true;
        }

        @Override
        public void onProtocolError(final ProtocolError error, final DirectBuffer buffer, final int snippetOffset,
            final int snippetLength)
        {
            throw new IllegalStateException("protocol error " + error);
        }
    }
}
