package jnatsd.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that holds every chunk of bytes for a set delay before passing it on, in order, in both
 * directions: a link with latency where the kernel has no netem qdisc (this machine's has none).
 */
public final class DelayProxy implements AutoCloseable
{
    private static final byte[] END = new byte[0];

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong accepted = new AtomicLong();
    private final long delayNanos;
    private volatile boolean closed;

    private DelayProxy(final ServerSocket server, final InetSocketAddress target, final long delayMs)
    {
        this.server = server;
        this.target = target;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMs);
    }

    /** Listens on a free loopback port and forwards to 127.0.0.1:targetPort with the given one-way delay. */
    public static DelayProxy start(final int targetPort, final long delayMs) throws IOException
    {
        final ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final DelayProxy proxy = new DelayProxy(ss, new InetSocketAddress("127.0.0.1", targetPort), delayMs);
        final Thread t = new Thread(proxy::acceptLoop, "delay-proxy-accept-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
        return proxy;
    }

    public int port()
    {
        return server.getLocalPort();
    }

    /** Connections taken so far (a reconnect shows as a second one). */
    public long accepted()
    {
        return accepted.get();
    }

    private void acceptLoop()
    {
        while (!closed)
        {
            try
            {
                final Socket in = server.accept();
                final Socket out = new Socket();
                try
                {
                    out.connect(target, 5_000);
                }
                catch (final IOException ex)
                {
                    in.close();
                    continue;
                }
                accepted.incrementAndGet();
                for (final Socket s : List.of(in, out))
                {
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                pipe(in, out);
                pipe(out, in);
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    ServerProcess.sleep(10);
                }
            }
        }
    }

    /** Two threads for one direction: a reader that stamps chunks, a writer that releases them when due. */
    private void pipe(final Socket from, final Socket to)
    {
        final BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        final Thread reader = new Thread(() -> read(from, queue), "delay-proxy-read");
        final Thread writer = new Thread(() -> write(to, queue), "delay-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void read(final Socket from, final BlockingQueue<Chunk> queue)
    {
        final byte[] buf = new byte[16 * 1024];
        try
        {
            final InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buf)) > 0)
            {
                queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
            }
        }
        catch (final IOException ignore)
        {
            // The peer or close() ended it; the writer passes the end on once what was read is written.
        }
        queue.add(new Chunk(System.nanoTime() + delayNanos, END));
    }

    private void write(final Socket to, final BlockingQueue<Chunk> queue)
    {
        try
        {
            final OutputStream out = to.getOutputStream();
            while (true)
            {
                final Chunk c = queue.take();
                final long wait = c.releaseAt() - System.nanoTime();
                if (wait > 0)
                {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (c.bytes() == END)
                {
                    break;
                }
                out.write(c.bytes());
                out.flush();
            }
        }
        catch (final IOException | InterruptedException ignore)
        {
            // Closed under us: the other direction ends too.
        }
        quietClose(to);
    }

    private static void quietClose(final Socket s)
    {
        try
        {
            s.close();
        }
        catch (final IOException ignore)
        {
            // Already closed.
        }
    }

    @Override
    public void close()
    {
        closed = true;
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // Already closed.
        }
        for (final Socket s : sockets)
        {
            quietClose(s);
        }
    }

    private record Chunk(long releaseAt, byte[] bytes)
    {
    }
}
