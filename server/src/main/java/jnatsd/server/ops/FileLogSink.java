package jnatsd.server.ops;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Function;

/**
 * -l / log_file, appended to, with nats-server's size-based rotation (logfile_size_limit): once a write takes
 * the file past the limit, it is renamed to {@code <file>.yyyy.MM.dd.HH.mm.ss.nnnnnnnnn} and a new file starts
 * with the line {@code Rotated log, backup saved as "<backup>"}. SIGUSR1 reopens the file by name, for external
 * rotation (logrotate's move-then-signal). The caller serializes calls.
 */
public final class FileLogSink implements LogSink
{
    private static final DateTimeFormatter BACKUP_SUFFIX = DateTimeFormatter.ofPattern("yyyy.MM.dd.HH.mm.ss");

    private final Path file;
    private final long limitBytes;
    private final Function<String, String> formatInfo;
    private OutputStream out;
    private long written;

    /**
     * @param limitBytes rotate past this size; 0 = never
     * @param formatInfo formats a message as an [INF] line, for the line that starts a rotated file
     */
    public FileLogSink(final Path file, final long limitBytes, final Function<String, String> formatInfo)
        throws IOException
    {
        this.file = file;
        this.limitBytes = limitBytes;
        this.formatInfo = formatInfo;
        open();
    }

    private void open() throws IOException
    {
        createRestricted(file);
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
        written = Files.size(file);
    }

    /** New log files are rw-r----- (nats opens them 0660, less the usual umask). */
    private static void createRestricted(final Path file) throws IOException
    {
        if (Files.exists(file))
        {
            return;
        }
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        }
        catch (final FileAlreadyExistsException | UnsupportedOperationException ex)
        {
            // created meanwhile, or not a POSIX file system: the plain open below creates it
        }
    }

    public Path file()
    {
        return file;
    }

    @Override
    public void write(final Level level, final String line, final String message)
    {
        final byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try
        {
            out.write(bytes);
            out.flush();
            written += bytes.length;
            if (limitBytes > 0 && written > limitBytes)
            {
                rotate();
            }
        }
        catch (final IOException ex)
        {
            System.err.println("jnatsd: cannot write log file " + file + ": " + ex.getMessage());
        }
    }

    private void rotate() throws IOException
    {
        out.close();
        final LocalDateTime now = LocalDateTime.now();
        final Path backup = file.resolveSibling(file.getFileName() + "." + BACKUP_SUFFIX.format(now)
            + String.format(".%09d", now.getNano()));
        Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
        open();
        final byte[] first = (formatInfo.apply("Rotated log, backup saved as \"" + backup + "\"") + "\n")
            .getBytes(StandardCharsets.UTF_8);
        out.write(first);
        out.flush();
        written = first.length;
    }

    @Override
    public void reopen() throws IOException
    {
        out.close();
        open();
    }

    @Override
    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ignore)
        {
            // closing at shutdown
        }
    }
}
