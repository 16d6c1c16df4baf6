package jnatsd.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP and raw-protocol helpers for the monitoring tests. */
final class MonitorTestSupport
{
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    private MonitorTestSupport()
    {
    }

    static HttpResponse<String> get(final int port, final String pathAndQuery) throws IOException
    {
        final HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(10)).GET().build();
        try
        {
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
    }

    /** GET that must answer 200 with JSON; the parsed document. */
    static JsonNode json(final int port, final String pathAndQuery) throws IOException
    {
        final HttpResponse<String> r = get(port, pathAndQuery);
        if (r.statusCode() != 200)
        {
            throw new AssertionError(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** A raw client: CONNECT (protocol 1, a name and lang), then whatever the test sends. */
    static final class Raw implements AutoCloseable
    {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Raw(final int port, final String name) throws IOException
        {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            final String info = in.readLine();
            if (info == null || !info.startsWith("INFO "))
            {
                throw new IOException("expected INFO, got " + info);
            }
            send("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"name\":\"" + name
                + "\",\"lang\":\"raw\",\"version\":\"1.0\"}\r\n");
        }

        Raw send(final String text) throws IOException
        {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** PING and wait for its PONG (skipping anything else): everything sent before is applied. */
        void sync() throws IOException
        {
            send("PING\r\n");
            String line;
            while ((line = in.readLine()) != null)
            {
                if ("PONG".equals(line))
                {
                    return;
                }
            }
            throw new IOException("connection closed before PONG");
        }

        /** The next line, or null at end of stream. */
        String readLine() throws IOException
        {
            return in.readLine();
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
