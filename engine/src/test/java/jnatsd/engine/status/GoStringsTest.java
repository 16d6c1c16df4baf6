package jnatsd.engine.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class GoStringsTest
{
    private static String traced(final byte[] b, final int max)
    {
        return GoStrings.tracedPayload(new UnsafeBuffer(b), 0, b.length, max);
    }

    @Test
    void tracedPayloadShouldQuoteAsGoPercentQ()
    {
        // nats-server 2.9.10: <<- MSG_PAYLOAD: ["hi"], over max_traced_msg_len 5: ["hello..."]
        assertEquals("MSG_PAYLOAD: [\"hi\"]", traced("hi".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals("MSG_PAYLOAD: [\"hello...\"]", traced("hello\tworld\"".getBytes(StandardCharsets.UTF_8), 5));
        assertEquals("MSG_PAYLOAD: [\"a\\tb\\\"c\\\\\\r\\n\\x01\"]",
            traced("a\tb\"c\\\r\n\u0001".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals("MSG_PAYLOAD: [\"é\"]", traced("é".getBytes(StandardCharsets.UTF_8), 0));
        assertEquals("MSG_PAYLOAD: [\"\\xffa\"]", traced(new byte[] {(byte)0xff, 'a'}, 0));
    }
}
