package jnatsd.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.Test;

/**
 * The .deb on this machine: dpkg -i, the installed /usr/bin/jnatsd with /etc/jnatsd/jnatsd.conf run as the
 * package's user (the unit's command line; CI has no service manager), a round trip, the unit file, then dpkg -r and
 * --purge leave nothing behind. Needs root, as CI has: it fails rather than skips without it.
 */
class DebianPackageIT
{
    private static final String UNIT = "/lib/systemd/system/jnatsd.service";

    private static final String NATS_SERVER = "/usr/share/jnatsd/bin/nats-server";

    @Test
    void shouldInstallRunAndRemoveCleanly() throws Exception
    {
        final String uid = Dist.ok("id", "-u").trim();
        assertEquals("0", uid, "DebianPackageIT installs a .deb with dpkg -i and must run as root (CI does); "
            + "run it as root, or leave out the dist module (-pl '!dist')");
        final Path deb = Path.of(System.getProperty("jnatsd.deb"));
        assertTrue(Files.isRegularFile(deb), deb + " is missing: mvn package builds it");
        // The package is machine-wide: builds in other work trees of this machine take turns.
        try (FileChannel lock = FileChannel.open(Path.of("/tmp/jnatsd-deb-test.lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE); FileLock held = lock.lock())
        {
            if (Dist.run("dpkg-query", "-W", "jnatsd").code() == 0)
            {
                // Left by an earlier, interrupted run.
                Dist.ok("dpkg", "--purge", "jnatsd");
            }
            try
            {
                Dist.ok("dpkg", "-i", deb.toString());
                checkInstalled();
                runInstalled();
            }
            finally
            {
                Dist.run("dpkg", "-r", "jnatsd");
            }
            checkRemoved();
            Dist.ok("dpkg", "--purge", "jnatsd");
            checkPurged();
        }
    }

    private static void checkInstalled() throws Exception
    {
        assertTrue(Files.isExecutable(Path.of("/usr/bin/jnatsd")), "/usr/bin/jnatsd");
        // nats-server's name beside the launcher, not on PATH: Debian's nats-server package owns /usr/bin/nats-server.
        assertEquals("jnatsd", Files.readSymbolicLink(Path.of(NATS_SERVER)).toString());
        assertNotEquals(0, Dist.run("sh", "-c", "dpkg -S /usr/bin/nats-server | grep -q '^jnatsd:'").code(),
            "jnatsd must not own /usr/bin/nats-server");
        assertTrue(Files.isRegularFile(Path.of("/etc/jnatsd/jnatsd.conf")), "/etc/jnatsd/jnatsd.conf");
        assertTrue(Dist.ok("dpkg-query", "-W", "-f=${Conffiles}", "jnatsd").contains("/etc/jnatsd/jnatsd.conf"),
            "jnatsd.conf is a conffile");
        final String depends = Dist.ok("dpkg-query", "-W", "-f=${Depends}", "jnatsd");
        assertTrue(depends.contains("java17-runtime-headless"), depends);
        final String passwd = Dist.ok("getent", "passwd", "jnatsd");
        assertNotEquals("0", passwd.split(":")[2], "the service user is not root: " + passwd);
        final String unit = Files.readString(Path.of(UNIT));
        for (final String line : List.of("User=jnatsd", "ExecStart=/usr/bin/jnatsd -c /etc/jnatsd/jnatsd.conf",
            "ExecReload=/bin/kill -HUP $MAINPID", "LimitNOFILE=1048576", "Restart=on-failure",
            "PIDFile=/run/jnatsd/jnatsd.pid", "WantedBy=multi-user.target"))
        {
            assertTrue(unit.contains(line), UNIT + " lacks " + line + ":\n" + unit);
        }
        if (Dist.run("sh", "-c", "command -v systemd-analyze").code() == 0)
        {
            final Dist.Result verify = Dist.run("systemd-analyze", "verify", UNIT);
            assertEquals(0, verify.code(), "systemd-analyze verify " + UNIT + ":\n" + verify.out());
        }
        // postinst made the class archive for this machine's Java, so the service's first start is fast.
        try (var files = Files.list(Path.of("/usr/share/jnatsd/lib")))
        {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".size")),
                "postinst made no class archive in /usr/share/jnatsd/lib");
        }
    }

    private static void runInstalled() throws Exception
    {
        final int port = FreePort.next();
        final Path pidDir = Files.createTempDirectory("jnatsd-deb");
        Dist.ok("chown", "jnatsd:jnatsd", pidDir.toString());
        final Path pid = pidDir.resolve("jnatsd.pid");
        final List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "jnatsd", "--", "env",
            "XDG_CACHE_HOME=/var/cache/jnatsd", "/usr/bin/jnatsd", "-c", "/etc/jnatsd/jnatsd.conf", "-P",
            pid.toString(), "-p", Integer.toString(port)));
        try (Dist.Server s = new Dist.Server(cmd, Map.of(), port))
        {
            Dist.roundTrip(port, port);
            assertFalse(s.log().contains("creating the class archive"), "install-time archive not used:\n" + s.log());
            assertTrue(Files.readString(pid).trim().matches("\\d+"), "pid file");
            // The reloader sidecar's signal, through nats-server's name (no JVM: the launcher sends it).
            final Dist.Result reload = Dist.run(List.of(NATS_SERVER, "--signal", "reload=" + pid),
                Map.of("JNATSD_JAVA", "/nonexistent/bin/java"), 30_000);
            assertEquals(0, reload.code(), reload.out());
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (!s.log().contains("Reloaded server configuration") && System.nanoTime() - deadline < 0)
            {
                Dist.sleep(100);
            }
            assertTrue(s.log().contains("Reloaded server configuration"), s.log());
        }
    }

    private static void checkRemoved() throws Exception
    {
        for (final String gone : List.of("/usr/bin/jnatsd", "/usr/share/jnatsd", UNIT, "/var/cache/jnatsd"))
        {
            assertFalse(Files.exists(Path.of(gone)), gone + " left after dpkg -r");
        }
        // dpkg keeps a removed package's conffiles until --purge.
        assertTrue(Files.exists(Path.of("/etc/jnatsd/jnatsd.conf")), "conffile kept by dpkg -r");
    }

    private static void checkPurged() throws Exception
    {
        for (final String gone : List.of("/etc/jnatsd", "/var/lib/jnatsd", "/usr/share/doc/jnatsd"))
        {
            assertFalse(Files.exists(Path.of(gone)), gone + " left after dpkg --purge");
        }
        assertNotEquals(0, Dist.run("getent", "passwd", "jnatsd").code(), "user jnatsd left after --purge");
        assertNotEquals(0, Dist.run("getent", "group", "jnatsd").code(), "group jnatsd left after --purge");
        assertNotEquals(0, Dist.run("dpkg-query", "-W", "jnatsd").code(), "dpkg still knows jnatsd");
    }
}
