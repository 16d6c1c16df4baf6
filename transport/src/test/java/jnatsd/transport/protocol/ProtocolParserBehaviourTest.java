package jnatsd.transport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static jnatsd.transport.protocol.ProtocolParser.Kind.CLIENT;
import static jnatsd.transport.protocol.ProtocolParser.Kind.ROUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolParserBehaviourTest
{
    private final RecordingListener listener = new RecordingListener();

    private static UnsafeBuffer buffer(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void shouldStopBeforeAnOperationTheListenerRefuses()
    {
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 4096, 1024);
        final String input = "PING\r\nPUB a 2\r\nhi\r\nSUB b 1\r\n";
        listener.refuseAtCall = 1;
        assertEquals(6, parser.parse(buffer(input), 0, input.length()));
        assertEquals(List.of("PING"), listener.events);
        assertEquals(input.length() - 6, parser.parse(buffer(input.substring(6)), 0, input.length() - 6));
        assertEquals(List.of("PING", "PUB s=a r= h=0 p=hi", "SUB s=b q= sid=1"), listener.events);
    }

    @Test
    void reloadedLimitsShouldApplyFromTheNextParse()
    {
        // A reload lowers the limits: operations that passed are now over them (nats-server applies both to
        // existing clients).
        final String sub = "SUB " + "s".repeat(300) + " 1\r\n";
        final ProtocolParser lines = new ProtocolParser(CLIENT, listener, 4096, 1024);
        assertEquals(sub.length(), lines.parse(buffer(sub), 0, sub.length()));
        lines.limits(256, 1024);
        assertEquals(-1, lines.parse(buffer(sub), 0, sub.length()));

        final String pub = "PUB a 600\r\n" + "x".repeat(600) + "\r\n";
        final ProtocolParser payloads = new ProtocolParser(CLIENT, listener, 4096, 1024);
        assertEquals(pub.length(), payloads.parse(buffer(pub), 0, pub.length()));
        payloads.limits(4096, 512);
        assertEquals(-1, payloads.parse(buffer(pub), 0, pub.length()));
    }

    @Test
    void shouldTellTheLengthOfAPartialMessageOnceItsHeaderIsComplete()
    {
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 4096, 1 << 20);
        assertEquals(6, parser.parse(buffer("PING\r\nPUB a 10"), 0, 14));
        assertEquals(-1, parser.pendingOperationLength());
        assertEquals(0, parser.parse(buffer("PUB a 100000\r\nxyz"), 0, 17));
        assertEquals(14 + 100000 + 2, parser.pendingOperationLength());
        assertEquals(0, parser.parse(buffer("HPUB a 2 7\r\n"), 0, 12));
        assertEquals(12 + 7 + 2, parser.pendingOperationLength());

        final ProtocolParser route = new ProtocolParser(ROUTE, listener, 4096, 1024);
        assertEquals(0, route.parse(buffer("RMSG $G a 2000000\r\n"), 0, 19));
        assertEquals(19 + 2000000 + 2, route.pendingOperationLength());
        assertEquals(List.of("PING"), listener.events);
    }

    @Test
    void shouldCountTheArgumentOfAClientControlLineAgainstTheLimitAsNatsServerDoes()
    {
        // nats counts the bytes after "PUB " up to the CR: 4096 is fine, 4097 is not (verified live).
        final String ok = "PUB foo " + "a".repeat(4096 - 6) + " 2\r\nhi\r\n";
        final String tooLong = "PUB foo " + "a".repeat(4097 - 6) + " 2\r\nhi\r\n";
        assertEquals(ok.length(), new ProtocolParser(CLIENT, listener, 4096, 1024).parse(buffer(ok), 0, ok.length()));
        assertEquals(-1, new ProtocolParser(CLIENT, listener, 4096, 1024).parse(buffer(tooLong), 0, tooLong.length()));
        assertTrue(listener.events.get(listener.events.size() - 1).startsWith("ERROR MAX_CONTROL_LINE foo aaa"));

        // A partial line is checked at the end of each parse, before the caller buffers more of it.
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 100, 1024);
        assertEquals(0, parser.parse(buffer("SUB " + "a".repeat(100)), 0, 104));
        assertEquals(-1, parser.parse(buffer("SUB " + "a".repeat(101)), 0, 105));
    }

    @Test
    void shouldApplyNeitherLimitToRoutesAsNatsServer()
    {
        final ProtocolParser parser = new ProtocolParser(ROUTE, listener, 16, 4);
        final String input = "RS+ $G " + "a".repeat(100) + "\r\nRMSG $G b 10\r\n0123456789\r\n";
        assertEquals(input.length(), parser.parse(buffer(input), 0, input.length()));
        assertEquals(List.of("RS+ a=$G s=" + "a".repeat(100) + " q= w=0", "RMSG a=$G s=b r= qs= h=0 p=0123456789"),
            listener.events);
    }

    @Test
    void shouldRejectEverythingButConnectWhileAwaitingAuthentication()
    {
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 4096, 1024);
        parser.requireConnectFirst(true);
        assertEquals(-1, parser.parse(buffer("PING\r\n"), 0, 6));
        assertEquals(List.of("ERROR AUTHORIZATION_VIOLATION PING\r\n"), listener.events);

        final RecordingListener other = new RecordingListener();
        final ProtocolParser next = new ProtocolParser(CLIENT, other, 4096, 1024);
        next.requireConnectFirst(true);
        final String input = "CONNECT {}\r\nPING\r\n";
        assertEquals(input.length(), next.parse(buffer(input), 0, input.length()));
        assertEquals(List.of("CONNECT {}", "PING"), other.events);
    }

    @Test
    void shouldConsumeTheTailOfPingWithoutBufferingIt()
    {
        // nats-server ignores anything between PING and LF, however long; the caller must not have to hold it.
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 16, 1024);
        assertEquals(9, parser.parse(buffer("PING junk"), 0, 9));
        final String junk = "x".repeat(1000);
        assertEquals(1000, parser.parse(buffer(junk), 0, 1000));
        assertTrue(listener.events.isEmpty());
        assertEquals(2, parser.parse(buffer("\r\n"), 0, 2));
        assertEquals(List.of("PING"), listener.events);
    }

    @Test
    void shouldReportConnectArgumentsExactlyAsNatsServerSlicesThem()
    {
        // "CONNECT\r\n": nats hands "\r" to its JSON decoder, which fails and closes silently (verified live).
        final ProtocolParser parser = new ProtocolParser(CLIENT, listener, 4096, 1024);
        assertEquals(9, parser.parse(buffer("CONNECT\r\n"), 0, 9));
        assertEquals(List.of("CONNECT \r"), listener.events);
        assertFalse(listener.events.get(0).contains("\n"));
    }
}
