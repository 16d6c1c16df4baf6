package jnatsd.engine.status;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.agrona.DirectBuffer;

/** Go's formatting where nats-server's texts use it, so ours read the same. */
public final class GoStrings
{
    private GoStrings()
    {
    }

    /** Go's %q: quotes and backslashes escaped, control bytes as \xNN (as in permission and cluster errors). */
    public static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x7f)
            {
                sb.append(String.format("\\x%02x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * A traced message as nats-server logs it: {@code MSG_PAYLOAD: ["hi"]} (Go's %q of the bytes), or, over
     * max_traced_msg_len, its first bytes and {@code ...} inside the quotes ({@code ["hello..."]}).
     */
    public static String tracedPayload(final DirectBuffer buffer, final int offset, final int length,
        final int maxLength)
    {
        final boolean cut = maxLength > 0 && length > maxLength;
        final int n = cut ? maxLength : length;
        final byte[] bytes = new byte[n];
        buffer.getBytes(offset, bytes);
        final StringBuilder sb = new StringBuilder(n + 16).append("MSG_PAYLOAD: [\"");
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final boolean validUtf8 = Arrays.equals(text.getBytes(StandardCharsets.UTF_8),
            bytes);
        if (validUtf8)
        {
            for (int i = 0; i < text.length(); i++)
            {
                appendQuoted(sb, text.charAt(i));
            }
        }
        else
        {
            for (final byte b : bytes)
            {
                if (b < 0)
                {
                    sb.append(String.format("\\x%02x", b & 0xff));
                }
                else
                {
                    appendQuoted(sb, (char)b);
                }
            }
        }
        return sb.append(cut ? "...\"]" : "\"]").toString();
    }

    /** One character as Go's strconv.Quote writes it. */
    private static void appendQuoted(final StringBuilder sb, final char c)
    {
        switch (c)
        {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\u0007' -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\u000b' -> sb.append("\\v");
            default ->
            {
                if (c < 0x20 || c == 0x7f)
                {
                    sb.append(String.format("\\x%02x", (int)c));
                }
                else
                {
                    sb.append(c);
                }
            }
        }
    }
}
