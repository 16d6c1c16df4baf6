package jnatsd.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ./jnatsd sizes heap and direct memory from the container's memory limit when JNATSD_JAVA_OPTS does not
 * (docs/kubernetes.md, "Memory from the container's limit"), and the server logs the figures. The cgroup files
 * are a fake tree (JNATSD_CGROUP_ROOT, JNATSD_PROC_CGROUP): this machine's own cgroups are left alone.
 */
class LauncherMemoryIT
{
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private Path dir;
    private Path cgroup;
    private Path procCgroup;

    @BeforeEach
    void sandbox() throws IOException
    {
        dir = Files.createTempDirectory("jnatsd-memory");
        Files.createDirectories(dir.resolve("server/target"));
        Files.copy(Path.of("..", "jnatsd"), dir.resolve("jnatsd"));
        assertTrue(dir.resolve("jnatsd").toFile().setExecutable(true));
        Files.copy(Path.of(System.getProperty("jnatsd.jar")), dir.resolve("server/target/jnatsd.jar"));
        cgroup = Files.createDirectories(dir.resolve("cgroup"));
        procCgroup = dir.resolve("proc-self-cgroup");
    }

    @Test
    void shouldSizeFromACgroupV2Limit() throws Exception
    {
        Files.writeString(procCgroup, "0::/\n");
        Files.writeString(cgroup.resolve("memory.max"), (1L << 30) + "\n");
        final String help = help(Map.of());
        assertTrue(help.contains(" -Xmx256m -XX:MaxDirectMemorySize=512m "), help);
        assertTrue(help.contains("Memory:     container limit 1024 MiB, cgroup v2 memory.max"), help);
    }

    @Test
    void shouldSizeFromTheCgroupV1LimitOfItsOwnCgroup() throws Exception
    {
        Files.writeString(procCgroup, "4:memory:/kubepods/pod1\n0::/\n");
        final Path own = Files.createDirectories(cgroup.resolve("memory/kubepods/pod1"));
        Files.writeString(own.resolve("memory.limit_in_bytes"), (512L << 20) + "\n");
        // The root's figure is v1's "unlimited": the process's own cgroup is read first.
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        final String help = help(Map.of());
        assertTrue(help.contains(" -Xmx128m -XX:MaxDirectMemorySize=256m "), help);
        assertTrue(help.contains("container limit 512 MiB, cgroup v1 memory.limit_in_bytes"), help);
    }

    @Test
    void shouldLeaveTheJvmDefaultsWithoutALimitOrWhenTheUserSizesIt() throws Exception
    {
        Files.writeString(procCgroup, "0::/\n");
        Files.writeString(cgroup.resolve("memory.max"), "max\n");
        final String unlimited = help(Map.of());
        assertFalse(jvmFlags(unlimited).contains("-Xmx"), unlimited);
        assertTrue(unlimited.contains("no container limit found"), unlimited);
        Files.writeString(cgroup.resolve("memory.max"), (1L << 30) + "\n");
        final String user = help(Map.of("JNATSD_JAVA_OPTS", "-Xmx100m"));
        assertFalse(jvmFlags(user).contains("MaxDirectMemorySize"), user);
        assertFalse(jvmFlags(user).contains("-Xmx"), "the user's -Xmx comes after these flags: " + user);
    }

    /** The server's start-up banner names the figures and where they came from. */
    @Test
    void shouldLogTheChosenFiguresAtStart() throws Exception
    {
        Files.writeString(procCgroup, "0::/\n");
        Files.writeString(cgroup.resolve("memory.max"), (1L << 30) + "\n");
        final int port = FreePort.next();
        final Path log = dir.resolve("server.log");
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "-a", "127.0.0.1", "-p",
            Integer.toString(port)).redirectErrorStream(true).redirectOutput(log.toFile());
        env(pb, Map.of("JNATSD_JAVA_OPTS", "-Djnatsd.warmup.messages=0"));
        final Process p = pb.start();
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("Server is ready") && System.nanoTime() - deadline < 0
                && p.isAlive())
            {
                Thread.sleep(50);
            }
            final String out = Files.readString(log);
            // -Xmx256m under SerialGC reports a little less (a survivor space is held back): only the MiB differ.
            assertTrue(out.matches("(?s).*\\[INF] {3}Memory: {3}heap max 2[45]\\d MiB, direct max 512 MiB; from the "
                + "container limit 1024 MiB, cgroup v2 memory\\.max\n.*"), out);
        }
        finally
        {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    /** The launcher's "JVM flags:" line of --help. */
    private static String jvmFlags(final String help)
    {
        return help.lines().filter(l -> l.startsWith("  JVM flags:")).findFirst().orElseThrow();
    }

    private String help(final Map<String, String> env) throws Exception
    {
        final ProcessBuilder pb = new ProcessBuilder(dir.resolve("jnatsd").toString(), "--help")
            .redirectErrorStream(true);
        env(pb, env);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private void env(final ProcessBuilder pb, final Map<String, String> more)
    {
        pb.environment().put("JNATSD_JAVA", JAVA);
        pb.environment().put("JNATSD_ARCHIVE", "off");
        pb.environment().put("JNATSD_CGROUP_ROOT", cgroup.toString());
        pb.environment().put("JNATSD_PROC_CGROUP", procCgroup.toString());
        pb.environment().remove("JNATSD_JAVA_OPTS");
        pb.environment().putAll(more);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
    }
}
