package jnatsd.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.Test;

/** jnatsd-VERSION.tar.gz as a user gets it: unpacked with tar, started with bin/jnatsd and the shipped config. */
class TarballIT
{
    @Test
    void shouldHoldTheLauncherTheJarTheConfigsAndTheLegalFiles() throws Exception
    {
        final Path top = Dist.tarball();
        assertTrue(Files.isExecutable(top.resolve("bin/jnatsd")), "bin/jnatsd");
        assertTrue(Files.isExecutable(top.resolve("bin/nats-server")), "bin/nats-server");
        assertTrue(Files.isRegularFile(top.resolve("lib/jnatsd.jar")), "lib/jnatsd.jar");
        for (final String f : List.of("conf/jnatsd.conf", "conf/cluster-a.conf", "conf/cluster-b.conf",
            "conf/cluster-c.conf", "LICENSE", "NOTICE"))
        {
            assertTrue(Files.isRegularFile(top.resolve(f)), f);
        }
        assertTrue(Files.isExecutable(top.resolve("examples/cluster.sh")), "examples/cluster.sh");
    }

    /** Every library bundled in the jar (the server's runtime dependencies) is named in NOTICE with its license. */
    @Test
    void noticeShouldNameEveryBundledDependency() throws Exception
    {
        final String notice = Files.readString(Dist.tarball().resolve("NOTICE"));
        final List<String> missing = new ArrayList<>();
        for (final String line : Files.readAllLines(Path.of(System.getProperty("jnatsd.bundled"))))
        {
            final String[] gav = line.trim().split(":");
            if (gav.length >= 4 && !gav[0].equals("io.jnatsd") && !notice.contains(gav[0] + ":" + gav[1] + " "))
            {
                missing.add(line.trim());
            }
        }
        assertEquals(List.of(), missing, "dependencies bundled in lib/jnatsd.jar but not in dist/src/legal/NOTICE");
    }

    @Test
    void shouldServeAPubSubRoundTripWithTheShippedConfig() throws Exception
    {
        final Path top = Dist.tarball();
        final int port = FreePort.next();
        try (Dist.Server s = new Dist.Server(List.of(top.resolve("bin/jnatsd").toString(), "-c",
            top.resolve("conf/jnatsd.conf").toString(), "-p", Integer.toString(port)), Map.of(), port))
        {
            Dist.roundTrip(port, port);
            assertTrue(s.log().contains("Server is ready"), s.log());
        }
        // The class archive was made beside the jar (the unpacked tree is the user's), once; in the background since
        // a first start no longer waits for it, so give the training run its time (bounded).
        final long deadline = System.nanoTime() + Dist.START_TIMEOUT_MS * 1_000_000L;
        while (!hasArchive(top) && System.nanoTime() - deadline < 0)
        {
            Dist.sleep(200);
        }
        assertTrue(hasArchive(top), "no class archive in lib/");
    }

    /**
     * bin/nats-server is the launcher under nats-server's name: it starts the server with nats-server's flags, and
     * its {@code -sl=ldm=PIDFILE} (the chart's preStop hook) puts that server in lame duck mode without a JVM.
     * No class archive: making it is the round-trip test's job (a training run in the background meanwhile would
     * compete with that test's server).
     */
    @Test
    void natsServerNameShouldRunTheServerAndSignalItWithoutAJvm() throws Exception
    {
        final Path top = Dist.tarball();
        final int port = FreePort.next();
        final Path pid = Files.createTempDirectory("tarball-pid").resolve("nats.pid");
        try (Dist.Server s = new Dist.Server(List.of(top.resolve("bin/nats-server").toString(), "-c",
            top.resolve("conf/jnatsd.conf").toString(), "-p", Integer.toString(port), "-P", pid.toString()),
            Map.of("JNATSD_ARCHIVE", "off"), port))
        {
            // Serving: Dist.Server waited for its INFO (the round trip is the other tests' job).
            final Dist.Result hook = Dist.run(List.of(top.resolve("bin/nats-server").toString(), "-sl=ldm=" + pid),
                Map.of("JNATSD_JAVA", "/nonexistent/bin/java"), 30_000);
            assertEquals(0, hook.code(), hook.out());
            assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "lame duck with no clients ends the server");
            assertTrue(s.log().contains("Entering lame duck mode"), s.log());
            final Dist.Result gone = Dist.run(List.of(top.resolve("bin/nats-server").toString(), "--signal",
                "ldm=" + pid), Map.of(), 30_000);
            assertEquals(1, gone.code(), gone.out());
            assertEquals("nats-server: no such process", gone.out().trim());
        }
    }

    private static boolean hasArchive(final Path top) throws IOException
    {
        try (var files = Files.list(top.resolve("lib")))
        {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".size"));
        }
    }

    @Test
    void helpShouldShowTheServersFlagsAndWhatTheLauncherDoes() throws Exception
    {
        final String out = Dist.ok(Dist.tarball().resolve("bin/jnatsd").toString(), "--help");
        assertTrue(out.contains("Usage: jnatsd [options]"), out);
        assertTrue(out.contains("Launcher (") && out.contains("Java:") && out.contains("JVM flags:")
            && out.contains("JNATSD_JAVA_OPTS"), out);
    }

    @Test
    void shouldNameTheMissingJavaAndHowToGetIt() throws Exception
    {
        final Dist.Result r = Dist.run(List.of(Dist.tarball().resolve("bin/jnatsd").toString(), "-p", "1"),
            Map.of("JNATSD_JAVA", "/nonexistent/bin/java"), 30_000);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("no Java found") && r.out().contains("Java 17 or later runtime")
            && r.out().contains("apt-get install openjdk-17-jre-headless"), r.out());
    }
}
