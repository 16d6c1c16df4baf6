package jnatsd.server.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link WireScript} against one server port and records a transcript: per step, what each client sent and
 * what it received (INFO normalised), and when the server closed it. Also collects failures of the script's own
 * {@code expect*} steps. Single-threaded apart from the clients' reader threads.
 */
final class WireRun
{
    /** Quiet time that ends a plain {@code read} step. */
    static final long READ_QUIET_MS = 150;
    /** Quiet time that ends the final drain after the last step. */
    static final long FINAL_QUIET_MS = 300;
    /** Maximum time of the final drain. */
    static final long FINAL_MAX_MS = 2_000;
    /** Pause between the pieces of a {@code send-split}. */
    static final long SPLIT_PAUSE_MS = 5;
    private static final long CONNECT_INFO_MS = 3_000;
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The transcript lines and the failed script expectations. */
    record Result(List<String> transcript, List<String> failures)
    {
        String text()
        {
            return String.join("\n", transcript) + "\n";
        }
    }

    private final List<WireScript.Step> masks = new ArrayList<>();
    private final Map<String, WireClient> clients = new LinkedHashMap<>();
    private final Map<String, Boolean> eofReported = new LinkedHashMap<>();
    private final List<String> transcript = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final int port;

    private WireRun(final int port)
    {
        this.port = port;
    }

    /** Runs the script against 127.0.0.1:port. */
    static Result run(final WireScript script, final int port) throws IOException, InterruptedException
    {
        final WireRun run = new WireRun(port);
        try
        {
            for (final WireScript.Step step : script.steps())
            {
                run.execute(step);
            }
            run.finalDrain();
        }
        finally
        {
            run.clients.values().forEach(WireClient::close);
        }
        return new Result(run.masked(), List.copyOf(run.failures));
    }

    private void execute(final WireScript.Step step) throws IOException, InterruptedException
    {
        final String c = step.client();
        final WireClient client = clients.get(c);
        if (step.op() != WireScript.Op.CONNECT && step.op() != WireScript.Op.SLEEP
            && step.op() != WireScript.Op.MASK && client == null)
        {
            throw new IllegalStateException("line " + step.line() + ": client " + c + " is not connected");
        }
        switch (step.op())
        {
            case CONNECT -> connect(c);
            case SEND ->
            {
                transcript.addAll(WireRender.render(c + " >> ", step.data()));
                client.send(step.data());
            }
            case SEND_SPLIT ->
            {
                transcript.add(c + " >> (in pieces of " + step.chunk() + " bytes)");
                transcript.addAll(WireRender.render(c + " >> ", step.data()));
                client.sendSplit(step.data(), step.chunk(), SPLIT_PAUSE_MS);
            }
            case BARRIER ->
            {
                transcript.add(c + " >> PING\\r\\n  [barrier]");
                client.send(PING);
                final boolean pong = client.awaitSuffix(PONG, step.millis());
                flush(c);
                if (!pong && !client.isEof())
                {
                    transcript.add(c + " -- no PONG within " + step.millis() + "ms");
                }
            }
            case READ ->
            {
                client.awaitQuiet(READ_QUIET_MS, step.millis(), System.nanoTime());
                flush(c);
            }
            case READ_WINDOW ->
            {
                client.awaitWindow(step.millis());
                flush(c);
            }
            case SLEEP -> Thread.sleep(step.millis());
            case MASK -> masks.add(step);
            case EXPECT_CLOSED ->
            {
                final boolean closed = client.awaitEof(step.millis());
                flush(c);
                if (!closed)
                {
                    transcript.add(c + " -- still open after " + step.millis() + "ms");
                    failures.add("line " + step.line() + ": " + c + " was not closed within " + step.millis() + "ms");
                }
            }
            case EXPECT, EXPECT_NOT ->
            {
                final boolean has = contains(client.all(), step.data());
                if (has != (step.op() == WireScript.Op.EXPECT))
                {
                    failures.add("line " + step.line() + ": " + c + (has ? " received " : " did not receive ")
                        + WireRender.escape(step.data(), 0, step.data().length));
                }
            }
            case CLOSE ->
            {
                flush(c);
                client.close();
                clients.remove(c);
                transcript.add(c + " -- closed by client");
            }
            default -> throw new IllegalStateException(step.op().name());
        }
    }

    /** The transcript with every {@code mask} step applied to the received-data lines. */
    private List<String> masked()
    {
        final List<String> out = new ArrayList<>(transcript.size());
        for (final String line : transcript)
        {
            String l = line;
            if (l.contains(" << "))
            {
                for (final WireScript.Step m : masks)
                {
                    l = l.replaceAll(new String(m.data(), StandardCharsets.UTF_8), m.replacement());
                }
            }
            out.add(l);
        }
        return out;
    }

    private void connect(final String c) throws IOException, InterruptedException
    {
        if (clients.containsKey(c))
        {
            throw new IllegalStateException(c + " connected twice");
        }
        final WireClient client = new WireClient(port, c);
        clients.put(c, client);
        eofReported.put(c, false);
        transcript.add(c + " -- connect");
        if (client.awaitLine(CONNECT_INFO_MS))
        {
            transcript.addAll(WireRender.render(c + " << ", client.takeLine()));
        }
        else
        {
            flush(c);
            transcript.add(c + " -- no INFO line");
        }
    }

    private void finalDrain() throws InterruptedException
    {
        final long startNs = System.nanoTime();
        for (final WireClient client : clients.values())
        {
            client.awaitQuiet(FINAL_QUIET_MS, FINAL_MAX_MS, startNs);
        }
        for (final String c : clients.keySet())
        {
            flush(c);
        }
    }

    private void flush(final String c)
    {
        final WireClient client = clients.get(c);
        transcript.addAll(WireRender.render(c + " << ", client.take()));
        if (client.isEof() && !eofReported.get(c))
        {
            eofReported.put(c, true);
            transcript.add(c + " -- closed by server");
        }
    }

    private static boolean contains(final byte[] hay, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (hay[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
