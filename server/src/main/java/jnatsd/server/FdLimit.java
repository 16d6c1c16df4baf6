package jnatsd.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's open-file limit, for the start banner. The JVM itself raises the soft limit to the hard one at
 * start on Linux ({@code -XX:+MaxFDLimit}, on by default), as Go 1.19+ does for nats-server, so 10k clients need no
 * {@code ulimit -n} from the user; this only reads what it got, from {@code /proc/self/limits}.
 */
final class FdLimit
{
    private static final String ROW = "Max open files";

    private FdLimit()
    {
    }

    /** The banner line's text, or null where /proc is not there. */
    static String describe()
    {
        try
        {
            return describe(Files.readString(Path.of("/proc/self/limits"), StandardCharsets.US_ASCII));
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /** From the text of a /proc/PID/limits file: "20000", or "1024 (hard limit 4096)" when the soft one is lower. */
    static String describe(final String limits)
    {
        for (final String line : limits.split("\n"))
        {
            if (line.startsWith(ROW))
            {
                final String[] f = line.substring(ROW.length()).trim().split("\\s+");
                if (f.length < 2)
                {
                    return null;
                }
                return f[0].equals(f[1]) ? f[0] : f[0] + " (hard limit " + f[1] + ")";
            }
        }
        return null;
    }
}
