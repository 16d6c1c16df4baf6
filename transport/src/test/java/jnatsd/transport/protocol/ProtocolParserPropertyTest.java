package jnatsd.transport.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtocolParserPropertyTest
{
    private static final byte[] ALPHABET =
        "PUBHSMGRLAICNOTKEX+-$ .*>0123456789\r\n\t'{}abq".getBytes(StandardCharsets.US_ASCII);

    /** One operation: its bytes and the event the recording listener must show (null: none). */
    record Op(String text, String event)
    {
    }

    @Property(tries = 400)
    void parseNeverThrowsOnRandomBytes(
        @ForAll @Size(max = 300) final List<@IntRange(min = 0, max = 255) Integer> raw,
        @ForAll final boolean route,
        @ForAll final long seed)
    {
        final byte[] in = new byte[raw.size()];
        final Random random = new Random(seed);
        for (int i = 0; i < in.length; i++)
        {
            // Mostly protocol characters, so the parser gets deep into its states.
            in[i] = random.nextInt(4) == 0 ? (byte)(int)raw.get(i) : ALPHABET[raw.get(i) % ALPHABET.length];
        }
        checkNeverThrows(in, route, random);
    }

    @Property(tries = 400)
    void parseNeverThrowsOnMutatedOperations(
        @ForAll("operations") final List<Op> ops,
        @ForAll final boolean route,
        @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final StringBuilder text = new StringBuilder();
        ops.forEach(op -> text.append(op.text()));
        final byte[] in = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        final int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && in.length > 0; m++)
        {
            final int at = random.nextInt(in.length);
            in[at] = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte)random.nextInt(256);
        }
        checkNeverThrows(in, route, random);
    }

    @Property(tries = 300)
    void wellFormedSequencesRoundTrip(@ForAll("operations") final List<Op> ops, @ForAll final long seed)
    {
        final StringBuilder text = new StringBuilder();
        final List<String> expected = new ArrayList<>();
        for (final Op op : ops)
        {
            text.append(op.text());
            if (op.event() != null)
            {
                expected.add(op.event());
            }
        }
        final byte[] in = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        final Random random = new Random(seed);
        final Feeder feeder = new Feeder(ProtocolParser.Kind.CLIENT);
        int from = 0;
        while (from < in.length)
        {
            final int to = Math.min(in.length, from + 1 + random.nextInt(40));
            feeder.read(in, from, to);
            from = to;
        }
        assertFalse(feeder.failed, feeder.listener.events.toString());
        assertEquals(expected, feeder.listener.events);
        assertEquals(0, feeder.unconsumed());
    }

    /**
     * Upper-case "PUB " lines take the parser's one-pass path; "pUB " the state machine. Both must give the same
     * events (or the same error) and consume the same bytes, for plain and odd lines alike (control bytes in tokens,
     * missing or extra fields, sizes past the limits, a bad byte after the payload), whole or cut anywhere.
     */
    @Property(tries = 1000)
    void onePassPubAgreesWithStateMachine(@ForAll("pubLines") final String rest, @ForAll final long seed)
    {
        final byte[] fast = ("PUB " + rest).getBytes(StandardCharsets.ISO_8859_1);
        final byte[] slow = ("pUB " + rest).getBytes(StandardCharsets.ISO_8859_1);
        final RecordingListener la = new RecordingListener();
        final RecordingListener lb = new RecordingListener();
        final ProtocolParser a = new ProtocolParser(ProtocolParser.Kind.CLIENT, la, 64, 128);
        final ProtocolParser b = new ProtocolParser(ProtocolParser.Kind.CLIENT, lb, 64, 128);
        assertEquals(b.parse(new UnsafeBuffer(slow), 0, slow.length), a.parse(new UnsafeBuffer(fast), 0, fast.length));
        assertEquals(lb.events, la.events);

        final Random random = new Random(seed);
        final Feeder fa = new Feeder(ProtocolParser.Kind.CLIENT, 64, 128);
        final Feeder fb = new Feeder(ProtocolParser.Kind.CLIENT, 64, 128);
        int from = 0;
        while (from < fast.length)
        {
            final int to = Math.min(fast.length, from + 1 + random.nextInt(12));
            fa.read(fast, from, to);
            fb.read(slow, from, to);
            from = to;
        }
        assertEquals(fb.failed, fa.failed);
        assertEquals(fb.listener.events, fa.listener.events);
        assertEquals(fb.unconsumed(), fa.unconsumed());
    }

    @Provide
    Arbitrary<String> pubLines()
    {
        final Arbitrary<String> odd = Arbitraries.strings().withChars("ab.* \t\r\n\u0001\u00e9>0123456789")
            .ofMinLength(0).ofMaxLength(6);
        final Arbitrary<String> tok = Arbitraries.oneOf(token(), token(), odd);
        final Arbitrary<String> size = Arbitraries.oneOf(
            Arbitraries.integers().between(0, 140).map(String::valueOf), Arbitraries.of("", "x", "1234567890", "-1"));
        final Arbitrary<String> after = Arbitraries.of("\r\n", "\r\n", "\n", "\r", "", "\rX", " \r\n");
        final Arbitrary<String> body = Arbitraries.strings().withChars("ab\r\n").ofMaxLength(150);
        final Arbitrary<String> ends = Arbitraries.of("\r\n", "\r\n", "xx", "\r");
        return Combinators.combine(tok, tok.injectNull(0.5), size, after, body, ends)
            .as((subject, reply, n, eol, payload, end) ->
            {
                // Mostly a payload of the announced size, so the operation completes.
                final String p = n.matches("\\d+") && Integer.parseInt(n) <= 150
                    ? ("x" + payload).repeat(1 + Integer.parseInt(n)).substring(0, Integer.parseInt(n)) : payload;
                return subject + (reply == null ? "" : " " + reply) + " " + n + eol + p + end + "PING\r\n";
            });
    }

    private static void checkNeverThrows(final byte[] in, final boolean route, final Random random)
    {
        final ProtocolParser.Kind kind = route ? ProtocolParser.Kind.ROUTE : ProtocolParser.Kind.CLIENT;
        final RecordingListener listener = new RecordingListener();
        final ProtocolParser parser = new ProtocolParser(kind, listener, 64, 128);
        final int result = parser.parse(new UnsafeBuffer(in), 0, in.length);
        assertTrue(result == -1 || (result >= 0 && result <= in.length), "result " + result);
        assertEquals(result == -1 ? 1 : 0, listener.events.stream().filter(e -> e.startsWith("ERROR")).count());

        // And split into random reads through a contract-following caller.
        final Feeder feeder = new Feeder(kind, 64, 128);
        int from = 0;
        while (from < in.length && !feeder.failed)
        {
            final int to = Math.min(in.length, from + 1 + random.nextInt(16));
            feeder.read(in, from, to);
            from = to;
        }
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        return operation().list().ofMaxSize(12);
    }

    private static Arbitrary<String> token()
    {
        return Arbitraries.strings().withChars("abcxyz.*>$_-0123456789").ofMinLength(1).ofMaxLength(12);
    }

    private static Arbitrary<String> blank()
    {
        return Arbitraries.of(" ", "\t", "  ", " \t ");
    }

    private static Arbitrary<String> eol()
    {
        return Arbitraries.of("\r\n", "\n");
    }

    private static Arbitrary<String> verb(final String verb)
    {
        return Arbitraries.integers().between(0, (1 << verb.length()) - 1).map(mask ->
        {
            final StringBuilder s = new StringBuilder();
            for (int i = 0; i < verb.length(); i++)
            {
                final char c = verb.charAt(i);
                s.append((mask & (1 << i)) != 0 ? Character.toLowerCase(c) : c);
            }
            return s.toString();
        });
    }

    private static Arbitrary<String> payload()
    {
        return Arbitraries.strings().withChars("abc \r\nPING+-").ofMaxLength(300);
    }

    private static Arbitrary<Op> operation()
    {
        final Arbitrary<Op> pub = Combinators.combine(verb("PUB"), blank(), token(), token().injectNull(0.5), payload(),
            eol()).as((v, sp, subject, reply, body, eol) -> new Op(
                v + sp + subject + (reply == null ? "" : sp + reply) + sp + body.length() + eol + body + "\r\n",
                "PUB s=" + subject + " r=" + (reply == null ? "" : reply) + " h=0 p=" + shown(body)));
        final Arbitrary<Op> hpub = Combinators.combine(verb("HPUB"), token(), payload(), payload()).as(
            (v, subject, headers, body) -> new Op(
                v + " " + subject + " " + headers.length() + " " + (headers.length() + body.length()) + "\r\n" +
                    headers + body + "\r\n",
                "PUB s=" + subject + " r= h=" + headers.length() + " p=" + shown(headers + body)));
        final Arbitrary<Op> sub = Combinators.combine(verb("SUB"), blank(), token(), token().injectNull(0.5), token(),
            eol()).as((v, sp, subject, queue, sid, eol) -> new Op(
                v + sp + subject + (queue == null ? "" : sp + queue) + sp + sid + eol,
                "SUB s=" + subject + " q=" + (queue == null ? "" : queue) + " sid=" + sid));
        final Arbitrary<Op> unsub = Combinators.combine(verb("UNSUB"), token(),
            Arbitraries.integers().between(0, 999_999_999).injectNull(0.5), eol()).as((v, sid, max, eol) -> new Op(
                v + " " + sid + (max == null ? "" : " " + max) + eol,
                "UNSUB sid=" + sid + " max=" + (max == null ? -1 : max)));
        final Arbitrary<Op> ping = Combinators.combine(verb("PING"), eol()).as((v, eol) -> new Op(v + eol, "PING"));
        final Arbitrary<Op> pong = Combinators.combine(verb("PONG"), eol()).as((v, eol) -> new Op(v + eol, "PONG"));
        final Arbitrary<Op> connect = Combinators.combine(verb("CONNECT"), token(), eol()).as((v, name, eol) ->
            new Op(v + " {\"name\":\"" + name + "\"}" + eol, "CONNECT {\"name\":\"" + name + "\"}"));
        return Arbitraries.oneOf(pub, hpub, sub, unsub, ping, pong, connect);
    }

    private static String shown(final String payload)
    {
        return payload.length() <= 64 ? payload : ProtocolParserSplitTest.digest(payload);
    }
}
