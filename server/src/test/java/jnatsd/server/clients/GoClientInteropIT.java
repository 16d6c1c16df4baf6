package jnatsd.server.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The official Go client, nats.go from Debian's golang-github-nats-io-go-nats-dev (1.22.1 on Debian 12), built
 * with Debian's Go against /usr/share/gocode (GOPATH mode, no module download): src/test/clients/go/main.go.
 */
class GoClientInteropIT extends ClientInteropSupport
{
    private static final Path GOCODE = Path.of("/usr/share/gocode");

    @Override
    List<String> command() throws Exception
    {
        requireCommand("go", "golang-go");
        requirePath(GOCODE.resolve("src/github.com/nats-io/nats.go"), "golang-github-nats-io-go-nats-dev");
        final Path work = work("go");
        final Path bin = work.resolve("check");
        final Path main = source("go").resolve("main.go");
        if (stale(bin, main))
        {
            final Path pkg = Files.createDirectories(work.resolve("gopath/src/check"));
            copy(main, pkg);
            build(work, Map.of("GO111MODULE", "off", "GOFLAGS", "", "GOPATH", work.resolve("gopath") + ":" + GOCODE,
                "GOCACHE", work.resolve("cache").toString()), Duration.ofMinutes(3),
                "go", "build", "-o", bin.toString(), "check");
        }
        return List.of(bin.toString());
    }
}
