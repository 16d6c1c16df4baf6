package jnatsd.engine.account;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class AccountTest
{
    @Test
    void shouldNameTheDefaultAccountAsNatsServersGlobalAccount()
    {
        final Account a = Account.global(new SubjectTable(16));
        assertEquals("$G", Account.GLOBAL_NAME);
        assertEquals(Account.GLOBAL_NAME, a.name());
        assertArrayEquals("$G".getBytes(StandardCharsets.US_ASCII), a.nameBytes());
        assertTrue(a.isGlobal());
        assertFalse(new Account("A", new SubjectTable(16)).isGlobal());
    }

    @Test
    void shouldOwnItsSubjectTable()
    {
        final SubjectTable table = new SubjectTable(16);
        final Account a = Account.global(table);
        final Account b = new Account("B", new SubjectTable(16));
        assertSame(table, a.table());
        final UnsafeBuffer subject = new UnsafeBuffer("orders.*".getBytes(StandardCharsets.US_ASCII));
        a.table().add(1, subject, 0, 8, subject, 0, 0);
        final UnsafeBuffer literal = new UnsafeBuffer("orders.new".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, a.table().match(literal, 0, 10).plainCount());
        assertEquals(0, b.table().match(literal, 0, 10).plainCount());
    }

    @Test
    void shouldRecogniseItsNameOnTheWireWithoutAllocating()
    {
        final UnsafeBuffer line = new UnsafeBuffer("RS+ $G foo\r\nRS+ $SYS bar".getBytes(StandardCharsets.US_ASCII));
        assertTrue(Account.isGlobalName(line, 4, 2));
        assertFalse(Account.isGlobalName(line, 16, 4));
        assertFalse(Account.isGlobalName(line, 4, 1));
        assertTrue(Account.global(new SubjectTable(16)).isNamed(line, 4, 2));
        assertTrue(new Account("$SYS", new SubjectTable(16)).isNamed(line, 16, 4));
    }

    @Test
    void shouldStartWithZeroCounters()
    {
        final Account a = Account.global(new SubjectTable(16));
        assertEquals(0, a.inMsgs + a.inBytes + a.outMsgs + a.outBytes + a.subscriptions);
        // A copy: a caller cannot rename the account through the bytes it was given.
        a.nameBytes()[0] = 'X';
        assertEquals('$', a.nameBytes()[0]);
    }
}
