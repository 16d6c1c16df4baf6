package jnatsd.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What ./jnatsd tells a newcomer (issue 14): a progress line per module while it builds, a clear error naming a
 * missing Maven and how to get it, and --help with the launcher's choices. A copy of the launcher in a sandbox
 * checkout (a pom.xml, no jar) with a PATH of chosen tools; a stand-in mvn "builds" by copying the real jar.
 */
class LauncherNewcomerIT
{
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    private Path dir;
    private Path bin;

    @BeforeEach
    void sandbox() throws IOException
    {
        dir = Files.createTempDirectory("jnatsd-newcomer");
        Files.copy(Path.of("..", "jnatsd"), dir.resolve("jnatsd"));
        dir.resolve("jnatsd").toFile().setExecutable(true);
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        bin = Files.createDirectories(dir.resolve("bin"));
        for (final String tool : List.of("bash", "env", "readlink", "dirname", "find", "mktemp", "tee", "grep",
            "head", "rm", "stat", "cat", "mkdir", "cp"))
        {
            final Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
    }

    @Test
    void shouldNameTheMissingMavenAndHowToGetIt() throws Exception
    {
        final Result r = run("-p", "4999");
        assertEquals(1, r.code, r.out);
        assertTrue(r.out.contains("needs Maven") && r.out.contains("apt-get install maven"), r.out);
    }

    @Test
    void shouldPrintOneProgressLinePerModuleWhileBuilding() throws Exception
    {
        final Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\n"
            + "echo '[INFO] Building jnatsd-config 0.1.0-SNAPSHOT                              [3/6]'\n"
            + "echo '[INFO] Building jnatsd-server 0.1.0-SNAPSHOT                              [6/6]'\n"
            + "mkdir -p server/target && cp " + System.getProperty("jnatsd.jar") + " server/target/jnatsd.jar\n");
        mvn.toFile().setExecutable(true);
        final Result r = run("--version");
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("jnatsd: building (first use or sources changed"), r.out);
        assertTrue(r.out.contains("jnatsd: building [3/6] jnatsd-config"), r.out);
        assertTrue(r.out.contains("jnatsd: building [6/6] jnatsd-server"), r.out);
        assertTrue(r.out.contains("compatible with nats-server v2.9.10"), r.out);
    }

    @Test
    void helpShouldShowTheFlagsAndTheLaunchersChoices() throws Exception
    {
        Files.createDirectories(dir.resolve("server/target"));
        Files.copy(Path.of(System.getProperty("jnatsd.jar")), dir.resolve("server/target/jnatsd.jar"));
        final Result r = run("--help");
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("Usage: jnatsd [options]"), r.out);
        assertTrue(r.out.contains("Java:       " + JAVA) && r.out.contains("-XX:+UseSerialGC")
            && r.out.contains("JNATSD_JAVA_OPTS") && r.out.contains("JNATSD_ARCHIVE=off"), r.out);
    }

    private record Result(int code, String out)
    {
    }

    private Result run(final String... args) throws Exception
    {
        final Path out = dir.resolve("out.log");
        final List<String> cmd = new ArrayList<>(List.of(dir.resolve("jnatsd").toString()));
        cmd.addAll(List.of(args));
        final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        final Map<String, String> env = pb.environment();
        env.put("PATH", bin.toString());
        env.put("JNATSD_JAVA", JAVA);
        env.put("JNATSD_ARCHIVE", "off");
        final Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "launcher did not finish: " + Files.readString(out));
        return new Result(p.exitValue(), Files.readString(out));
    }
}
