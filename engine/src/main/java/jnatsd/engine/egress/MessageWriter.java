package jnatsd.engine.egress;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnatsd.engine.event.InboundEvent;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes MSG and HMSG into an outbound queue. The header line is written in place into reserved space; the
 * payload (with the CRLF that follows it in the read buffer, which the parser checked) is copied once.
 * <pre>
 * MSG  subject sid [reply] size\r\n payload\r\n
 * HMSG subject sid [reply] hdr total\r\n headers payload\r\n
 * </pre>
 */
public final class MessageWriter
{
    private static final byte[] NO_RESPONDERS = "16 16\r\nNATS/1.0 503\r\n\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int NUMBER_ROOM = 24;
    private static final byte[] MSG_SPACE_BYTES = "MSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HMSG_SPACE_BYTES = "HMSG ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SPACE_BYTES = {' '};
    /** "MSG " and CRLF as little-endian words, written with one store each. */
    private static final int MSG_SPACE = 'M' | 'S' << 8 | 'G' << 16 | ' ' << 24;
    private static final short CRLF = (short)('\r' | '\n' << 8);
    /** Raw stores write in native order; the words here are little-endian (a constant the JIT folds away). */
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[32]);
    /** The last payload size written and its digits with CRLF as one word (a run repeats one size). */
    private int cachedSize = -1;
    private long cachedSizeWord;
    private int cachedSizeLength;
    /**
     * The last whole frame written for the current event: a fan-out to another subscriber with the same sid (each
     * client numbers its sids from 1, so they often agree) copies those bytes instead of encoding them again.
     */
    private long frameAddress;
    private int frameLength;
    private long frameSidWord;
    private int frameSidLength;
    private boolean frameWithHeaders;

    /** A byte string of at most 8 bytes as a little-endian word (0 for longer ones, which are copied). */
    public static long word(final byte[] bytes)
    {
        long w = 0;
        if (bytes.length <= 8)
        {
            for (int i = bytes.length - 1; i >= 0; i--)
            {
                w = w << 8 | (bytes[i] & 0xFF);
            }
        }
        return w;
    }

    /**
     * Returns the number of bytes written. {@code sidWord} is {@link #word(byte[])} of the sid. Short runs are
     * moved with 8-byte loads and stores into the reserved space, which has room past the header for the whole
     * last word (with the cached size line and the sid as one word: JMH writeAndFlush 16 B, 22 to 17 ns).
     * Stores go to raw addresses (measured in the server, not in JMH: fanout4_16 CPU -9%, pubsub_16 -4%).
     */
    public int writeMessage(
        final Outbound o, final boolean peerHeaders, final InboundEvent e, final byte[] sid, final long sidWord)
    {
        final DirectBuffer src = e.buffer;
        final int hdr = e.headerLength;
        final boolean withHeaders = hdr > 0 && peerHeaders;
        // A client that did not announce headers gets the body only, as a MSG (nats-server strips them).
        final int bodyOffset = withHeaders || hdr == 0 ? e.payloadOffset : e.payloadOffset + hdr;
        final int bodyLength = withHeaders || hdr == 0 ? e.payloadLength : e.payloadLength - hdr;

        final int max = 6 + e.subjectLength + 1 + sid.length + 1 + e.replyLength + NUMBER_ROOM * 2;
        if (max > o.chunkBytes())
        {
            return writeInPieces(o, withHeaders, e, sid, bodyOffset, bodyLength);
        }
        if (frameLength > 0 && sidWord == frameSidWord && sid.length == frameSidLength
            && withHeaders == frameWithHeaders)
        {
            return copyFrame(o);
        }
        // Small messages go in one reserved run (header, payload, CRLF): one space check, one commit.
        final int whole = max + bodyLength + 2;
        final boolean inline = whole <= o.chunkBytes();
        o.reserve(inline ? whole : max);
        // Stores go to the chunk's raw address: C2 then knows they cannot touch any object's fields and keeps
        // this method's loads in registers (stores through the view made it reload them after every store).
        final long origin = o.reservedAddress();
        long a = origin;
        if (withHeaders)
        {
            UnsafeApi.putByte(null, a++, (byte)'H');
        }
        UnsafeApi.putInt(null, a, NATIVE_LE ? MSG_SPACE : Integer.reverseBytes(MSG_SPACE));
        a += 4;
        a = copyRaw(a, src, e.subjectOffset, e.subjectLength);
        UnsafeApi.putByte(null, a++, (byte)' ');
        if (sid.length <= 8)
        {
            UnsafeApi.putLong(null, a, le(sidWord));
            a += sid.length;
        }
        else
        {
            UnsafeApi.copyMemory(sid, BYTE_ARRAY_BASE, null, a, sid.length);
            a += sid.length;
        }
        UnsafeApi.putByte(null, a++, (byte)' ');
        if (e.replyLength > 0)
        {
            a = copyRaw(a, src, e.replyOffset, e.replyLength);
            UnsafeApi.putByte(null, a++, (byte)' ');
        }
        if (withHeaders)
        {
            final UnsafeBuffer out = o.reservedBuffer();
            a += out.putNaturalIntAscii((int)(a - out.addressOffset()), hdr);
            UnsafeApi.putByte(null, a++, (byte)' ');
        }
        if (bodyLength == cachedSize)
        {
            UnsafeApi.putLong(null, a, le(cachedSizeWord));
            a += cachedSizeLength;
        }
        else
        {
            final UnsafeBuffer out = o.reservedBuffer();
            a += sizeLine(out, (int)(a - out.addressOffset()), bodyLength);
        }
        final int headerLength = (int)(a - origin);
        if (inline)
        {
            copyRaw(a, src, bodyOffset, bodyLength + 2);
            o.commit(headerLength + bodyLength + 2);
            if (sid.length <= 8)
            {
                frameAddress = origin;
                frameLength = headerLength + bodyLength + 2;
                frameSidWord = sidWord;
                frameSidLength = sid.length;
                frameWithHeaders = withHeaders;
            }
        }
        else
        {
            o.commit(headerLength);
            o.put(src, bodyOffset, bodyLength + 2);
        }
        return headerLength + bodyLength + 2;
    }

    /** Forgets the last frame: the engine calls it for every event (the next frame is another message). */
    public void newEvent()
    {
        frameLength = 0;
    }

    /**
     * Raw to raw, unlike {@link #copyRaw}: copying through the chunk's view measured ~10% more fan-out CPU (A/B of
     * warmed servers), so this keeps its own word loop.
     */
    private int copyFrame(final Outbound o)
    {
        final int length = frameLength;
        o.reserve(length);
        final long dst = o.reservedAddress();
        final long src = frameAddress;
        if (length > 64)
        {
            UnsafeApi.copyMemory(null, src, null, dst, length);
        }
        else
        {
            final int last = length - 8;
            for (int i = 0; i < last; i += 8)
            {
                UnsafeApi.putLong(null, dst + i, UnsafeApi.getLong(null, src + i));
            }
            UnsafeApi.putLong(null, dst + last, UnsafeApi.getLong(null, src + last));
        }
        o.commit(length);
        return length;
    }

    private static long le(final long word)
    {
        return NATIVE_LE ? word : Long.reverseBytes(word);
    }

    /**
     * Copies a run to a raw address; returns the address after it. Up to 64 bytes with word moves (the last one
     * overlapping, so nothing is read or written outside either run), longer ones with one bulk copy.
     */
    private static long copyRaw(final long dst, final DirectBuffer src, final int s, final int length)
    {
        if (length > 64)
        {
            UnsafeApi.copyMemory(src.byteArray(), src.addressOffset() + s, null, dst, length);
        }
        else if (length >= 8)
        {
            final int last = length - 8;
            for (int i = 0; i < last; i += 8)
            {
                UnsafeApi.putLong(null, dst + i, src.getLong(s + i));
            }
            UnsafeApi.putLong(null, dst + last, src.getLong(s + last));
        }
        else if (length >= 4)
        {
            UnsafeApi.putInt(null, dst, src.getInt(s));
            UnsafeApi.putInt(null, dst + length - 4, src.getInt(s + length - 4));
        }
        else
        {
            for (int i = 0; i < length; i++)
            {
                UnsafeApi.putByte(null, dst + i, src.getByte(s + i));
            }
        }
        return dst + length;
    }

    /**
     * A header longer than a chunk (only with max_control_line raised past 64 KB): appended piece by piece, each
     * piece free to cross chunks. Rare enough that its few small allocations do not matter.
     */
    private static int writeInPieces(
        final Outbound o, final boolean withHeaders, final InboundEvent e, final byte[] sid, final int bodyOffset,
        final int bodyLength)
    {
        final long before = o.pendingBytes();
        o.put(withHeaders ? HMSG_SPACE_BYTES : MSG_SPACE_BYTES);
        o.put(e.buffer, e.subjectOffset, e.subjectLength);
        o.put(SPACE_BYTES);
        o.put(sid);
        o.put(SPACE_BYTES);
        if (e.replyLength > 0)
        {
            o.put(e.buffer, e.replyOffset, e.replyLength);
            o.put(SPACE_BYTES);
        }
        if (withHeaders)
        {
            o.put((e.headerLength + " ").getBytes(StandardCharsets.US_ASCII));
        }
        o.put((bodyLength + "\r\n").getBytes(StandardCharsets.US_ASCII));
        o.put(e.buffer, bodyOffset, bodyLength + 2);
        return (int)(o.pendingBytes() - before);
    }

    /** Writes "size\r\n" at p and caches it as one word when it fits (the caller stores cached ones); its length. */
    private int sizeLine(final UnsafeBuffer out, final int p, final int size)
    {
        final int digits = out.putNaturalIntAscii(p, size);
        out.putShort(p + digits, CRLF, ByteOrder.LITTLE_ENDIAN);
        if (digits <= 6)
        {
            scratch.setMemory(0, 8, (byte)0);
            scratch.putBytes(0, out, p, digits + 2);
            cachedSizeWord = scratch.getLong(0, ByteOrder.LITTLE_ENDIAN);
            cachedSizeLength = digits + 2;
            cachedSize = size;
        }
        return digits + 2;
    }

    /** The 503 status nats-server sends to a requestor's own inbox subscription when nobody answers. */
    public void writeNoResponders(
        final Outbound o, final DirectBuffer src, final int replyOffset, final int replyLength, final byte[] sid)
    {
        if (6 + replyLength + 1 + sid.length + 1 > o.chunkBytes())
        {
            o.put(HMSG_SPACE_BYTES);
            o.put(src, replyOffset, replyLength);
            o.put(SPACE_BYTES);
            o.put(sid);
            o.put(SPACE_BYTES);
            o.put(NO_RESPONDERS);
            return;
        }
        o.reserve(6 + replyLength + 1 + sid.length + 1);
        final UnsafeBuffer out = o.reservedBuffer();
        final int start = o.reservedOffset();
        int p = start;
        out.putByte(p++, (byte)'H');
        out.putByte(p++, (byte)'M');
        out.putByte(p++, (byte)'S');
        out.putByte(p++, (byte)'G');
        out.putByte(p++, (byte)' ');
        out.putBytes(p, src, replyOffset, replyLength);
        p += replyLength;
        out.putByte(p++, (byte)' ');
        out.putBytes(p, sid);
        p += sid.length;
        out.putByte(p++, (byte)' ');
        o.commit(p - start);
        o.put(NO_RESPONDERS);
    }
}
