package jnatsd.transport.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import jnatsd.transport.protocol.ProtocolParser;

/**
 * Coverage-guided fuzzing of the client protocol parser (all verbs, every state), with nats-server's default
 * limits, with tight limits (so max_control_line and max_payload are hit) and while a CONNECT must come first.
 * Seeds: {@code src/test/resources/jnatsd/transport/protocol/fuzz/ClientProtocolFuzzTestInputs/clientOperations/}.
 * Long runs: docs/reliability.md, "Fuzzing".
 */
class ClientProtocolFuzzTest
{
    private static final ParserFuzzing.Limits DEFAULTS =
        new ParserFuzzing.Limits(ProtocolParser.Kind.CLIENT, 4096, 1024 * 1024, false);
    private static final ParserFuzzing.Limits TIGHT =
        new ParserFuzzing.Limits(ProtocolParser.Kind.CLIENT, 24, 16, false);
    private static final ParserFuzzing.Limits CONNECT_FIRST =
        new ParserFuzzing.Limits(ProtocolParser.Kind.CLIENT, 4096, 1024 * 1024, true);

    @FuzzTest(maxDuration = "8s")
    void clientOperations(final byte[] input)
    {
        ParserFuzzing.check(DEFAULTS, input);
        ParserFuzzing.checkBytewise(TIGHT, input);
        ParserFuzzing.checkBytewise(CONNECT_FIRST, input);
    }
}
