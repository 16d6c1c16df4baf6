package jnatsd.transport.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jnatsd.transport.protocol.ProtocolParser;

/**
 * Coverage-guided fuzzing of the route flavour of the parser: RS+/RS-, LS+/LS-, RMSG, route HMSG and LMSG, A+/A-,
 * INFO, PING/PONG. Limits do not apply to routes (as nats-server), so one setting suffices. Seeds:
 * {@code src/test/resources/jnatsd/transport/protocol/fuzz/RouteProtocolFuzzTestInputs/routeOperations/}.
 */
class RouteProtocolFuzzTest
{
    private static final ParserFuzzing.Limits ROUTE =
        new ParserFuzzing.Limits(ProtocolParser.Kind.ROUTE, 4096, 1024 * 1024, false);

    @FuzzTest(maxDuration = "8s")
    void routeOperations(final byte[] input)
    {
        ParserFuzzing.check(ROUTE, input);
    }
}
