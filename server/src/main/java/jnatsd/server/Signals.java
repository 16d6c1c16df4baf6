package jnatsd.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** --signal: sends a Unix signal to a running server, as nats-server's -sl (stop, quit, term, reopen, reload, ldm). */
final class Signals
{
    private Signals()
    {
    }

    static int send(final String spec)
    {
        final String cmd;
        String target = "";
        final int eq = spec.indexOf('=');
        if (eq >= 0)
        {
            cmd = spec.substring(0, eq);
            target = spec.substring(eq + 1);
        }
        else
        {
            cmd = spec;
        }
        final String sig = switch (cmd)
        {
            // As nats-server: stop kills at once (SIGKILL); term is the graceful stop.
            case "stop" -> "KILL";
            case "term" -> "TERM";
            case "quit" -> "INT";
            case "reopen" -> "USR1";
            case "reload" -> "HUP";
            case "ldm" -> "USR2";
            default -> null;
        };
        if (sig == null)
        {
            System.err.println("jnatsd: unknown signal \"" + cmd + "\"");
            return 1;
        }
        final long pid;
        try
        {
            pid = resolvePid(target);
        }
        catch (final IOException | NumberFormatException ex)
        {
            System.err.println(target.isEmpty() ? "jnatsd: " + ex.getMessage()
                : "jnatsd: cannot resolve pid from \"" + target + "\": " + ex.getMessage());
            return 1;
        }
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            System.err.println("jnatsd: no such process (pid " + pid + " is not running)");
            return 1;
        }
        try
        {
            final Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
            return p.waitFor() == 0 ? 0 : 1;
        }
        catch (final IOException ex)
        {
            System.err.println("jnatsd: " + ex.getMessage());
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static long resolvePid(final String target) throws IOException
    {
        if (target.isEmpty())
        {
            return runningServer();
        }
        if (target.chars().allMatch(Character::isDigit))
        {
            return Long.parseLong(target);
        }
        return Long.parseLong(Files.readString(Path.of(target)).trim());
    }

    /**
     * No pid given: the one running jnatsd, as nats-server finds its own with pgrep. Ours runs as "java", so
     * the command line is searched for this launcher's jar or main class instead of the process name.
     */
    private static long runningServer() throws IOException
    {
        final long self = ProcessHandle.current().pid();
        final List<Long> pids = ProcessHandle.allProcesses()
            .filter(p -> p.pid() != self)
            .filter(p -> p.info().commandLine().map(Signals::isServerCommand).orElse(false))
            .filter(ProcessHandle::isAlive)
            .map(ProcessHandle::pid)
            .toList();
        if (pids.isEmpty())
        {
            throw new IOException("no jnatsd processes running");
        }
        if (pids.size() > 1)
        {
            final StringBuilder sb = new StringBuilder("multiple jnatsd processes running:");
            pids.forEach(p -> sb.append('\n').append(p));
            throw new IOException(sb.toString());
        }
        return pids.get(0);
    }

    /** A JVM running jnatsd as a server (not another --signal invocation). */
    private static boolean isServerCommand(final String commandLine)
    {
        final boolean jnatsd = commandLine.matches(".*-jar \\S*jnatsd\\.jar.*")
            || commandLine.contains(" " + Main.class.getName());
        return jnatsd && !commandLine.matches(".*\\s(--?signal|--?sl)[\\s=].*");
    }
}
