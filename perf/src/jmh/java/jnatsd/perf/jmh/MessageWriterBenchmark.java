package jnatsd.perf.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.MessageWriter;
import jnatsd.engine.egress.Outbound;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.WireChannel;
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
 * The engine's outbound path for one receiver: {@code MessageWriter.writeMessage} encodes {@value #BATCH} MSGs (header
 * line written in place, payload and CRLF copied once from the "read buffer") into an {@code Outbound} of pooled
 * 64 KB direct chunks, then one {@code flush} hands them to a channel that discards them, as the engine does at the
 * end of a ring batch. Score: ns per message, flush included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseSerialGC",
    "-Dagrona.disable.bounds.checks=true"})
public class MessageWriterBenchmark
{
    static final int BATCH = 64;

    @Param({"16", "1024"})
    public int size;

    private final MessageWriter writer = new MessageWriter();
    private final DiscardingChannel channel = new DiscardingChannel();
    private final InboundEvent event = new InboundEvent();
    private final byte[] sid = Ascii.bytes("42");
    private final long sidWord = MessageWriter.word(sid);
    private Outbound outbound;

    @Setup
    public void setUp() throws java.io.IOException
    {
        final String subject = "bench.subject.7";
        final String head = "PUB " + subject + " " + size + "\r\n";
        event.buffer = Ascii.direct(Ascii.bytes(head + Ascii.payload(size) + "\r\n"));
        event.subjectOffset = 4;
        event.subjectLength = subject.length();
        event.payloadOffset = head.length();
        event.payloadLength = size;
        outbound = new Outbound(new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 64));
        writeAndFlush();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long writeAndFlush() throws java.io.IOException
    {
        for (int i = 0; i < BATCH; i++)
        {
            // Each message is a new event: without this the writer would copy its last frame instead of encoding.
            writer.newEvent();
            writer.writeMessage(outbound, false, event, sid, sidWord);
        }
        outbound.flush(channel);
        return channel.written;
    }

    /** Takes every byte at once, like a socket with an empty send buffer, and drops them. */
    static final class DiscardingChannel implements WireChannel
    {
        long written;

        @Override
        public long write(final ByteBuffer[] srcs, final int offset, final int length)
        {
            long n = 0;
            for (int i = offset; i < offset + length; i++)
            {
                n += srcs[i].remaining();
                srcs[i].position(srcs[i].limit());
            }
            written += n;
            return n;
        }

        @Override
        public int write(final ByteBuffer src)
        {
            final int n = src.remaining();
            src.position(src.limit());
            written += n;
            return n;
        }

        @Override
        public int read(final ByteBuffer dst)
        {
            return -1;
        }

        @Override
        public void close()
        {
        }
    }
}
