package jnatsd.engine.event;

import jnatsd.engine.session.Session;
import org.agrona.DirectBuffer;

/**
 * One preallocated ring slot. Byte arguments are (offset, length) views into {@link #buffer}, the connection's
 * read buffer: events refer to inbound bytes, they never carry copies. The transport does not reuse those bytes
 * until the engine's sequence has passed the event.
 */
public final class InboundEvent
{
    public int type;
    public Session session;
    public DirectBuffer buffer;
    /** Route operations (RS+, RS-, RMSG): the account field. */
    public int accountOffset;
    public int accountLength;
    public int subjectOffset;
    public int subjectLength;
    public int replyOffset;
    public int replyLength;
    public int queueOffset;
    public int queueLength;
    public int sidOffset;
    public int sidLength;
    public int headerLength;
    public int payloadOffset;
    public int payloadLength;
    public long longValue;
    public Object attachment;
}
