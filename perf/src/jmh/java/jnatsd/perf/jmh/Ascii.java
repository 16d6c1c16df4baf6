package jnatsd.perf.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/** Builds benchmark input: ASCII text into direct buffers, as the transport's read buffers are. */
final class Ascii
{
    private Ascii()
    {
    }

    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A direct buffer holding exactly {@code content}. */
    static UnsafeBuffer direct(final byte[] content)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(content.length));
        buffer.putBytes(0, content);
        return buffer;
    }

    /** A payload of {@code size} printable bytes. */
    static String payload(final int size)
    {
        final StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++)
        {
            sb.append((char)('a' + i % 26));
        }
        return sb.toString();
    }
}
