package jnatsd.engine.egress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import jnatsd.engine.CapturingChannel;
import jnatsd.engine.event.InboundEvent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The writer's word moves and its cached size line against MSG/HMSG lines built the plain way: every length around
 * the 4-, 8- and 64-byte edges, sids longer and shorter than a word, sizes of 1 to 7 digits, one size repeated
 * and sizes changing, sources placed at the very end of their buffer (no read past a run), and partial socket
 * writes with appends behind them.
 */
class MessageWriterTest
{
    private final MessageWriter writer = new MessageWriter();
    private final Outbound out = new Outbound(new ChunkPool(ChunkPool.DEFAULT_CHUNK_BYTES, 4));
    private final CapturingChannel channel = new CapturingChannel();

    @Test
    void writesWhatThePlainEncodingWrites() throws Exception
    {
        final Random random = new Random(42);
        final StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 3000; round++)
        {
            final String subject = text(random, 1 + random.nextInt(round % 3 == 0 ? 80 : 12));
            final String reply = random.nextBoolean() ? "" : text(random, 1 + random.nextInt(70));
            final String sid = String.valueOf(random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE
                : random.nextInt(1000));
            final int size = switch (random.nextInt(5))
            {
                case 0 -> 16;
                case 1 -> random.nextInt(10);
                case 2 -> random.nextInt(130);
                case 3 -> round % 200 == 3 ? 1_000_000 + random.nextInt(100) : 100_000 + random.nextInt(100);
                default -> random.nextInt(round % 10 == 0 ? 70_000 : 300);
            };
            final String payload = text(random, size);
            final boolean headers = random.nextInt(4) == 0 && size >= 4;
            final int hdr = headers ? 1 + random.nextInt(size - 1) : 0;
            final boolean peerHeaders = random.nextBoolean();
            write(subject, reply, hdr, payload, sid, peerHeaders);
            plain(expected, subject, reply, hdr, payload, sid, peerHeaders);
            if (round % 7 == 3)
            {
                // A socket that takes only part: the rest stays queued and more is appended behind it.
                channel.acceptLimit(random.nextInt(200_000));
                out.flush(channel);
                channel.acceptLimit(Long.MAX_VALUE);
            }
            if (round % 50 == 49)
            {
                out.flush(channel);
                assertEquals(expected.toString(), channel.take(), "round " + round);
                expected.setLength(0);
            }
        }
    }

    /** A subject and reply longer than a chunk (max_control_line raised past 64 KB) cross chunk boundaries intact. */
    @Test
    void headersLongerThanAChunkAreWrittenInPieces() throws Exception
    {
        final Random random = new Random(7);
        final String subject = text(random, 70_000);
        final String reply = text(random, 66_000);
        write(subject, reply, 0, "hello", "9", true);
        write(subject, "", 2, "h:hello", "10", true);
        out.flush(channel);
        assertEquals(
            "MSG " + subject + " 9 " + reply + " 5\r\nhello\r\n" + "HMSG " + subject + " 10 2 7\r\nh:hello\r\n",
            channel.take());

        final UnsafeBuffer inbox = new UnsafeBuffer(("x" + reply).getBytes(StandardCharsets.ISO_8859_1));
        writer.writeNoResponders(out, inbox, 1, reply.length(), "3".getBytes(StandardCharsets.US_ASCII));
        out.flush(channel);
        assertEquals("HMSG " + reply + " 3 16 16\r\nNATS/1.0 503\r\n\r\n\r\n", channel.take());
    }

    /**
     * One event delivered to several subscribers, as a fan-out does: a frame copied for an equal sid and header
     * choice must be the frame encoding would give, and nothing may be copied across events.
     */
    @Test
    void fanOutCopiesOnlyEqualFramesOfTheSameEvent() throws Exception
    {
        final Random random = new Random(11);
        final String[] sids = {"1", "1", "2", "12345678", "123456789012"};
        final StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 2000; round++)
        {
            final String subject = text(random, 1 + random.nextInt(20));
            final String reply = random.nextInt(3) == 0 ? text(random, 1 + random.nextInt(30)) : "";
            // The same size and subject often repeat, so a frame left over from the last event would look right.
            final int size = random.nextBoolean() ? 16 : random.nextInt(random.nextBoolean() ? 60 : 3000);
            final String payload = text(random, size);
            final int hdr = random.nextInt(4) == 0 && size >= 4 ? 1 + random.nextInt(size - 1) : 0;
            final InboundEvent e = event(subject, reply, hdr, payload);
            writer.newEvent();
            final int subscribers = 1 + random.nextInt(5);
            for (int k = 0; k < subscribers; k++)
            {
                final String sid = sids[random.nextInt(sids.length)];
                final boolean peerHeaders = random.nextInt(3) > 0;
                final byte[] sidBytes = sid.getBytes(StandardCharsets.US_ASCII);
                writer.writeMessage(out, peerHeaders, e, sidBytes, MessageWriter.word(sidBytes));
                plain(expected, subject, reply, hdr, payload, sid, peerHeaders);
            }
            if (round % 9 == 4)
            {
                channel.acceptLimit(random.nextInt(20_000));
                out.flush(channel);
                channel.acceptLimit(Long.MAX_VALUE);
            }
            if (round % 40 == 39)
            {
                out.flush(channel);
                assertEquals(expected.toString(), channel.take(), "round " + round);
                expected.setLength(0);
            }
        }
    }

    /** Appends the MSG or HMSG a receiver should get, built the plain way (a client without headers gets the body). */
    private static void plain(
        final StringBuilder expected, final String subject, final String reply, final int hdr, final String payload,
        final String sid, final boolean peerHeaders)
    {
        final boolean withHeaders = hdr > 0 && peerHeaders;
        final String body = withHeaders || hdr == 0 ? payload : payload.substring(hdr);
        expected.append(withHeaders ? "HMSG " : "MSG ").append(subject).append(' ').append(sid).append(' ');
        if (!reply.isEmpty())
        {
            expected.append(reply).append(' ');
        }
        if (withHeaders)
        {
            expected.append(hdr).append(' ');
        }
        expected.append(body.length()).append("\r\n").append(body).append("\r\n");
    }

    /** A new event each time, at the end of an exactly sized direct buffer, as at the end of a read. */
    private void write(
        final String subject, final String reply, final int hdr, final String payload, final String sid,
        final boolean peerHeaders)
    {
        final InboundEvent e = event(subject, reply, hdr, payload);
        writer.newEvent();
        final byte[] sidBytes = sid.getBytes(StandardCharsets.US_ASCII);
        writer.writeMessage(out, peerHeaders, e, sidBytes, MessageWriter.word(sidBytes));
    }

    private static InboundEvent event(final String subject, final String reply, final int hdr, final String payload)
    {
        final byte[] line = (subject + reply + payload + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer direct = ByteBuffer.allocateDirect(line.length);
        direct.put(line).flip();
        final InboundEvent e = new InboundEvent();
        e.buffer = new UnsafeBuffer(direct);
        e.subjectOffset = 0;
        e.subjectLength = subject.length();
        e.replyOffset = subject.length();
        e.replyLength = reply.length();
        e.payloadOffset = subject.length() + reply.length();
        e.payloadLength = payload.length();
        e.headerLength = hdr;
        return e;
    }

    private static String text(final Random random, final int length)
    {
        final char[] c = new char[length];
        for (int i = 0; i < length; i++)
        {
            c[i] = (char)('a' + random.nextInt(26));
        }
        return new String(c);
    }
}
