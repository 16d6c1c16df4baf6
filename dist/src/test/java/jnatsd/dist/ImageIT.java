package jnatsd.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCI image (dist/image/build-image.sh, -Pimage) as a container runtime would run it: unpacked with umoci, its
 * entrypoint and command run from the unpacked root filesystem under chroot, as the image's user, with the
 * environment of its config and a /proc and /dev of its own (as a runtime gives). Needs root, as CI has.
 */
class ImageIT
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PORTS = List.of("7222", "8222", "9222", "7244", "7246", "7248");

    private static Path bundle;
    private static JsonNode process;

    @BeforeAll
    static void unpack() throws Exception
    {
        assertEquals("0", Dist.ok("id", "-u").trim(), "ImageIT unpacks an image and runs it under chroot, as root "
            + "(CI does); run it as root or without -Pimage");
        final Path layout = Path.of(System.getProperty("jnatsd.image.dir"), "oci");
        assertTrue(Files.isDirectory(layout), layout + " is missing: mvn -Pimage package builds it");
        bundle = Files.createTempDirectory("jnatsd-image").resolve("bundle");
        Dist.ok("umoci", "unpack", "--image", layout + ":" + System.getProperty("jnatsd.version"), bundle.toString());
        process = JSON.readTree(bundle.resolve("config.json").toFile()).get("process");
        devices(bundle.resolve("rootfs"));
    }

    /** The unpacked trees are ~75 MB each. */
    @AfterAll
    static void clean() throws Exception
    {
        if (bundle != null)
        {
            Dist.run("rm", "-rf", bundle.getParent().toString());
        }
    }

    @Test
    void configShouldRunTheLauncherAsANonRootUserWithTheNatsPortsExposed() throws Exception
    {
        final List<String> args = new ArrayList<>();
        process.get("args").forEach(a -> args.add(a.asText()));
        assertEquals(List.of("/usr/bin/jnatsd", "-c", "/etc/jnatsd/jnatsd.conf"), args);
        final int uid = process.get("user").get("uid").asInt();
        assertNotEquals(0, uid, "the image's user");
        assertTrue(Files.readString(bundle.resolve("rootfs/etc/passwd")).contains(":x:" + uid + ":"), "uid in passwd");
        final Path rootfs = bundle.resolve("rootfs");
        assertEquals("jnatsd", Files.readSymbolicLink(rootfs.resolve("usr/bin/nats-server")).toString());
        // The nats-server name runs the same launcher (it resolves its symlink to find the jar).
        final Dist.Result version = Dist.run(container(rootfs, List.of("nats-server", "--version")), Map.of(), 60_000);
        assertEquals(0, version.code(), version.out());
        assertTrue(version.out().contains("compatible with nats-server v2.9.10"), version.out());
        try (var files = Files.list(rootfs.resolve("usr/share/jnatsd/lib")))
        {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".size")), "class archive in image");
        }
        final JsonNode ports = imageConfig().get("config").get("ExposedPorts");
        for (final String p : List.of("4222/tcp", "6222/tcp", "8222/tcp"))
        {
            assertTrue(ports.has(p), "EXPOSE " + p + ": " + ports);
        }
    }

    /** The chart's preStop hook, unchanged: nats-server -sl=ldm=PIDFILE in the container, as its user. */
    @Test
    void preStopHookShouldPutTheServerInLameDuckMode() throws Exception
    {
        final int port = FreePort.next();
        final Path rootfs = bundle.resolve("rootfs");
        final List<String> args = new ArrayList<>(List.of("/usr/bin/jnatsd", "-c", "/etc/jnatsd/jnatsd.conf", "-p",
            Integer.toString(port), "-m", Integer.toString(FreePort.next()), "--cluster",
            "nats://127.0.0.1:" + FreePort.next(), "-P", "/tmp/nats.pid"));
        try (Dist.Server s = new Dist.Server(container(rootfs, args), Map.of(), port))
        {
            // Serving: Dist.Server waited for its INFO (the round trip is the other tests' job).
            final Dist.Result hook = Dist.run(container(rootfs, List.of("nats-server", "-sl=ldm=/tmp/nats.pid")),
                Map.of(), 30_000);
            assertEquals(0, hook.code(), hook.out());
            assertTrue(s.process().waitFor(60, TimeUnit.SECONDS), "lame duck ends the server");
            assertTrue(s.log().contains("Entering lame duck mode"), s.log());
        }
    }

    /** The image's own command (default config: monitoring on, /healthz), ports moved to free ones by flags. */
    @Test
    void defaultCommandShouldServeClientsAndHealthz() throws Exception
    {
        final int port = FreePort.next();
        final int http = FreePort.next();
        final List<String> args = new ArrayList<>();
        process.get("args").forEach(a -> args.add(a.asText()));
        args.addAll(List.of("-p", Integer.toString(port), "-m", Integer.toString(http), "--cluster",
            "nats://127.0.0.1:" + FreePort.next()));
        final Path rootfs = bundle.resolve("rootfs");
        try (Dist.Server s = new Dist.Server(container(rootfs, args), Map.of(), port))
        {
            Dist.roundTrip(port, port);
            assertTrue(httpGet(http, "/healthz").contains("\"status\":\"ok\""), s.log());
            final Dist.Result check = Dist.run(List.of("chroot", "--userspec=1000:1000", rootfs.toString(),
                "/usr/bin/jnatsd-healthcheck", Integer.toString(http)), Map.of(), 30_000);
            assertEquals(0, check.code(), "jnatsd-healthcheck: " + check.out());
            final String status = Files.readString(Path.of("/proc/" + s.process().pid() + "/status"));
            assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+1000\\s.*")), "runs as uid 1000:\n" + status);
            assertTrue(!s.log().contains("creating the class archive"), "the image's archive is used:\n" + s.log());
        }
    }

    /**
     * The image page's cluster command line, unchanged but for the port: IMAGE -c /tmp/cluster.conf -p 7222 -D -V,
     * three containers with cluster-a/b/c.conf (ports moved to free ones) at /tmp/cluster.conf; published on C,
     * received on A.
     */
    @Test
    void imagePageClusterCommandLineShouldFormACluster() throws Exception
    {
        final String[] free = new String[PORTS.size()];
        for (int i = 0; i < free.length; i++)
        {
            free[i] = Integer.toString(FreePort.next());
        }
        final Path examples = Path.of(System.getProperty("jnatsd.examples"));
        final List<Dist.Server> nodes = new ArrayList<>();
        try
        {
            for (final String node : List.of("a", "b", "c"))
            {
                final Path rootfs = node.equals("a") ? bundle.resolve("rootfs") : copy(node);
                String text = Files.readString(examples.resolve("cluster-" + node + ".conf"));
                for (int i = 0; i < free.length; i++)
                {
                    text = text.replace(":" + PORTS.get(i), ":" + free[i]).replace(": " + PORTS.get(i), ": " + free[i]);
                }
                Files.writeString(rootfs.resolve("tmp/cluster.conf"), text);
                final String port = free["abc".indexOf(node)];
                nodes.add(new Dist.Server(container(rootfs, List.of("/usr/bin/jnatsd", "-c", "/tmp/cluster.conf",
                    "-p", port, "-D", "-V")), Map.of(), Integer.parseInt(port)));
            }
            Dist.roundTrip(nodes.get(0).port(), nodes.get(2).port());
            assertTrue(nodes.get(0).log().contains("[DBG]") && nodes.get(0).log().contains("[TRC]"),
                "-D -V: " + nodes.get(0).log());
        }
        finally
        {
            nodes.forEach(Dist.Server::close);
        }
    }

    /** The command a runtime would run: a mount namespace with /proc, chroot as the image's user, its env. */
    private static List<String> container(final Path rootfs, final List<String> args)
    {
        final List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--", "sh", "-c",
            "r=$0; u=$1; shift; mount -t proc proc \"$r/proc\" && exec chroot --userspec=\"$u\" \"$r\" \"$@\"",
            rootfs.toString(),
            process.get("user").get("uid").asInt() + ":" + process.get("user").get("gid").asInt(),
            "/usr/bin/env", "-i", "-C", process.get("cwd").asText()));
        process.get("env").forEach(e -> cmd.add(e.asText()));
        cmd.addAll(args);
        return cmd;
    }

    /** Another container from the same image: a copy of the unpacked root filesystem. */
    private static Path copy(final String name) throws IOException, InterruptedException
    {
        final Path to = bundle.resolveSibling("rootfs-" + name);
        if (!Files.exists(to))
        {
            Dist.ok("cp", "-a", bundle.resolve("rootfs").toString(), to.toString());
        }
        return to;
    }

    /** The device nodes a runtime gives a container (the image has none) and a mount point for /proc. */
    private static void devices(final Path rootfs) throws IOException, InterruptedException
    {
        Files.createDirectories(rootfs.resolve("dev"));
        Files.createDirectories(rootfs.resolve("proc"));
        for (final String[] d : List.of(new String[] {"null", "3"}, new String[] {"zero", "5"},
            new String[] {"random", "8"}, new String[] {"urandom", "9"}))
        {
            Dist.ok("mknod", "-m", "666", rootfs.resolve("dev/" + d[0]).toString(), "c", "1", d[1]);
        }
    }

    /** The image's config blob (index -> manifest -> config) from the OCI layout. */
    private static JsonNode imageConfig() throws IOException
    {
        final Path layout = Path.of(System.getProperty("jnatsd.image.dir"), "oci");
        final JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        final JsonNode manifest = JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()));
        return JSON.readTree(blob(layout, manifest.get("config").get("digest").asText()));
    }

    private static byte[] blob(final Path layout, final String digest) throws IOException
    {
        return Files.readAllBytes(layout.resolve("blobs").resolve(digest.replace(':', '/')));
    }

    private static String httpGet(final int port, final String path) throws IOException
    {
        try (Socket s = new Socket("127.0.0.1", port))
        {
            s.setSoTimeout(10_000);
            final OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = s.getInputStream();
            final String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 200") || reply.startsWith("HTTP/1.0 200"), reply);
            return reply;
        }
    }
}
