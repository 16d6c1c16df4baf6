package jnatsd.engine.session;

import jnatsd.engine.account.Account;
import jnatsd.engine.account.StreamImport;
import jnatsd.engine.egress.MessageWriter;

/**
 * One client subscription, or the shadow of one in an exporting account (a stream import: {@link #streamImport} and
 * {@link #parent} set). Engine thread only.
 */
public final class Subscription
{
    public final Session session;
    public final int subId;
    public final byte[] sid;
    /** The sid's bytes as one little-endian word when it has at most 8 (MessageWriter stores it at once). */
    public final long sidWord;
    public final byte[] subject;
    public final byte[] queue;
    public long maxMessages;
    public long delivered;
    /** Wildcard subscription of a user with subscribe-deny rules: check each delivered subject. */
    public boolean denyCheck;
    /** The account whose subject table holds this subscription. */
    public Account account;
    /** Shadows only: the import it delivers through and the importer's subscription it delivers for. */
    public StreamImport streamImport;
    public Subscription parent;
    /** The shadows of this subscription in exporting accounts; null when none. */
    public Subscription[] shadows;

    public Subscription(
        final Session session, final int subId, final byte[] sid, final byte[] subject, final byte[] queue)
    {
        this.session = session;
        this.subId = subId;
        this.sid = sid;
        this.sidWord = MessageWriter.word(sid);
        this.subject = subject;
        this.queue = queue;
    }
}
