package jnatsd.engine.session;

import java.util.HashMap;
import jnatsd.engine.account.Account;
import jnatsd.engine.egress.Outbound;

/**
 * The engine's view of one connection. Created by the transport at accept (the final fields), then owned by the
 * engine thread (everything else). {@link #closed} is also read by the transport.
 */
public final class Session
{
    public static final int KIND_CLIENT = 0;
    public static final int KIND_ROUTE = 1;
    /** The server's own client (the system account's): no socket, not listed with the connections. */
    public static final int KIND_SYSTEM = 2;

    // Set by the transport before the OPEN event; immutable afterwards.
    public final long cid;
    public final int kind;
    public final WireChannel channel;
    public final TransportHandle handle;
    public final String remoteIp;
    public final int remotePort;
    public final boolean rejectedAtAccept;
    public final long openedAtMs;
    /** System.nanoTime at accept: the first RTT estimate runs from here to CONNECT. */
    public final long openedAtNs = System.nanoTime();

    // Engine thread only.
    public Outbound outbound;
    /** The account this session belongs to: the global one from OPEN, its user's from CONNECT (routes: global). */
    public Account account;
    public boolean connectReceived;
    public boolean verbose = true;
    public boolean pedantic = true;
    public boolean echo = true;
    public boolean headers;
    public boolean noResponders;
    public int protocol;
    /** ServerInfo.version() of the INFO this client was sent at accept (engine thread). */
    public int infoVersion;
    public String name = "";
    public String lang = "";
    public String version = "";
    public String user = "";
    /**
     * The nonce of this client's INFO, empty when none was required; set by the transport before OPEN is published
     * (so the engine never generates randomness), read by the engine for the INFO and by the transport for CONNECT.
     */
    public String nonce = "";
    public SessionPermissions permissions;
    /** allow_responses: the replies it may publish to although its permissions deny them; null without. */
    public ReplyPermits replyPermits;
    /** What CONNECT authenticated with; null before CONNECT. A reload checks them against the new authorization. */
    public Credentials credentials;
    public final HashMap<String, Subscription> subscriptions = new HashMap<>();
    public int pingsOut;
    public boolean rttMeasured;
    public long nextPingNs;
    public long authDeadlineNs;
    /** When the login's user or account JWT expires (engine clock; 0: never), and the -ERR text it then gets. */
    public long authExpiresAtNs;
    public String authExpiredText = "";
    /** A JWT login's subscription limit with the server's applied (-1: only max_subscriptions applies). */
    public int maxSubscriptions = -1;
    /** Counted in its account's connections (a JWT account with a conn limit counts them). */
    public boolean countedInAccount;
    /** When to close it for a subscription limit of 0 (engine clock; 0: not), as nats-server does 20 ms after. */
    public long subsLimitCloseAtNs;
    /** A JWT payload limit to announce in an INFO after the next PONG (nats-server's first-PONG INFO); -1: none. */
    public int infoAfterPongMaxPayload = -1;
    public long writeBlockedSinceNs;
    /** write_deadline as it was when this client connected (nats-server snapshots it per client). */
    public long writeDeadlineNs;
    public boolean dirty;
    public boolean writeInterest;
    public String closeReason;
    /** Set by lame duck mode: the close reason once the queued bytes are written (Engine.closeWhenFlushed). */
    public String closeWhenFlushed;
    public long inMsgs;
    public long inBytes;
    public long outMsgs;
    public long outBytes;
    public long lastActivityNs;
    /** Route sessions only: the peer as the cluster tracks it (engine thread). */
    public RoutePeer route;
    /** Round trip (monitoring): estimated at CONNECT, then measured by each server PING and its PONG; 0 = none. */
    public long rttNs;
    /** When the outstanding server PING was sent (System.nanoTime), 0 when none is. */
    public long pingSentNs;

    /** Engine writes, transport reads: do not read from this connection before this time (System.nanoTime). */
    public volatile long readPausedUntilNs;

    /** Set once by the engine when the session is closed; the transport stops reading it. */
    public volatile boolean closed;

    public Session(
        final long cid,
        final int kind,
        final WireChannel channel,
        final TransportHandle handle,
        final String remoteIp,
        final int remotePort,
        final boolean rejectedAtAccept)
    {
        this.cid = cid;
        this.kind = kind;
        this.channel = channel;
        this.handle = handle;
        this.remoteIp = remoteIp;
        this.remotePort = remotePort;
        this.rejectedAtAccept = rejectedAtAccept;
        this.openedAtMs = System.currentTimeMillis();
    }

    /** "ip:port - cid:N" as nats-server prefixes connection log lines. */
    public String logPrefix()
    {
        return remoteIp + ":" + remotePort + " - " + (kind == KIND_ROUTE ? "rid:" : "cid:") + cid;
    }
}
