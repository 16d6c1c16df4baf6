package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jnatsd.server.ops.LogSink;
import jnatsd.server.ops.SyslogSink;
import org.junit.jupiter.api.Test;

/** The syslog destinations: remote over UDP, and a local Unix datagram socket as /dev/log is. */
class SyslogSinkTest
{
    @Test
    void remoteShouldSendGoSyslogLinesOverUdp() throws Exception
    {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            daemon.setSoTimeout(5_000);
            final SyslogSink sink = SyslogSink.remote("udp://127.0.0.1:" + daemon.getLocalPort());
            sink.write(LogSink.Level.ERROR, "[1] [ERR] boom", "boom");
            final DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            daemon.receive(p);
            final String msg = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
            assertTrue(
                msg.matches("<3>\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\S+ \\S+ jnatsd\\[\\d+\\]: boom\n"), msg);
            sink.close();
        }
    }

    /** Test-side libc: a bound Unix datagram socket to play the syslog daemon. */
    interface LibC extends Library
    {
        int socket(int domain, int type, int protocol);

        int bind(int fd, Addr address, int length);

        long recv(int fd, byte[] buffer, long length, int flags);

        int close(int fd);
    }

    /** struct sockaddr_un. */
    public static final class Addr extends Structure
    {
        public short family;
        public byte[] path = new byte[108];

        @Override
        protected List<String> getFieldOrder()
        {
            return List.of("family", "path");
        }
    }

    @Test
    void localShouldWriteToAUnixDatagramSocket() throws Exception
    {
        final LibC c = Native.load("c", LibC.class);
        final Path dir = Files.createTempDirectory("syslog");
        final Path socketPath = dir.resolve("log");
        final Addr addr = new Addr();
        addr.family = 1;
        final byte[] p = socketPath.toString().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, addr.path, 0, p.length);
        final int fd = c.socket(1, 2, 0);
        assertEquals(0, c.bind(fd, addr, addr.size()));
        try
        {
            final SyslogSink sink = SyslogSink.local(socketPath.toString());
            sink.write(LogSink.Level.INFO, "[1] [INF] Server is ready", "Server is ready");
            final byte[] buf = new byte[2048];
            final long n = c.recv(fd, buf, buf.length, 0);
            final String msg = new String(buf, 0, (int)n, StandardCharsets.UTF_8);
            final String bsd = "<29>[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d jnatsd\\[\\d+\\]: Server is ready\n";
            assertTrue(msg.matches(bsd), msg);
            sink.close();
        }
        finally
        {
            c.close(fd);
            Files.deleteIfExists(socketPath);
        }
    }
}
