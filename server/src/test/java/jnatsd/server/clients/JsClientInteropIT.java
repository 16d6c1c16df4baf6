package jnatsd.server.clients;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The official JavaScript client, npm nats (nats.js v2, the version pinned in src/test/clients/js/package.json and
 * its package-lock.json), on node: {@code npm ci} installs it into target/clients/js, then check.mjs runs there.
 */
class JsClientInteropIT extends ClientInteropSupport
{
    @Override
    List<String> command() throws Exception
    {
        requireCommand("node", "nodejs");
        requireCommand("npm", "npm");
        final Path src = source("js");
        final Path work = work("js");
        final Path lock = src.resolve("package-lock.json");
        final Path installed = work.resolve("node_modules/.package-lock.json");
        copy(src.resolve("check.mjs"), work);
        if (stale(installed, lock, src.resolve("package.json")))
        {
            copy(src.resolve("package.json"), work);
            copy(lock, work);
            build(work, Map.of(), Duration.ofMinutes(2), "npm", "ci", "--no-audit", "--no-fund", "--prefer-offline");
        }
        if (!Files.exists(work.resolve("node_modules/nats/package.json")))
        {
            throw new IllegalStateException("npm ci did not install nats into " + work);
        }
        return List.of("node", work.resolve("check.mjs").toString());
    }
}
