package jnatsd.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The accept queue length for listening sockets, as Go's net package sizes it for nats-server: the kernel's
 * net.core.somaxconn (4096 on current Linux), at most 65535. A short queue overflows in a connection storm, and each
 * dropped SYN costs its client a 1 s retransmit.
 */
public final class ListenBacklog
{
    private static final int DEFAULT = 4096;
    private static final int MAX = 65535;
    private static final int VALUE = read(Path.of("/proc/sys/net/core/somaxconn"));

    private ListenBacklog()
    {
    }

    public static int value()
    {
        return VALUE;
    }

    static int read(final Path somaxconn)
    {
        // Not Files.readString: on this /proc/sys file it returned one character ("4" of "4096"), Java 17 and 25.
        try (BufferedReader in = Files.newBufferedReader(somaxconn))
        {
            final String line = in.readLine();
            final int n = line == null ? 0 : Integer.parseInt(line.trim());
            return n <= 0 ? DEFAULT : Math.min(n, MAX);
        }
        catch (final IOException | NumberFormatException | SecurityException ex)
        {
            return DEFAULT;
        }
    }
}
