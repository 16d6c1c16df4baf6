package jnatsd.server.ops;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A connected Unix datagram socket through libc (JNA), for the local syslog socket: the JDK opens Unix-domain
 * stream sockets only. Linux constants.
 */
final class UnixDatagram implements SyslogSink.Sender
{
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;

    /** The few libc calls needed. */
    interface LibC extends Library
    {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        int connect(int fd, SockaddrUn address, int length) throws LastErrorException;

        long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** struct sockaddr_un. */
    public static final class SockaddrUn extends Structure
    {
        public short sunFamily;
        public byte[] sunPath = new byte[108];

        @Override
        protected List<String> getFieldOrder()
        {
            return List.of("sunFamily", "sunPath");
        }
    }

    private static volatile LibC libc;
    private final int fd;

    private UnixDatagram(final int fd)
    {
        this.fd = fd;
    }

    static UnixDatagram connect(final String path) throws IOException
    {
        final LibC c = libc();
        final byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length >= 108)
        {
            throw new IOException("socket path too long: " + path);
        }
        final SockaddrUn addr = new SockaddrUn();
        addr.sunFamily = AF_UNIX;
        System.arraycopy(p, 0, addr.sunPath, 0, p.length);
        final int fd;
        try
        {
            fd = c.socket(AF_UNIX, SOCK_DGRAM, 0);
        }
        catch (final LastErrorException ex)
        {
            throw new IOException("socket: " + ex.getMessage());
        }
        try
        {
            c.connect(fd, addr, addr.size());
        }
        catch (final LastErrorException ex)
        {
            c.close(fd);
            throw new IOException("connect " + path + ": " + ex.getMessage());
        }
        return new UnixDatagram(fd);
    }

    private static LibC libc()
    {
        LibC c = libc;
        if (c == null)
        {
            c = Native.load("c", LibC.class);
            libc = c;
        }
        return c;
    }

    @Override
    public void send(final byte[] message) throws IOException
    {
        try
        {
            libc().send(fd, message, message.length, 0);
        }
        catch (final LastErrorException ex)
        {
            throw new IOException("send: " + ex.getMessage());
        }
    }

    @Override
    public void close()
    {
        try
        {
            libc().close(fd);
        }
        catch (final LastErrorException ignore)
        {
            // shutting down
        }
    }
}
