package jnatsd.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jnatsd.testsupport.FreePort;
import org.junit.jupiter.api.Test;

/**
 * examples/cluster.sh from the tarball: three nodes from the image page's configs, a subscriber on A, a publisher
 * on C. The configs are the shipped ones with their six ports moved to free ones, so the test cannot collide with
 * anything else on the machine; everything else in them is as shipped.
 */
class ExamplesIT
{
    private static final List<String> PORTS = List.of("7222", "8222", "9222", "7244", "7246", "7248");

    @Test
    void clusterScriptShouldDeliverFromCToA() throws Exception
    {
        final Path top = Dist.tarball();
        final Path dir = Files.createTempDirectory("jnatsd-examples");
        final String[] free = new String[PORTS.size()];
        for (int i = 0; i < free.length; i++)
        {
            free[i] = Integer.toString(FreePort.next());
        }
        for (final String node : List.of("a", "b", "c"))
        {
            String text = Files.readString(top.resolve("conf/cluster-" + node + ".conf"));
            for (int i = 0; i < free.length; i++)
            {
                text = text.replace(":" + PORTS.get(i), ":" + free[i]).replace(": " + PORTS.get(i), ": " + free[i]);
            }
            Files.writeString(dir.resolve("cluster-" + node + ".conf"), text);
        }
        // Made once before the three nodes start, so they do not all train at once.
        Dist.ok(top.resolve("bin/jnatsd").toString(), "--version");
        final Dist.Result r = Dist.run(List.of(top.resolve("examples/cluster.sh").toString(), dir.toString()),
            Map.of(), Dist.START_TIMEOUT_MS);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("A received: MSG greeting 1 11 / hello world"), r.out());
    }
}
