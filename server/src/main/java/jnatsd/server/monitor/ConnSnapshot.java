package jnatsd.server.monitor;

import java.util.List;

/**
 * One client connection as /connz shows it, copied from its session on the engine thread, so the HTTP thread
 * formats it without touching engine state. Times are epoch nanoseconds; {@code stopEpochNs} is 0 while open.
 * {@code tlsVersion} and {@code tlsCipher} are empty unless the client's connection is encrypted.
 * {@code subs} is empty unless the query asked for subscriptions (closed connections always keep theirs).
 * {@code account} is the session's account name ("$G" for the global one).
 */
public record ConnSnapshot(
    long cid,
    String ip,
    int port,
    long startEpochNs,
    long lastActivityEpochNs,
    long stopEpochNs,
    String reason,
    long rttNs,
    long pendingBytes,
    long inMsgs,
    long outMsgs,
    long inBytes,
    long outBytes,
    int numSubs,
    String name,
    String lang,
    String version,
    String tlsVersion,
    String tlsCipher,
    String user,
    List<SubSnapshot> subs,
    String account)
{
    public boolean closed()
    {
        return stopEpochNs != 0;
    }
}
