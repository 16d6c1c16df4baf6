package jnatsd.engine.account;

import java.nio.charset.StandardCharsets;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;

/**
 * A subject namespace: its own subject table, its name and its traffic counters. Every session belongs to one,
 * set when the engine opens it. Engine thread only (plain fields, as {@code EngineCounters}).
 * <p>
 * Today there is one account, the global {@link #GLOBAL_NAME} of nats-server, and routes carry only it. A second
 * account would need: a registry of accounts by name (built from the config's {@code accounts} block) with the
 * account picked at CONNECT from the authenticated user; the engine matching each message in its publisher's
 * {@code account.table()}; subscription ids kept engine-wide (they index one array) while each table holds only its
 * account's ids; and routes naming the account in RS+/RS-/RMSG (route sessions are multi-account, so the interconnect
 * would look the account up per line instead of assuming the global one). Imports and exports between accounts
 * come after that.
 */
public final class Account
{
    /** nats-server's global account: the default one, for every client of a server without accounts. */
    public static final String GLOBAL_NAME = "$G";
    private static final byte[] GLOBAL_BYTES = GLOBAL_NAME.getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final byte[] nameBytes;
    private final SubjectTable table;

    /** Messages and payload bytes published into this account (by its clients, or from routes). */
    public long inMsgs;
    public long inBytes;
    /** Messages and payload bytes delivered to this account's subscribers. */
    public long outMsgs;
    public long outBytes;
    /** Live local subscriptions in this account. */
    public long subscriptions;

    public Account(final String name, final SubjectTable table)
    {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.table = table;
    }

    /** The default account, owning the given table. */
    public static Account global(final SubjectTable table)
    {
        return new Account(GLOBAL_NAME, table);
    }

    public String name()
    {
        return name;
    }

    /** The name as ASCII bytes, for the wire (a copy: callers may keep it). */
    public byte[] nameBytes()
    {
        return nameBytes.clone();
    }

    public SubjectTable table()
    {
        return table;
    }

    public boolean isGlobal()
    {
        return GLOBAL_NAME.equals(name);
    }

    /** Whether buffer[offset, offset+length) is this account's name; no allocation. */
    public boolean isNamed(final DirectBuffer buffer, final int offset, final int length)
    {
        return equalsAscii(nameBytes, buffer, offset, length);
    }

    /** Whether buffer[offset, offset+length) names the global account (a route's account field); no allocation. */
    public static boolean isGlobalName(final DirectBuffer buffer, final int offset, final int length)
    {
        return equalsAscii(GLOBAL_BYTES, buffer, offset, length);
    }

    private static boolean equalsAscii(final byte[] name, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length != name.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != name[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
