package jnatsd.perf.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

import jnatsd.perf.client.RawNatsConnection;

/**
 * Echoes each request's payload to its reply subject, on the reader thread; the connection flushes the replies
 * before it blocks on its next read, so a burst of requests is answered in one write.
 */
final class Responder implements RawNatsConnection.MessageHandler
{
    private final AtomicLong handled = new AtomicLong();

    @Override
    public void onMessage(final RawNatsConnection connection, final byte[] buffer, final int subjectOffset,
        final int subjectLength, final int replyOffset, final int replyLength, final int payloadOffset,
        final int payloadLength)
    {
        if (replyLength == 0)
        {
            return;
        }
        try
        {
            connection.publish(buffer, replyOffset, replyLength, null, 0, 0, buffer, payloadOffset, payloadLength);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        handled.lazySet(handled.get() + 1);
    }

    long handled()
    {
        return handled.get();
    }
}
