package jnatsd.engine.event;

/** Type ids of ring events, dispatched with a switch by the engine. */
public final class EventType
{
    /** A claimed slot whose filling failed: published so the sequence advances, skipped by the engine. */
    public static final int NONE = 0;
    /** A connection was accepted; the engine sends INFO (and rejects it when over max_connections). */
    public static final int OPEN = 1;
    /** CONNECT accepted by the transport (attachment: {@link ConnectCommand}). */
    public static final int CONNECT = 2;
    public static final int PUB = 3;
    public static final int SUB = 4;
    public static final int UNSUB = 5;
    public static final int PING = 6;
    public static final int PONG = 7;
    /** The peer closed, or a read failed: clean up without writing. */
    public static final int CLOSED = 8;
    /** The transport found the socket writable again after an incomplete flush. */
    public static final int WRITABLE = 9;
    /** Send -ERR (attachment: the {@link ErrorCode}) and close, or keep, as the code says. */
    public static final int ERROR = 10;
    /** Route CONNECT (attachment: {@link jnatsd.engine.cluster.RouteConnect}). */
    public static final int ROUTE_CONNECT = 40;
    /** Route INFO (attachment: {@link jnatsd.engine.cluster.RouteInfo}). */
    public static final int ROUTE_INFO = 41;
    /** RS+: account, subject, queue, longValue = weight (the engine looks the account up; unknown ones are dropped). */
    public static final int RS_PLUS = 42;
    /** RS-: account, subject, queue. */
    public static final int RS_MINUS = 43;
    /** RMSG / route HMSG: account, subject, reply, queue = the raw queue-name list, header, payload. */
    public static final int RMSG = 44;

    private EventType()
    {
    }
}
