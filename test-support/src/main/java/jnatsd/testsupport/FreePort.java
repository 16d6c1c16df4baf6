package jnatsd.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback port nobody listens on right now, for a server a test is about to start. */
public final class FreePort
{
    private FreePort()
    {
    }

    /** A port the system just handed out and released (another process may take it: good enough for tests). */
    public static int next() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return s.getLocalPort();
        }
    }
}
