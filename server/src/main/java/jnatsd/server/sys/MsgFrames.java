package jnatsd.server.sys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Turns the bytes the engine flushes to the internal client (MSG and HMSG frames, possibly cut anywhere) back
 * into messages. One per internal client, used by its own thread only.
 */
final class MsgFrames
{
    /** One delivered message: its subject, reply (null when none) and payload (headers left out). */
    record Msg(String subject, String reply, byte[] payload)
    {
    }

    private byte[] buf = new byte[4096];
    private int len;

    /** Appends {@code bytes} and hands every complete message to {@code out}. */
    void feed(final byte[] bytes, final Consumer<Msg> out)
    {
        if (len + bytes.length > buf.length)
        {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + bytes.length));
        }
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        int at = 0;
        while (true)
        {
            final int eol = indexOfCrlf(at);
            if (eol < 0)
            {
                break;
            }
            final String line = new String(buf, at, eol - at, StandardCharsets.US_ASCII);
            final String[] f = line.split(" ");
            final boolean hmsg = line.startsWith("HMSG ");
            if (!hmsg && !line.startsWith("MSG "))
            {
                // Nothing else is sent to an internal client; skip any line defensively.
                at = eol + 2;
                continue;
            }
            final int total = Integer.parseInt(f[f.length - 1]);
            final int headers = hmsg ? Integer.parseInt(f[f.length - 2]) : 0;
            final int sizes = hmsg ? 2 : 1;
            // MSG subject sid [reply] size / HMSG subject sid [reply] hsize size
            final String reply = f.length - sizes == 4 ? f[3] : null;
            final int payloadAt = eol + 2;
            if (len < payloadAt + total + 2)
            {
                break;
            }
            final byte[] payload = Arrays.copyOfRange(buf, payloadAt + headers, payloadAt + total);
            out.accept(new Msg(f[1], reply, payload));
            at = payloadAt + total + 2;
        }
        System.arraycopy(buf, at, buf, 0, len - at);
        len -= at;
    }

    private int indexOfCrlf(final int from)
    {
        for (int i = from; i + 1 < len; i++)
        {
            if (buf[i] == '\r' && buf[i + 1] == '\n')
            {
                return i;
            }
        }
        return -1;
    }
}
