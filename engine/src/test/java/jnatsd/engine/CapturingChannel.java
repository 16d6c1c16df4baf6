package jnatsd.engine;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnatsd.engine.session.WireChannel;

/** A socket stand-in: records what the engine writes; can be made to accept only a few bytes. */
public final class CapturingChannel implements WireChannel
{
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int writeCalls;
    long acceptLimit = Long.MAX_VALUE;
    boolean open = true;

    /** From now on, accept at most this many bytes (then writes take 0, as a full socket). */
    public void acceptLimit(final long bytes)
    {
        acceptLimit = bytes;
    }

    /** Everything written since the last call, as text. */
    public String take()
    {
        final String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Override
    public long write(final ByteBuffer[] srcs, final int offset, final int length)
    {
        writeCalls++;
        long n = 0;
        for (int i = offset; i < offset + length; i++)
        {
            n += copy(srcs[i]);
        }
        return n;
    }

    @Override
    public int write(final ByteBuffer src)
    {
        writeCalls++;
        return copy(src);
    }

    private int copy(final ByteBuffer src)
    {
        final int n = (int)Math.min(src.remaining(), acceptLimit);
        acceptLimit -= n;
        for (int i = 0; i < n; i++)
        {
            bytes.write(src.get());
        }
        return n;
    }

    public boolean isOpen()
    {
        return open;
    }

    @Override
    public int read(final ByteBuffer dst)
    {
        return 0;
    }

    @Override
    public void close()
    {
        open = false;
    }
}
