package jnatsd.transport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static jnatsd.transport.protocol.ProtocolParser.Kind.CLIENT;
import static jnatsd.transport.protocol.ProtocolParser.Kind.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every operation, whole, one byte at a time, and cut at every offset: the listener must see the same events, and
 * those events must be the expected ones.
 */
class ProtocolParserSplitTest
{
    static final String BIG = "x".repeat(5000);
    static final String HDR = "NATS/1.0\r\nK: V\r\n\r\n";

    static Stream<Arguments> operations()
    {
        return Stream.of(
            // client
            op(CLIENT, "CONNECT {\"verbose\":false}\r\n", "CONNECT {\"verbose\":false}"),
            op(CLIENT, "connect\t {}\r\n", "CONNECT {}"),
            op(CLIENT, "CONNECT{}\n", "CONNECT {}"),
            op(CLIENT, "PING\r\n", "PING"),
            op(CLIENT, "ping\n", "PING"),
            op(CLIENT, "PiNg x y\r\n", "PING"),
            op(CLIENT, "PONG\r\n", "PONG"),
            op(CLIENT, "+OK\r\n", "+OK"),
            op(CLIENT, "+okay\r\n", "+OK"),
            op(CLIENT, "-ERR 'Stale Connection'\r\n", "-ERR Stale Connection"),
            op(CLIENT, "-ERR raw text\r\n", "-ERR raw text"),
            op(CLIENT, "INFO {\"server_id\":\"x\"}\r\n", "INFO {\"server_id\":\"x\"}"),
            op(CLIENT, "PUB foo 5\r\nhello\r\n", "PUB s=foo r= h=0 p=hello"),
            op(CLIENT, "PUB foo bar 5\r\nhello\r\n", "PUB s=foo r=bar h=0 p=hello"),
            op(CLIENT, "pub\tfoo \t bar\t5 \r\nhe\r\no\r\n", "PUB s=foo r=bar h=0 p=he\r\no"),
            op(CLIENT, "PUB foo 0\r\n\r\n", "PUB s=foo r= h=0 p="),
            op(CLIENT, "PUB foo 2\nhi\r\n", "PUB s=foo r= h=0 p=hi"),
            op(CLIENT, "PUB foo 000000002\r\nhi\r\n", "PUB s=foo r= h=0 p=hi"),
            op(CLIENT, "PUB big " + BIG.length() + "\r\n" + BIG + "\r\n", "PUB s=big r= h=0 p=" + digest(BIG)),
            op(CLIENT, "HPUB foo 18 20\r\n" + HDR + "hi\r\n", "PUB s=foo r= h=18 p=" + HDR + "hi"),
            op(CLIENT, "hpub foo reply 18 18\r\n" + HDR + "\r\n", "PUB s=foo r=reply h=18 p=" + HDR),
            op(CLIENT, "HPUB big 18 " + (18 + BIG.length()) + "\r\n" + HDR + BIG + "\r\n",
                "PUB s=big r= h=18 p=" + digest(HDR + BIG)),
            op(CLIENT, "SUB foo 1\r\n", "SUB s=foo q= sid=1"),
            op(CLIENT, "sub foo.* workers 22\r\n", "SUB s=foo.* q=workers sid=22"),
            op(CLIENT, "SUB foo 1\r 2\r\n", "SUB s=foo q=1 sid=2"),
            op(CLIENT, "UNSUB 1\r\n", "UNSUB sid=1 max=-1"),
            op(CLIENT, "unsub 1 10\r\n", "UNSUB sid=1 max=10"),
            op(CLIENT, "UNSUB 1 x\r\n", "UNSUB sid=1 max=-1"),
            op(CLIENT, "HMSG foo 1 0 0\r\n\r\n"),
            // route
            op(ROUTE, "RS+ $G foo\r\n", "RS+ a=$G s=foo q= w=0"),
            op(ROUTE, "rs+ $G foo grp 3\r\n", "RS+ a=$G s=foo q=grp w=3"),
            op(ROUTE, "RS+ $G foo grp x\r\n", "RS+ a=$G s=foo q=grp w=-1"),
            op(ROUTE, "RS- $G foo\r\n", "RS- a=$G s=foo q="),
            op(ROUTE, "RS- $G foo grp\r\n", "RS- a=$G s=foo q=grp"),
            op(ROUTE, "UNSUB $G foo\r\n", "RS- a=$G s=foo q="),
            op(ROUTE, "SUB $G foo\r\n"),
            op(ROUTE, "LS+ C2 $G foo\r\n", "RS+ a=$G s=foo q= w=0"),
            op(ROUTE, "LS+ C2 $G foo grp 2\r\n", "RS+ a=$G s=foo q=grp w=2"),
            op(ROUTE, "LS- C2 $G foo\r\n", "RS- a=C2 s=$G q=foo"),
            op(ROUTE, "A+ $G\r\n"),
            op(ROUTE, "A- $G\r\n"),
            op(ROUTE, "RMSG $G foo 2\r\nhi\r\n", "RMSG a=$G s=foo r= qs= h=0 p=hi"),
            op(ROUTE, "RMSG $G foo reply 2\r\nhi\r\n", "RMSG a=$G s=foo r=reply qs= h=0 p=hi"),
            op(ROUTE, "RMSG $G foo + reply q1 q2 2\r\nhi\r\n", "RMSG a=$G s=foo r=reply qs=q1 q2 h=0 p=hi"),
            op(ROUTE, "RMSG $G foo + reply 2\r\nhi\r\n", "RMSG a=$G s=foo r=reply qs= h=0 p=hi"),
            op(ROUTE, "rmsg $G foo | q1 2\r\nhi\r\n", "RMSG a=$G s=foo r= qs=q1 h=0 p=hi"),
            op(ROUTE, "RMSG $G foo | a b c d e f g h i j 2\r\nhi\r\n",
                "RMSG a=$G s=foo r= qs=a b c d e f g h i j h=0 p=hi"),
            op(ROUTE, "RMSG $G big " + BIG.length() + "\r\n" + BIG + "\r\n",
                "RMSG a=$G s=big r= qs= h=0 p=" + digest(BIG)),
            op(ROUTE, "HMSG $G foo 18 20\r\n" + HDR + "hi\r\n", "RMSG a=$G s=foo r= qs= h=18 p=" + HDR + "hi"),
            op(ROUTE, "HMSG $G foo r 18 20\r\n" + HDR + "hi\r\n", "RMSG a=$G s=foo r=r qs= h=18 p=" + HDR + "hi"),
            op(ROUTE, "HMSG $G foo + r q1 q2 18 20\r\n" + HDR + "hi\r\n",
                "RMSG a=$G s=foo r=r qs=q1 q2 h=18 p=" + HDR + "hi"),
            op(ROUTE, "HMSG $G foo | q1 q2 q3 q4 q5 q6 q7 q8 18 20\r\n" + HDR + "hi\r\n",
                "RMSG a=$G s=foo r= qs=q1 q2 q3 q4 q5 q6 q7 q8 h=18 p=" + HDR + "hi"),
            op(ROUTE, "LMSG C2 $G foo 0 2\r\nhi\r\n", "RMSG a=$G s=foo r= qs= h=0 p=hi"),
            op(ROUTE, "LMSG C2 $G foo + r q 0 2\r\nhi\r\n", "RMSG a=$G s=foo r=r qs=q h=0 p=hi"),
            op(ROUTE, "PUB foo 2\r\nhi\r\n", "PUB s=foo r= h=0 p=hi"),
            op(ROUTE, "CONNECT {\"name\":\"x\"}\r\n", "CONNECT {\"name\":\"x\"}"),
            op(ROUTE, "INFO {}\r\n", "INFO {}"),
            op(ROUTE, "PING\r\n", "PING"),
            op(ROUTE, "-ERR 'boom'\r\n", "-ERR boom"));
    }

    static Arguments op(final ProtocolParser.Kind kind, final String input, final String... events)
    {
        return Arguments.of(kind, input, Arrays.asList(events));
    }

    static String digest(final String payload)
    {
        int hash = 1;
        for (final byte b : payload.getBytes(StandardCharsets.ISO_8859_1))
        {
            hash = 31 * hash + b;
        }
        return "#" + payload.length() + ":" + Integer.toHexString(hash);
    }

    static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @MethodSource("operations")
    void shouldReportTheSameEventsHoweverTheInputIsCut(
        final ProtocolParser.Kind kind, final String input, final List<String> expected)
    {
        final byte[] in = bytes(input);
        final Feeder whole = new Feeder(kind);
        whole.read(in, 0, in.length);
        assertEquals(expected, whole.listener.events, "whole");
        assertEquals(0, whole.unconsumed(), "whole input consumed");

        assertEquals(expected, Feeder.byteAtATime(kind, in), "one byte at a time");
        for (int cut = 0; cut <= in.length; cut++)
        {
            assertEquals(expected, Feeder.cutAt(kind, in, cut), "cut at " + cut);
        }
    }

    @Test
    void shouldParseAllOperationsBackToBackCutAnywhere()
    {
        for (final ProtocolParser.Kind kind : ProtocolParser.Kind.values())
        {
            final StringBuilder input = new StringBuilder();
            final List<String> expected = new ArrayList<>();
            operations().map(Arguments::get).filter(a -> a[0] == kind).forEach(a ->
            {
                input.append((String)a[1]);
                @SuppressWarnings("unchecked") final List<String> events = (List<String>)a[2];
                expected.addAll(events);
            });
            final byte[] in = bytes(input.toString());
            assertEquals(expected, Feeder.whole(kind, in), kind + " whole");
            assertEquals(expected, Feeder.byteAtATime(kind, in), kind + " one byte at a time");
            for (int cut = 0; cut <= in.length; cut++)
            {
                assertEquals(expected, Feeder.cutAt(kind, in, cut), kind + " cut at " + cut);
            }
        }
    }
}
