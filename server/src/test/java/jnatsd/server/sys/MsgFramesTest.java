package jnatsd.server.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The internal client's byte stream back into messages, whole and cut at every offset. */
class MsgFramesTest
{
    private static final String STREAM = "MSG $SYS.REQ.SERVER.PING 1 _INBOX.a 0\r\n\r\n"
        + "MSG $SYS.REQ.SERVER.PING.VARZ 2 _INBOX.b 2\r\n{}\r\n"
        + "HMSG $SYS.REQ.ACCOUNT.A.CONNZ 4 _INBOX.c 12 17\r\nNATS/1.0\r\n\r\nhello\r\n"
        + "MSG $SYS.REQ.SERVER.PING 1 5\r\nno-re\r\n";

    private static final List<String> EXPECTED = List.of(
        "$SYS.REQ.SERVER.PING|_INBOX.a|", "$SYS.REQ.SERVER.PING.VARZ|_INBOX.b|{}",
        "$SYS.REQ.ACCOUNT.A.CONNZ|_INBOX.c|hello", "$SYS.REQ.SERVER.PING|null|no-re");

    private static List<String> feed(final MsgFrames f, final byte[] bytes, final List<String> out)
    {
        f.feed(bytes, m -> out.add(m.subject() + "|" + m.reply() + "|"
            + new String(m.payload(), StandardCharsets.US_ASCII)));
        return out;
    }

    @Test
    void shouldDecodeMsgAndHmsgWithAndWithoutReply()
    {
        assertEquals(EXPECTED, feed(new MsgFrames(), STREAM.getBytes(StandardCharsets.US_ASCII), new ArrayList<>()));
    }

    @Test
    void shouldDecodeTheSameWhereverTheStreamIsCut()
    {
        final byte[] all = STREAM.getBytes(StandardCharsets.US_ASCII);
        for (int cut = 0; cut <= all.length; cut++)
        {
            final MsgFrames f = new MsgFrames();
            final List<String> out = new ArrayList<>();
            feed(f, Arrays.copyOfRange(all, 0, cut), out);
            feed(f, Arrays.copyOfRange(all, cut, all.length), out);
            assertEquals(EXPECTED, out, "cut at " + cut);
        }
    }

    @Test
    void shouldDecodeTheSameFedOneByteAtATime()
    {
        final byte[] all = STREAM.getBytes(StandardCharsets.US_ASCII);
        final MsgFrames f = new MsgFrames();
        final List<String> out = new ArrayList<>();
        for (final byte b : all)
        {
            feed(f, new byte[] {b}, out);
        }
        assertEquals(EXPECTED, out);
    }
}
