package jnatsd.server.clients;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The official C client, libnats from Debian's libnats-dev (3.4.1 on Debian 12): src/test/clients/c/check.c. */
class CClientInteropIT extends ClientInteropSupport
{
    @Override
    List<String> command() throws Exception
    {
        requireCommand("gcc", "gcc");
        requirePath(Path.of("/usr/include/nats/nats.h"), "libnats-dev");
        final Path work = work("c");
        final Path bin = work.resolve("check");
        final Path src = source("c").resolve("check.c");
        if (stale(bin, src))
        {
            build(work, Map.of(), Duration.ofMinutes(2),
                "gcc", "-std=c11", "-Wall", "-Wextra", "-o", bin.toString(), src.toString(), "-lnats", "-lpthread");
        }
        return List.of(bin.toString());
    }
}
