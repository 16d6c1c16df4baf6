package jnatsd.server.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * syslog (local, -s) and remote_syslog (-r udp://host:514, tcp://…, unix:///…), formatted as Go's log/syslog
 * writes for nats-server: locally {@code <PRI>Jan _2 15:04:05 jnatsd[PID]: message} with facility daemon,
 * remotely {@code <PRI>2006-01-02T15:04:05Z07:00 HOST jnatsd[PID]: message} with the priority nats dials
 * (severity only). Notice for [INF] and [TRC], warning, err, crit for [FTL], debug.
 * <p>
 * The local socket (/dev/log) is a Unix datagram socket on Linux, which the JDK cannot open; it is reached
 * through JNA's libc binding (JNA ships with the OpenHFT affinity dependency). A stream socket there is opened
 * with the JDK's own Unix-domain channels.
 */
public final class SyslogSink implements LogSink
{
    /** Where a local syslog daemon listens, in the order Go's log/syslog tries. */
    private static final List<String> LOCAL_PATHS = List.of("/dev/log", "/var/run/syslog", "/var/run/log");
    /** Tests point the local sink at their own socket. */
    public static final String SOCKET_ENV = "JNATSD_SYSLOG_SOCKET";
    private static final int FACILITY_DAEMON = 3 << 3;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String TAG = "jnatsd";

    private final Sender sender;
    private final boolean local;
    private final String host;
    private final long pid = ProcessHandle.current().pid();

    /** One way of handing a formatted message to the daemon. */
    interface Sender
    {
        void send(byte[] message) throws IOException;

        void close();
    }

    private SyslogSink(final Sender sender, final boolean local)
    {
        this.sender = sender;
        this.local = local;
        this.host = hostName();
    }

    /** -s / syslog: the local daemon's socket. */
    public static SyslogSink local() throws IOException
    {
        final String env = System.getenv(SOCKET_ENV);
        final List<String> paths = env == null || env.isEmpty() ? LOCAL_PATHS : List.of(env);
        IOException last = null;
        for (final String p : paths)
        {
            if (!Files.exists(Path.of(p)))
            {
                continue;
            }
            try
            {
                return new SyslogSink(unixSender(p), true);
            }
            catch (final IOException ex)
            {
                last = ex;
            }
        }
        throw last != null ? last : new IOException("Unix syslog delivery error (no socket at " + paths + ")");
    }

    /** A local daemon listening on {@code path} (a Unix datagram or stream socket). */
    public static SyslogSink local(final String path) throws IOException
    {
        return new SyslogSink(unixSender(path), true);
    }

    /** -r / remote_syslog: udp://host:port (default port 514), tcp://host:port or unix:///path. */
    public static SyslogSink remote(final String url) throws IOException
    {
        final URI u = URI.create(url);
        final String scheme = u.getScheme() == null ? "" : u.getScheme();
        final int port = u.getPort() < 0 ? 514 : u.getPort();
        return switch (scheme)
        {
            case "udp" ->
            {
                final DatagramChannel ch = DatagramChannel.open();
                ch.connect(new InetSocketAddress(u.getHost(), port));
                yield new SyslogSink(channelSender(ch), false);
            }
            case "tcp" -> new SyslogSink(channelSender(SocketChannel.open(new InetSocketAddress(u.getHost(), port))),
                false);
            case "unix" -> new SyslogSink(unixSender(u.getPath()), false);
            default -> throw new IOException("error invalid network type: \"" + scheme + "\"");
        };
    }

    private static Sender unixSender(final String path) throws IOException
    {
        try
        {
            return UnixDatagram.connect(path);
        }
        catch (final IOException | LinkageError ex)
        {
            // Not a datagram socket (or no JNA): try a stream socket, as Go's log/syslog does.
            try
            {
                final SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(path));
                return channelSender(ch);
            }
            catch (final IOException stream)
            {
                stream.addSuppressed(ex);
                throw stream;
            }
        }
    }

    private static Sender channelSender(final ByteChannel ch)
    {
        return new Sender()
        {
            @Override
            public void send(final byte[] message) throws IOException
            {
                final ByteBuffer b = ByteBuffer.wrap(message);
                while (b.hasRemaining())
                {
                    ch.write(b);
                }
            }

            @Override
            public void close()
            {
                try
                {
                    ch.close();
                }
                catch (final IOException ignore)
                {
                    // shutting down
                }
            }
        };
    }

    @Override
    public void write(final Level level, final String line, final String message)
    {
        final int severity = switch (level)
        {
            case FATAL -> 2;
            case ERROR -> 3;
            case WARN -> 4;
            case INFO, TRACE -> 5;
            case DEBUG -> 7;
        };
        try
        {
            sender.send(format(severity, message).getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            System.err.println("jnatsd: syslog: " + ex.getMessage() + ": " + line);
        }
    }

    String format(final int severity, final String message)
    {
        final ZonedDateTime now = ZonedDateTime.now();
        final String nl = message.endsWith("\n") ? "" : "\n";
        if (local)
        {
            return "<" + (FACILITY_DAEMON | severity) + ">" + STAMP.format(now) + " " + TAG + "[" + pid + "]: "
                + message + nl;
        }
        return "<" + severity + ">" + RFC3339.format(now) + " " + host + " " + TAG + "[" + pid + "]: " + message + nl;
    }

    private static String hostName()
    {
        try
        {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (final IOException ex)
        {
            return "localhost";
        }
    }

    @Override
    public void close()
    {
        sender.close();
    }
}
