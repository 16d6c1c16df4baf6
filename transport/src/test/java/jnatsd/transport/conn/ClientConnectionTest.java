package jnatsd.transport.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The read-size verdict that moves a connection between the standard and the busy read buffer. */
class ClientConnectionTest
{
    private final ClientConnection c = new ClientConnection(null, null);

    ClientConnectionTest()
    {
        c.useBuffer(ByteBuffer.allocateDirect(32 * 1024));
    }

    @Test
    void twoFullReadsInARowMakeAConnectionBusy()
    {
        c.noteRead(32 * 1024, 32 * 1024);
        assertEquals(0, c.busy, "one full read is not yet busy");
        c.noteRead(100, 32 * 1024);
        c.noteRead(32 * 1024, 32 * 1024);
        assertEquals(0, c.busy, "full reads must follow each other");
        c.noteRead(30_000, 30_000);
        assertEquals(1, c.busy, "a read that fills what is left of the buffer counts as full");
    }

    @Test
    void sixtyFourSmallReadsInARowMakeItQuietAgain()
    {
        c.noteRead(1000, 1000);
        c.noteRead(1000, 1000);
        assertEquals(1, c.busy);
        for (int i = 0; i < 63; i++)
        {
            c.noteRead(100, 32 * 1024);
        }
        c.noteRead(1000, 1000);
        for (int i = 0; i < 63; i++)
        {
            c.noteRead(100, 32 * 1024);
        }
        assertEquals(1, c.busy, "a full read in between starts the count again");
        c.noteRead(100, 32 * 1024);
        assertEquals(0, c.busy, "the 64th small read in a row");
        // Reads of a quarter of the buffer or more are not small.
        c.noteRead(1000, 1000);
        c.noteRead(1000, 1000);
        c.useBuffer(ByteBuffer.allocateDirect(64 * 1024));
        for (int i = 0; i < 100; i++)
        {
            c.noteRead(16 * 1024, 64 * 1024);
        }
        assertEquals(1, c.busy);
        for (int i = 0; i < 64; i++)
        {
            c.noteRead(16 * 1024 - 1, 64 * 1024);
        }
        assertEquals(0, c.busy);
    }
}
