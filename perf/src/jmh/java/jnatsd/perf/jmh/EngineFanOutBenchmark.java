package jnatsd.perf.jmh;

import java.util.concurrent.TimeUnit;

import jnatsd.config.ServerOptions;
import jnatsd.engine.Engine;
import jnatsd.engine.EngineSettings;
import jnatsd.engine.ServerInfo;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.TransportHandle;
import jnatsd.engine.status.EngineCounters;
import jnatsd.engine.status.Log;
import jnatsd.engine.subject.SubjectTable;
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
 * The engine's whole publish path without sockets: {@value #BATCH} PUB ring events of 16 bytes, each matched (cache)
 * and written to every subscriber's outbound queue, then the end-of-batch flush into channels that discard, as the
 * engine thread runs it in fanout4_16 / pubsub_16. Score: ns per published message (all its deliveries included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+UseSerialGC",
    "-Dagrona.disable.bounds.checks=true"})
public class EngineFanOutBenchmark
{
    static final int BATCH = 256;

    @Param({"1", "4"})
    public int subscribers;

    private Engine engine;
    private Session publisher;
    private final InboundEvent[] events = new InboundEvent[BATCH];
    private long cid;

    @Setup
    public void setUp()
    {
        final ServerInfo info = new ServerInfo("ID", "name", "2.9.10", "java", "127.0.0.1", 4222, true, false, 1024);
        engine = new Engine(new EngineSettings(ServerOptions.defaults()), info, Log.NONE,
            new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 64), new SubjectTable(4096), new EngineCounters());
        publisher = open();
        for (int i = 0; i < subscribers; i++)
        {
            final Session s = open();
            final InboundEvent sub = event(EventType.SUB, s);
            sub.buffer = new UnsafeBuffer(Ascii.bytes("bench.foo 1"));
            sub.subjectLength = 9;
            sub.sidOffset = 10;
            sub.sidLength = 1;
            engine.onEvent(sub);
        }
        // One read buffer holding BATCH PUBs, as the transport leaves them.
        final String one = "PUB bench.foo 16\r\n" + Ascii.payload(16) + "\r\n";
        final UnsafeBuffer read = Ascii.direct(Ascii.bytes(one.repeat(BATCH)));
        for (int i = 0; i < BATCH; i++)
        {
            final InboundEvent e = event(EventType.PUB, publisher);
            e.buffer = read;
            e.subjectOffset = i * one.length() + 4;
            e.subjectLength = 9;
            e.payloadOffset = i * one.length() + 18;
            e.payloadLength = 16;
            events[i] = e;
        }
        engine.endOfBatch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int publish()
    {
        engine.clock(System.nanoTime());
        for (int i = 0; i < BATCH; i++)
        {
            engine.onEvent(events[i]);
        }
        return engine.endOfBatch();
    }

    private Session open()
    {
        final Session s = new Session(++cid, Session.KIND_CLIENT, new MessageWriterBenchmark.DiscardingChannel(), new NoHandle(), "127.0.0.1", 5000,
            false);
        final InboundEvent openEvent = event(EventType.OPEN, s);
        openEvent.buffer = new UnsafeBuffer(new byte[1]);
        engine.onEvent(openEvent);
        final InboundEvent connect = event(EventType.CONNECT, s);
        connect.attachment = new ConnectCommand(false, false, true, true, false, 1, "", "java", "", "", null);
        engine.onEvent(connect);
        engine.endOfBatch();
        return s;
    }

    private static InboundEvent event(final int type, final Session s)
    {
        final InboundEvent e = new InboundEvent();
        e.type = type;
        e.session = s;
        return e;
    }

    static final class NoHandle implements TransportHandle
    {
        @Override
        public void requestWritable()
        {
        }

        @Override
        public void release()
        {
        }
    }
}
