package jnatsd.server.reload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.ServerProcess;

/**
 * Helpers of the reload tests: start a real server (jnatsd or nats-server), rewrite its configuration file and send
 * SIGHUP.
 */
final class ReloadTestSupport
{
    static final int READ_TIMEOUT_MS = 5_000;
    private static final long RELOAD_TIMEOUT_MS = 15_000;
    private static final Pattern LEVEL = Pattern.compile("\\[(INF|ERR|WRN|DBG|TRC|FTL)]");

    private ReloadTestSupport()
    {
    }

    /** jnatsd without its start-up warm-up (these tests measure no speed). */
    static ServerProcess start(final ServerProcess.Kind kind, final String config) throws IOException
    {
        return ServerProcess.start(kind, config, List.of("-Djnatsd.warmup.messages=0"), "-D");
    }

    /** Writes the new configuration, sends SIGHUP and waits for the reload to be logged as applied. */
    static void reload(final ServerProcess s, final String config) throws Exception
    {
        final String added = reloadOutcome(s, config);
        assertTrue(added.contains("Reloaded server configuration") && !added.contains("Failed to reload"),
            "reload refused:\n" + s.log());
    }

    /** Rewrites the config file, sends SIGHUP and waits for the reload's outcome; returns the log lines it added. */
    static String reloadOutcome(final ServerProcess s, final String config) throws Exception
    {
        final int before = s.log().length();
        Files.writeString(s.dir().resolve("server.conf"), config);
        s.signal("HUP");
        final long end = System.currentTimeMillis() + RELOAD_TIMEOUT_MS;
        while (System.currentTimeMillis() < end)
        {
            final String added = s.log().substring(before);
            if (added.contains("Reloaded server configuration") || added.contains("Failed to reload server"))
            {
                return added;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no reload outcome logged: " + s.log().substring(before));
    }

    static int count(final String text, final String part)
    {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1))
        {
            n++;
        }
        return n;
    }

    /** The log lines that contain a text, without the "[pid] date time" prefix. */
    static List<String> logLines(final ServerProcess s, final String part)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : s.log().split("\n"))
        {
            final Matcher level = LEVEL.matcher(line);
            if (line.contains(part))
            {
                out.add(level.find() ? line.substring(level.start()) : line);
            }
        }
        return out;
    }
}
