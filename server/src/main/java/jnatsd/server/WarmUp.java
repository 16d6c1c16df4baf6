package jnatsd.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.egress.Outbound;

/**
 * Runs real traffic through a private instance of the server (its own loopback port, see
 * {@link JnatsdServer#start}) while the real one already serves, so the JIT compiles the hot path (parse, ring,
 * match, write) from a broad profile in the first second or two: a JVM starts interpreted, and without this the
 * first seconds of traffic cost two to three times the CPU of steady state.
 * The mix covers PUB with and without reply, request/reply with a new reply subject each time, no responders, HPUB,
 * a queue group, a wildcard fan-out, 1 KB payloads and PING.
 */
final class WarmUp
{
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Every socket the warm-up opened, so {@link #abort()} can unblock it from another thread. */
    private final Set<Socket> opened = ConcurrentHashMap.newKeySet();

    private volatile boolean aborted;

    /**
     * Closes every socket the warm-up opened, and any it would open: its blocked reads and writes fail and it ends.
     * Any thread.
     */
    void abort()
    {
        aborted = true;
        for (final Socket s : opened)
        {
            try
            {
                s.close();
            }
            catch (final IOException ignore)
            {
                // closing anyway
            }
        }
    }

    void run(final int port, final String token, final int rounds) throws IOException, InterruptedException
    {
        final String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true,\"no_responders\":true,"
            + "\"protocol\":1,\"name\":\"jnatsd-warm-up\",\"auth_token\":\"" + token + "\"}\r\n";
        try (Socket sub1 = open(port); Socket sub2 = open(port); Socket pub = open(port))
        {
            // Subjects of several lengths: hashing and matching see short, word-sized and long subjects. The inbox
            // wildcard gets a new reply subject per request, as a client's request/reply does: match-cache misses,
            // inserts and evictions are part of the hot path then, and must be compiled before a client sees them.
            send(sub1, connect + "SUB w.> 1\r\nSUB w.q q 2\r\nSUB warmup.subject.with.tokens 3\r\nPING\r\n");
            send(sub2, connect + "SUB w.a 1\r\nSUB w.q q 2\r\nSUB wu.ab.cd 3\r\nSUB _INBOX.Wz4Jq9mKpLx2Vn7.* 4\r\n"
                + "PING\r\n");
            final Thread d1 = drain(sub1);
            final Thread d2 = drain(sub2);
            send(pub, connect);
            final StringBuilder fixed = new StringBuilder();
            final String kb = "x".repeat(1024);
            for (int i = 0; i < 50; i++)
            {
                fixed.append("PUB w.a 16\r\n0123456789abcdef\r\n");
                // Fan-out frames copied for the second receiver, of up to 64 bytes and longer.
                fixed.append("PUB w.a 100\r\n").append(kb, 0, 100).append("\r\n");
                fixed.append("HPUB w.h 12 28\r\nNATS/1.0\r\n\r\n0123456789abcdef\r\n");
                fixed.append("PUB w.q 1024\r\n").append(kb).append("\r\n");
                fixed.append("PUB nobody 16\r\n0123456789abcdef\r\n");
                fixed.append("PUB wu.ab.cd 16\r\n0123456789abcdef\r\n");
                // Subject and payload lengths across the copy paths' edges (1-3, 4-7, 8-64 and more bytes).
                final int size = (i * 7) % 70;
                fixed.append("PUB w.x").append("abcdefghijkl", 0, i % 12).append(' ').append(size).append("\r\n")
                    .append(kb, 0, size).append("\r\n");
            }
            // Built once: the warm-up runs in the server's JVM, and garbage here would grow its heap (and RSS).
            final byte[] fixedBytes = fixed.toString().getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = pub.getOutputStream();
            final Thread d3 = drain(pub);
            final StringBuilder sb = new StringBuilder();
            int request = 0;
            for (int r = 0; r < rounds / 500; r++)
            {
                sb.setLength(0);
                for (int i = 0; i < 50; i++, request++)
                {
                    // A request (new reply subject), its answer to the inbox, and one nobody answers (503).
                    sb.append("PUB w.a _INBOX.Wz4Jq9mKpLx2Vn7.").append(request).append(" 16\r\n0123456789abcdef\r\n");
                    sb.append("PUB _INBOX.Wz4Jq9mKpLx2Vn7.").append(request).append(" 16\r\n0123456789abcdef\r\n");
                    sb.append("PUB nobody.").append(request & 1023).append(" _INBOX.Wz4Jq9mKpLx2Vn7.x")
                        .append(request).append(" 16\r\n0123456789abcdef\r\n");
                }
                sb.append("PUB warmup.subject.with.tokens _INBOX.Wz4Jq9mKpLx2Vn7 16\r\n0123456789abcdef\r\n");
                out.write(fixedBytes);
                out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                // Interest changes and closing connections between publishes: cache invalidation and session
                // teardown run over other buffer types and code paths. Profiled now, they cannot deoptimise the
                // compiled publish path later, when the warm-up's own connections go and real clients arrive.
                send(sub1, "SUB wu.churn." + r + " 9\r\nUNSUB 9\r\nSUB wu.* 10\r\nUNSUB 10\r\n");
                if (r % 16 == 0)
                {
                    try (Socket brief = open(port))
                    {
                        send(brief, connect + "SUB wu.brief 1\r\nSUB w.> 2\r\nPING\r\n");
                        brief.getInputStream().read(new byte[4096]);
                    }
                }
            }
            flood(port, connect, rounds * 4);
            fillAndDrain(port, connect, 5);
            busyAndQuiet(port, connect, rounds);
            pingPong(port, connect, rounds / 500);
            emptyFlushes();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pub.shutdownOutput();
            d3.join(30_000);
            sub1.close();
            sub2.close();
            d1.join(5_000);
            d2.join(5_000);
        }
    }

    /**
     * The shape of a throughput run: large writes of small PUBs, a subscriber that reads continuously and one that
     * stalls first (partial socket writes, write interest, publisher throttling), as a benchmark's clients do.
     */
    private void flood(final int port, final String connect, final int messages)
        throws IOException, InterruptedException
    {
        try (Socket fast = open(port); Socket fast2 = open(port); Socket fast3 = open(port); Socket fast4 = open(port);
            Socket slow = open(port); Socket pub = open(port))
        {
            slow.setReceiveBufferSize(8 * 1024);
            final Socket[] fasts = {fast, fast2, fast3, fast4};
            final Thread[] readers = new Thread[fasts.length];
            for (int i = 0; i < fasts.length; i++)
            {
                send(fasts[i], connect + "SUB wu.flood 1\r\nPING\r\n");
                readers[i] = drain(fasts[i]);
            }
            send(slow, connect + "SUB wu.flood 1\r\nPING\r\n");
            send(pub, connect);
            final byte[] one = "PUB wu.flood 16\r\n0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
            final int perWrite = 64 * 1024 / one.length;
            final byte[] batch = repeated(one, 64 * 1024);
            final Thread d2 = new Thread(() ->
            {
                try
                {
                    Thread.sleep(300);
                }
                catch (final InterruptedException ignore)
                {
                    return;
                }
                drainNow(slow);
            }, "warm-up-slow-reader");
            d2.setDaemon(true);
            d2.start();
            final Thread d3 = drain(pub);
            final OutputStream out = pub.getOutputStream();
            for (int sent = 0; sent < messages; sent += perWrite)
            {
                out.write(batch);
            }
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            pub.shutdownOutput();
            d3.join(60_000);
            for (int i = 0; i < fasts.length; i++)
            {
                fasts[i].close();
                readers[i].join(5_000);
            }
            slow.close();
            d2.join(5_000);
        }
    }

    /**
     * A subscriber that stops reading while a publisher sends more than the two sockets hold, then reads it all, a
     * few times: incomplete flushes, write interest, the selector's OP_WRITE and the flush it asks for (sometimes
     * finding nothing left) run here. The flood's reader never lets its socket empty that far, and a class archive
     * trained without this made the first 1 KB benchmark recompile the engine's and the selector's loops.
     */
    private void fillAndDrain(final int port, final String connect, final int cycles)
        throws IOException, InterruptedException
    {
        try (Socket sub = open(port); Socket pub = open(port))
        {
            // Fixed and at least a segment: a window below loopback's 64 KB segments stalls TCP on its persist
            // timer (~80 KB/s), and the server's send buffer then never empties enough for OP_WRITE.
            sub.setReceiveBufferSize(256 * 1024);
            final InputStream in = sub.getInputStream();
            final byte[] buf = new byte[64 * 1024];
            send(sub, connect + "SUB wu.fill 1\r\nSUB wu.fill.end 2\r\nPING\r\n");
            if (!readPast(in, buf, PONG))
            {
                return;
            }
            send(pub, connect);
            final Thread d = drain(pub);
            // 8 MB a cycle: more than the server's send buffer grows to (4 MB) and the reader's together. Written
            // 64 KB at a time, so the warm-up holds no 8 MB array in the server's heap.
            final byte[] batch = repeated(("PUB wu.fill 1024\r\n" + "x".repeat(1024) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), 64 * 1024);
            final byte[] end = "PUB wu.fill.end 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            final byte[] marker = "MSG wu.fill.end 2 0\r\n".getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = pub.getOutputStream();
            for (int c = 0; c < cycles && !aborted; c++)
            {
                final Thread writer = new Thread(() ->
                {
                    try
                    {
                        for (int sent = 0; sent < 8 * 1024 * 1024; sent += batch.length)
                        {
                            out.write(batch);
                        }
                        out.write(end);
                        out.flush();
                    }
                    catch (final IOException ignore)
                    {
                        // aborted; the reader's read fails too
                    }
                }, "warm-up-fill-writer");
                writer.setDaemon(true);
                writer.start();
                Thread.sleep(20);
                final boolean drained = readPast(in, buf, marker);
                writer.join(30_000);
                if (!drained)
                {
                    break;
                }
            }
            pub.close();
            d.join(5_000);
        }
    }

    /**
     * A WRITABLE that comes after a batch's flush already emptied the queue flushes nothing. No scenario here makes
     * that order happen for sure (fillAndDrain's flushes come first), and C2 compiles a branch its profile has never
     * seen as a trap: a benchmark's first fan-out recompiled {@code Outbound.flush}. A few empty flushes put the
     * branch in the profile.
     */
    private static void emptyFlushes() throws IOException
    {
        final Outbound empty = new Outbound(new ChunkPool(64, 0, 0));
        for (int i = 0; i < 64; i++)
        {
            empty.flush(null);
        }
    }

    /**
     * A publisher that trickles (lines cut by reads), floods, goes quiet and floods again, a few times: its read
     * buffer moves to the busy size and back (with a partial operation carried across), so those moves and the parse
     * of cut lines are compiled code before a client makes them.
     */
    private void busyAndQuiet(final int port, final String connect, final int rounds) throws IOException
    {
        try (Socket pub = open(port))
        {
            send(pub, connect);
            final byte[] burst =
                repeated("PUB wu.nobody 16\r\n0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII), 256 * 1024);
            final byte[] quiet = "PUB wu.nobody 16\r\n0123456789abcdef\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = pub.getOutputStream();
            final InputStream in = pub.getInputStream();
            final byte[] buf = new byte[4096];
            // Lines cut by reads at every position: the parser's path for a partial line (fastPub's early exits,
            // then argumentLine once the rest arrives) runs once per read, so a flood alone leaves it cold until a
            // client's first long run compiles it (0.15 s of C2 in a measured pub_16 run).
            for (int pass = 0; pass < 2; pass++)
            {
                for (int off = 0; off < burst.length; off += 61)
                {
                    out.write(burst, off, Math.min(61, burst.length - off));
                }
                out.write(quiet);
                out.flush();
                if (!readPastPong(in, buf))
                {
                    return;
                }
            }
            final long deadline = System.nanoTime() + 500_000_000L;
            for (int cycle = 0; cycle < Math.max(2, rounds / 2000) && System.nanoTime() - deadline < 0; cycle++)
            {
                out.write(burst);
                out.write(quiet);
                out.flush();
                if (!readPastPong(in, buf))
                {
                    return;
                }
                // One small read at a time (each PING answered before the next), 64 of them make it quiet again.
                for (int i = 0; i < 70; i++)
                {
                    out.write(quiet);
                    out.flush();
                    if (!readPastPong(in, buf))
                    {
                        return;
                    }
                }
            }
        }
    }

    /**
     * The shape of request/reply: one small operation per read, answered and flushed at once, then the server idles
     * (its spin window, then a blocking select) until the next one.
     */
    private void pingPong(final int port, final String connect, final int exchanges) throws IOException
    {
        try (Socket responder = open(port); Socket requester = open(port))
        {
            send(responder, connect + "SUB wu.rr 1\r\nPING\r\n");
            final Thread d = drain(responder);
            send(requester, connect + "SUB _INBOX.rr.* 1\r\n");
            final InputStream in = requester.getInputStream();
            final byte[] buf = new byte[4096];
            // Bounded in time too: on a loaded box each round trip waits for the scheduler, and a few hundred
            // exchanges already profile this path.
            final long deadline = System.nanoTime() + 300_000_000L;
            for (int i = 0; i < exchanges && (i < 200 || System.nanoTime() - deadline < 0); i++)
            {
                send(requester, "PUB wu.rr _INBOX.rr." + i + " 16\r\n0123456789abcdef\r\nPING\r\n");
                if (!readPastPong(in, buf))
                {
                    break;
                }
            }
            responder.close();
            try
            {
                d.join(5_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads until a PONG has gone by (one PING is outstanding, so the first PONG is the answer), however the reads
     * cut the stream. False at end of stream.
     */
    private static boolean readPastPong(final InputStream in, final byte[] buf) throws IOException
    {
        return readPast(in, buf, PONG);
    }

    /** Reads until {@code marker} has gone by, however the reads cut it (its first byte occurs in it only once). */
    private static boolean readPast(final InputStream in, final byte[] buf, final byte[] marker) throws IOException
    {
        int matched = 0;
        int n;
        while ((n = in.read(buf)) > 0)
        {
            for (int k = 0; k < n; k++)
            {
                matched = buf[k] == marker[matched] ? matched + 1 : buf[k] == marker[0] ? 1 : 0;
                if (matched == marker.length)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** As many whole copies of {@code one} as fit in {@code bytes}, back to back. */
    private static byte[] repeated(final byte[] one, final int bytes)
    {
        final byte[] all = new byte[bytes / one.length * one.length];
        for (int i = 0; i < all.length; i += one.length)
        {
            System.arraycopy(one, 0, all, i, one.length);
        }
        return all;
    }

    private static void drainNow(final Socket s)
    {
        final byte[] buf = new byte[64 * 1024];
        try
        {
            final InputStream in = s.getInputStream();
            while (in.read(buf) >= 0)
            {
                // discard
            }
        }
        catch (final IOException ignore)
        {
            // closed
        }
    }

    private Socket open(final int port) throws IOException
    {
        final Socket s = new Socket();
        opened.add(s);
        // Checked after the add: an abort that has not seen this socket has set the flag already.
        if (aborted)
        {
            s.close();
            throw new IOException("warm-up aborted");
        }
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(30_000);
        return s;
    }

    private static void send(final Socket s, final String text) throws IOException
    {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Reads and discards until the socket closes. */
    private static Thread drain(final Socket s)
    {
        final Thread t = new Thread(() -> drainNow(s), "warm-up-reader");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
