package jnatsd.server.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jnatsd.testsupport.ServerProcess;
import org.junit.jupiter.api.Test;

/**
 * The monitoring documents of a server with accounts have nats-server 2.9.10's keys and types (runs with -Pinterop),
 * as {@link MonitoringInteropIT} checks them for a server without accounts.
 */
class AccountsMonitoringInteropIT
{
    /** Keys nats-server has that jnatsd leaves out on purpose. */
    private static final Map<String, String> OMITTED = Map.of(
        "/accountz?acc=A account_detail.imports", "the $SYS service imports nats-server gives every account");

    @Test
    void documentsShouldHaveNatsKeysAndTypes() throws Exception
    {
        final Map<String, JsonNode> nats = AccountsMonitoringIT.capture(ServerProcess.Kind.NATS_SERVER);
        final Map<String, JsonNode> ours = AccountsMonitoringIT.capture(ServerProcess.Kind.JNATSD);
        final List<String> problems = new ArrayList<>();
        for (final String endpoint : AccountsMonitoringIT.ENDPOINTS)
        {
            MonitoringInteropIT.compare(endpoint, "", nats.get(endpoint), ours.get(endpoint), problems);
        }
        problems.removeIf(p -> OMITTED.keySet().stream().anyMatch(k -> p.startsWith(k + ":")));
        assertEquals(List.of(), problems);
    }
}
