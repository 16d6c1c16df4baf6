package jnatsd.server.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.RawClient;
import org.junit.jupiter.api.Test;

/**
 * A publisher that floods, goes quiet and floods again moves between the standard and the busy read buffer (its
 * partial operation carried across each move): every message still arrives whole and in order.
 */
class ReadBufferSizingIT extends NatsClientTestSupport
{
    private static final int[] SIZES = {0, 1, 17, 100, 1000, 5000, 33_000, 70_000};

    @Test
    void floodsAndQuietSpellsDeliverEveryMessageWholeAndInOrder() throws Exception
    {
        final int floodMessages = 1500;
        final int quietMessages = 80;
        final int total = floodMessages + quietMessages + floodMessages;
        try (RawClient sub = RawClient.open(server.port(), 0, 10_000);
             RawClient pub = RawClient.open(server.port(), 0, 10_000))
        {
            sub.connect("SUB rs 1\r\n");
            sub.pingAndCollect();
            pub.connect("");
            final ExecutorService reader = Executors.newSingleThreadExecutor();
            try
            {
                final Future<Integer> checked = reader.submit(() ->
                {
                    for (int i = 0; i < total; i++)
                    {
                        final String got = sub.nextMsg().payload();
                        final String want = payload(i);
                        if (!want.equals(got))
                        {
                            fail("message " + i + ": " + got.length() + " bytes starting "
                                + got.substring(0, Math.min(20, got.length())) + ", expected " + want.length()
                                + " bytes starting " + want.substring(0, Math.min(20, want.length())));
                        }
                    }
                    return total;
                });
                pub.send(flood(0, floodMessages));
                // Quiet: one small message per read (the PONG proves the server read it before the next).
                for (int i = floodMessages; i < floodMessages + quietMessages; i++)
                {
                    pub.send("PUB rs " + payload(i).length() + "\r\n" + payload(i) + "\r\n");
                    pub.pingAndCollect();
                }
                pub.send(flood(floodMessages + quietMessages, floodMessages));
                pub.pingAndCollect();
                assertEquals(total, checked.get(60, TimeUnit.SECONDS));
            }
            finally
            {
                reader.shutdownNow();
            }
        }
    }

    /** Messages from index {@code first} on, as one write: the server's reads fill its buffer. */
    private static String flood(final int first, final int count)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = first; i < first + count; i++)
        {
            final String p = payload(i);
            out.writeBytes(("PUB rs " + p.length() + "\r\n" + p + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Mostly short payloads, some crossing the 32 KB and 64 KB buffer sizes; each names its index. */
    private static String payload(final int i)
    {
        final int size = i % 97 == 0 ? SIZES[7] : i % 13 == 0 ? SIZES[6] : SIZES[i % 6];
        final StringBuilder b = new StringBuilder(size + 8);
        b.append(i).append(':');
        while (b.length() < size)
        {
            b.append((char)('a' + (b.length() + i) % 26));
        }
        return b.toString();
    }
}
