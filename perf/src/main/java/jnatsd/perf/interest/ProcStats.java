package jnatsd.perf.interest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's resident memory and CPU time from Linux's /proc. */
public final class ProcStats
{
    /** Linux's USER_HZ, the unit of utime and stime in /proc/pid/stat. */
    private static final long TICKS_PER_SECOND = 100;

    private ProcStats()
    {
    }

    /** VmRSS of /proc/pid/status in bytes. */
    public static long rssBytes(final long pid) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                final String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** utime + stime of /proc/pid/stat (all threads), in nanoseconds (10 ms resolution). */
    public static long cpuNs(final long pid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ": state is field 0, utime field 11, stime field 12.
        final long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    }
}
