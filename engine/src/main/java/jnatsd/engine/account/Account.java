package jnatsd.engine.account;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnatsd.engine.subject.MatchResult;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A subject namespace: its own subject table, its name and its traffic counters. Every session belongs to one,
 * set when the engine opens it. Engine thread only (plain fields, as {@code EngineCounters}).
 * <p>
 * Every server has the global account {@link #GLOBAL_NAME} of nats-server; the config's {@code accounts} block adds
 * more ({@link Accounts}), and a client joins its authenticated user's account at CONNECT. Each message is matched in
 * its publisher's {@link #table()} only, so accounts never see each other's messages; subscription ids stay
 * engine-wide (they index one array) while each table holds only its account's ids. Routes name the account in every
 * RS+/RS-/RMSG. What crosses between accounts are the imports this account holds: streams (its subscriptions get
 * shadows in the exporter's table) and services (requests mapped into the exporter, replies mapped back through
 * {@link #responses}).
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
    /** Client connections in this account on this server, CONNECT to close (engine thread): limits.conn, CONNS. */
    public int clients;
    /** When "maximum subscriptions exceeded" was last logged for it: nats-server logs it once per 2 s per account. */
    public long lastMaxSubsLogNs;
    public boolean maxSubsLogged;

    /** Stream imports of this account (immutable; replaced by a reload). */
    private List<StreamImport> streamImports = List.of();
    /** Service imports, matched by their subject in this account (null: none, the common case). */
    private ServiceImport[] serviceImports;
    private SubjectTable serviceTable;
    /** As exporter: replies due to importers, by the {@code _R_} reply subject handed to the responder. */
    private final LinkedHashMap<String, ResponseRoute> responses = new LinkedHashMap<>(16, 0.75f, false)
    {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, ResponseRoute> eldest)
        {
            // A responder that never answers must not grow memory without bound.
            return size() > MAX_PENDING_RESPONSES;
        }
    };
    private String replyPrefix;
    /** The interconnect's own state for this account (the cluster keeps its remote interest here). */
    public Object interconnectState;

    /** Pending service replies kept per exporting account; the oldest go first past it. */
    public static final int MAX_PENDING_RESPONSES = 100_000;

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

    /** Writes the name's ASCII bytes at index (route lines); returns its length. No allocation. */
    public int putName(final MutableDirectBuffer buffer, final int index)
    {
        buffer.putBytes(index, nameBytes);
        return nameBytes.length;
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

    public List<StreamImport> streamImports()
    {
        return streamImports;
    }

    /** Service imports, or null when there are none. */
    public ServiceImport[] serviceImports()
    {
        return serviceImports;
    }

    /** Sets the imports (account configuration, engine thread). */
    void imports(final List<StreamImport> streams, final List<ServiceImport> services)
    {
        this.streamImports = List.copyOf(streams);
        if (services.isEmpty())
        {
            serviceImports = null;
            serviceTable = null;
            return;
        }
        serviceImports = services.toArray(new ServiceImport[0]);
        serviceTable = new SubjectTable(256);
        for (int i = 0; i < serviceImports.length; i++)
        {
            final UnsafeBuffer b = new UnsafeBuffer(serviceImports[i].from().getBytes(StandardCharsets.US_ASCII));
            serviceTable.add(i, b, 0, b.capacity(), b, 0, 0);
        }
    }

    /** The service import a subject published in this account calls, or null; call only when there are some. */
    public ServiceImport serviceImportFor(final DirectBuffer subject, final int offset, final int length)
    {
        final MatchResult r = serviceTable.match(subject, offset, length);
        return r.plainCount() == 0 ? null : serviceImports[r.plain(0)];
    }

    /** Replies due to importers of this account's services. */
    public Map<String, ResponseRoute> responses()
    {
        return responses;
    }

    /**
     * The prefix of the reply subjects this account hands its responders ({@code _R_.xxxxxx.}, as nats-server's
     * createRespWildcard), made on first use; null until then.
     */
    public String replyPrefix()
    {
        return replyPrefix;
    }

    public void replyPrefix(final String prefix)
    {
        this.replyPrefix = prefix;
    }

    @Override
    public String toString()
    {
        return name;
    }
}
