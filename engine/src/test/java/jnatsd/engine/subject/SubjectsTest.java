package jnatsd.engine.subject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectsTest
{
    /** Expected values follow nats-server 2.9.10's IsValidSubject / IsValidLiteralSubject. */
    @ParameterizedTest(name = "[{0}] subject={1} literal={2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "foo|true|true",
        "foo.bar|true|true",
        "foo.bar.baz|true|true",
        "foo..bar|false|false",
        ".foo|false|false",
        "foo.|false|false",
        ".|false|false",
        "foo.*.bar|true|false",
        "foo.*|true|false",
        "*|true|false",
        ">|true|false",
        "foo.>|true|false",
        "*.>|true|false",
        "foo.>.bar|false|false",
        ">.foo|false|false",
        ">.>|false|false",
        "foo*|true|true",
        "foo>|true|true",
        "*foo.bar|true|true",
        "foo.b*r|true|true",
        "foo.**|true|true",
        "foo.>>|true|true",
        "$SYS.REQ|true|true",
        "_INBOX.abc-DEF_123|true|true",
    })
    void shouldApplyNatsSubjectRules(final String subject, final boolean valid, final boolean literal)
    {
        final UnsafeBuffer b = at(subject, 3);
        assertEquals(valid, Subjects.isValidSubject(b, 3, subject.length()), "isValidSubject");
        assertEquals(literal, Subjects.isValidLiteralSubject(b, 3, subject.length()), "isValidLiteralSubject");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"foo bar\"", "\"foo\tbar\"", "\"foo\nbar\"", "\"foo\rbar\"", "\"foo\fbar\"", "\" \"", "\"foo. \"",
        "\"foo.\t.bar\"", "\" foo\"", "\"foo \"",
    })
    void shouldRejectWhitespaceInSubscriptionSubjectsAndQueueNames(final String subject)
    {
        final UnsafeBuffer b = at(subject, 0);
        assertEquals(false, Subjects.isValidSubject(b, 0, subject.length()));
        assertEquals(false, Subjects.isValidQueueName(b, 0, subject.length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "workers|true", "q.1|true", "*|true", ">|true", "a-b_c|true", "\"\"|false", "\"a b\"|false",
    })
    void shouldCheckQueueNames(final String queue, final boolean valid)
    {
        final UnsafeBuffer b = at(queue, 1);
        assertEquals(valid, Subjects.isValidQueueName(b, 1, queue.length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "foo|false", "foo.*|true", "foo.>|true", "*|true", ">|true", "foo*|false", "f>.bar|false", "a.*.b|true",
    })
    void shouldDetectWildcardTokens(final String subject, final boolean wildcard)
    {
        final UnsafeBuffer b = at(subject, 2);
        assertEquals(wildcard, Subjects.hasWildcard(b, 2, subject.length()));
    }

    @Test
    void shouldRejectEmpty()
    {
        final UnsafeBuffer b = at("xyz", 0);
        assertEquals(false, Subjects.isValidSubject(b, 1, 0));
        assertEquals(false, Subjects.isValidLiteralSubject(b, 1, 0));
        assertEquals(false, Subjects.isValidQueueName(b, 1, 0));
    }

    @Test
    void shouldFindQueueNamesInTheRoutedList()
    {
        final UnsafeBuffer b = new UnsafeBuffer("xx wq  q2\tyy".getBytes(StandardCharsets.US_ASCII));
        assertEquals(true, Subjects.containsQueue(b, 3, 6, "wq".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(true, Subjects.containsQueue(b, 3, 6, "q2".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, Subjects.containsQueue(b, 3, 6, "w".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(false, Subjects.containsQueue(b, 3, 6, "yy".getBytes(StandardCharsets.US_ASCII)));
    }

    /** The bytes of {@code s} at {@code offset}, surrounded by junk that must be ignored. */
    static UnsafeBuffer at(final String s, final int offset)
    {
        final byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] padded = new byte[bytes.length + offset + 3];
        Arrays.fill(padded, (byte)'.');
        System.arraycopy(bytes, 0, padded, offset, bytes.length);
        return new UnsafeBuffer(padded);
    }
}
