package jnatsd.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
            case "stop", "term" -> "TERM";
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
            System.err.println("jnatsd: cannot resolve pid from \"" + target + "\": " + ex.getMessage());
            return 1;
        }
        if (ProcessHandle.of(pid).isEmpty())
        {
            System.err.println("jnatsd: no process with pid " + pid + " is running");
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
            throw new IOException("a pid or pid file is needed (e.g. --signal stop=1234)");
        }
        if (target.chars().allMatch(Character::isDigit))
        {
            return Long.parseLong(target);
        }
        return Long.parseLong(Files.readString(Path.of(target)).trim());
    }
}
