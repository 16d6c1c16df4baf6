package jnatsd.transport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static jnatsd.transport.protocol.ProtocolError.HPUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.HPUB_HEADER_SIZE;
import static jnatsd.transport.protocol.ProtocolError.HPUB_HEADER_TOO_BIG;
import static jnatsd.transport.protocol.ProtocolError.HPUB_TOTAL_SIZE;
import static jnatsd.transport.protocol.ProtocolError.MAX_CONTROL_LINE;
import static jnatsd.transport.protocol.ProtocolError.MAX_PAYLOAD;
import static jnatsd.transport.protocol.ProtocolError.PUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.PUB_SIZE;
import static jnatsd.transport.protocol.ProtocolError.REMOTE_SUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.REMOTE_UNSUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.ROUTED_MSG_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.ROUTED_MSG_HEADER_SIZE;
import static jnatsd.transport.protocol.ProtocolError.ROUTED_MSG_HEADER_TOO_BIG;
import static jnatsd.transport.protocol.ProtocolError.ROUTED_MSG_REPLY_INDICATOR;
import static jnatsd.transport.protocol.ProtocolError.ROUTED_MSG_SIZE;
import static jnatsd.transport.protocol.ProtocolError.SUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolError.UNKNOWN_OPERATION;
import static jnatsd.transport.protocol.ProtocolError.UNSUB_ARGUMENTS;
import static jnatsd.transport.protocol.ProtocolParser.Kind.CLIENT;
import static jnatsd.transport.protocol.ProtocolParser.Kind.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed input and the error nats-server 2.9.10 gives for it (each row checked live against the binary, see
 * docs/protocol.md). Limits are nats' defaults: max_control_line 4096, max_payload 1 MiB.
 */
class ProtocolParserMalformedTest
{
    static final String A4100 = "a".repeat(4100);

    static Stream<Arguments> malformed()
    {
        return Stream.of(
            bad(CLIENT, "PUB foo\r\n", PUB_ARGUMENTS, "foo"),
            bad(CLIENT, "PUB foo bar baz 5\r\n", PUB_ARGUMENTS, "foo bar baz 5"),
            bad(CLIENT, "PUB\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "PUB foo -1\r\n", PUB_SIZE, "foo -1"),
            bad(CLIENT, "PUB foo 12a\r\n", PUB_SIZE, "foo 12a"),
            bad(CLIENT, "PUB foo +2\r\n", PUB_SIZE, "foo +2"),
            bad(CLIENT, "PUB foo 1234567890\r\n", PUB_SIZE, "foo 1234567890"),
            bad(CLIENT, "PUB foo 999999999\r\n", MAX_PAYLOAD, "foo 999999999"),
            bad(CLIENT, "PUB foo 1048577\r\n", MAX_PAYLOAD, "foo 1048577"),
            bad(CLIENT, "PUBX foo 2\r\n", UNKNOWN_OPERATION, "X foo 2\r\n"),
            bad(CLIENT, "PU\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "P\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "PUB foo 2\r\nhi\n", UNKNOWN_OPERATION, "\n"),
            bad(CLIENT, "PUB a 1\r\nxy\r\n", UNKNOWN_OPERATION, "y\r\n"),
            bad(CLIENT, "PUB foo 2\r\nhi\rX", UNKNOWN_OPERATION, "X"),
            bad(CLIENT, "HPUB foo 5 3\r\n", HPUB_HEADER_TOO_BIG, "foo 5 3"),
            bad(CLIENT, "HPUB foo 3\r\n", HPUB_ARGUMENTS, "foo 3"),
            bad(CLIENT, "HPUB foo x 3\r\n", HPUB_HEADER_SIZE, "foo x 3"),
            bad(CLIENT, "HPUB foo 2 x\r\n", HPUB_TOTAL_SIZE, "foo 2 x"),
            bad(CLIENT, "HPUB foo 0 2000000\r\n", MAX_PAYLOAD, "foo 0 2000000"),
            bad(CLIENT, "HPUB\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "SUB foo\r\n", SUB_ARGUMENTS, "foo"),
            bad(CLIENT, "SUB a b c d\r\n", SUB_ARGUMENTS, "a b c d"),
            bad(CLIENT, "UNSUB\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "UNSUB \r\n", UNSUB_ARGUMENTS, "\r"),
            bad(CLIENT, "UNSUB 1 2 3\r\n", UNSUB_ARGUMENTS, "1 2 3"),
            bad(CLIENT, "\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "   \r\n", UNKNOWN_OPERATION, "   \r\n"),
            bad(CLIENT, "MSG foo 1 2\r\nhi\r\n", UNKNOWN_OPERATION, "MSG foo 1 2\r\nhi\r\n"),
            bad(CLIENT, "RS+ $G foo\r\n", UNKNOWN_OPERATION, "RS+ $G foo\r\n"),
            bad(CLIENT, "LS+ $G foo\r\n", UNKNOWN_OPERATION, "LS+ $G foo\r\n"),
            bad(CLIENT, "A+ foo\r\n", UNKNOWN_OPERATION, "A+ foo\r\n"),
            bad(CLIENT, "-ERR\r\n", UNKNOWN_OPERATION, "\r\n"),
            bad(CLIENT, "HMSG foo 1 0 0\r\nX", UNKNOWN_OPERATION, "X"),
            bad(CLIENT, "PING\r\nPUB foo\r\n", PUB_ARGUMENTS, "foo", "PING"),
            bad(CLIENT, "PUB foo " + A4100 + " 2\r\nhi\r\n", MAX_CONTROL_LINE, "foo " + A4100.substring(0, 28)),
            bad(CLIENT, "PUB foo " + A4100, MAX_CONTROL_LINE, "foo " + A4100.substring(0, 28)),
            bad(CLIENT, "CONNECT {" + " ".repeat(5000) + "}\r\n", MAX_CONTROL_LINE, "{" + " ".repeat(31)),
            bad(ROUTE, "RS+ $G foo q\r\n", REMOTE_SUB_ARGUMENTS, "$G foo q"),
            bad(ROUTE, "RS+ $G\r\n", REMOTE_SUB_ARGUMENTS, "$G"),
            bad(ROUTE, "LS+ $G foo\r\n", REMOTE_SUB_ARGUMENTS, "$G foo"),
            bad(ROUTE, "RS- $G\r\n", REMOTE_UNSUB_ARGUMENTS, "$G"),
            bad(ROUTE, "RS- $G foo q z\r\n", REMOTE_UNSUB_ARGUMENTS, "$G foo q z"),
            bad(ROUTE, "RMSG $G foo x r q 2\r\n", ROUTED_MSG_REPLY_INDICATOR, "$G foo x r q 2"),
            bad(ROUTE, "RMSG $G foo\r\n", ROUTED_MSG_ARGUMENTS, "$G foo"),
            bad(ROUTE, "RMSG $G foo x\r\n", ROUTED_MSG_SIZE, "$G foo x"),
            bad(ROUTE, "HMSG $G foo 3 2\r\n", ROUTED_MSG_HEADER_TOO_BIG, "$G foo 3 2"),
            bad(ROUTE, "HMSG $G foo\r\n", ROUTED_MSG_ARGUMENTS, "$G foo"),
            bad(ROUTE, "HMSG $G foo x 2\r\n", ROUTED_MSG_HEADER_SIZE, "$G foo x 2"),
            bad(ROUTE, "HMSG $G foo 2 3\r\nhi\r\n", UNKNOWN_OPERATION, "\n"),
            bad(ROUTE, "LMSG $G foo 2\r\nhi\r\n", ROUTED_MSG_ARGUMENTS, "$G foo 2"),
            bad(ROUTE, "MSG foo 1 2\r\nhi\r\n", UNKNOWN_OPERATION, "MSG foo 1 2\r\nhi\r\n"),
            bad(ROUTE, "RX\r\n", UNKNOWN_OPERATION, "X\r\n"),
            bad(ROUTE, "LX\r\n", UNKNOWN_OPERATION, "X\r\n"),
            bad(ROUTE, "ZZ\r\n", UNKNOWN_OPERATION, "ZZ\r\n"),
            bad(ROUTE, "RMSG $G foo 2\r\nhiX\r\n", UNKNOWN_OPERATION, "X\r\n"));
    }

    static Arguments bad(
        final ProtocolParser.Kind kind,
        final String input,
        final ProtocolError error,
        final String snippet,
        final String... eventsBefore)
    {
        return Arguments.of(kind, input, error, snippet, List.of(eventsBefore));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void shouldReportNatsServersError(
        final ProtocolParser.Kind kind,
        final String input,
        final ProtocolError error,
        final String snippet,
        final List<String> eventsBefore)
    {
        final byte[] in = input.getBytes(StandardCharsets.ISO_8859_1);
        final RecordingListener listener = new RecordingListener();
        final ProtocolParser parser = new ProtocolParser(kind, listener, 4096, 1024 * 1024);

        assertEquals(-1, parser.parse(new UnsafeBuffer(in), 0, in.length));
        final List<String> events = listener.events;
        assertEquals(eventsBefore.size() + 1, events.size(), events.toString());
        assertEquals(eventsBefore, events.subList(0, eventsBefore.size()));
        assertEquals("ERROR " + error.name() + " " + snippet, events.get(events.size() - 1));

        // The same error whatever the reads look like.
        final Feeder feeder = new Feeder(kind);
        for (int i = 0; i < in.length; i++)
        {
            feeder.read(in, i, i + 1);
        }
        assertTrue(feeder.failed, "byte at a time fails too");
        final String last = feeder.listener.events.get(feeder.listener.events.size() - 1);
        assertTrue(last.startsWith("ERROR " + error.name() + " "), last);
    }
}
