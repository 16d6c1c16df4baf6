package jnatsd.transport.protocol;

import org.agrona.DirectBuffer;

/**
 * Receives the operations {@link ProtocolParser} finds. Arguments are (offset, length) views into the buffer
 * given to {@code parse}; they are valid only during the call (the caller decides how long the bytes live).
 * An absent optional argument has length 0 (its offset is then meaningless).
 * <p>
 * Every callback returns {@code true} when it took the operation, {@code false} to stop parsing before it
 * (back-pressure: the parser then returns the offset where that operation starts, and the same bytes are
 * parsed again later).
 */
public interface ProtocolListener
{
    /** CONNECT; the JSON object text. */
    boolean onConnect(DirectBuffer buffer, int jsonOffset, int jsonLength);

    /** INFO (routes send it; for clients see {@link ProtocolParser} kind). */
    boolean onInfo(DirectBuffer buffer, int jsonOffset, int jsonLength);

    /**
     * PUB or HPUB. For PUB, headerLength is 0. For HPUB, headerLength is the #hdr argument (the header bytes
     * start at payloadOffset) and totalLength is #total (headers plus body).
     */
    boolean onPub(
        DirectBuffer buffer,
        int subjectOffset, int subjectLength,
        int replyOffset, int replyLength,
        int headerLength,
        int payloadOffset, int totalLength);

    /** SUB subject [queue] sid. */
    boolean onSub(
        DirectBuffer buffer,
        int subjectOffset, int subjectLength,
        int queueOffset, int queueLength,
        int sidOffset, int sidLength);

    /** UNSUB sid [max]; maxMessages is -1 when absent. */
    boolean onUnsub(DirectBuffer buffer, int sidOffset, int sidLength, long maxMessages);

    boolean onPing();

    boolean onPong();

    /** +OK (routes may send it; clients normally do not). */
    boolean onOk();

    /** -ERR 'text'; the text between the quotes (or the raw rest of the line when unquoted). */
    boolean onErr(DirectBuffer buffer, int textOffset, int textLength);

    /** Route only: RS+ account subject [queue weight]; weight is 0 when absent. */
    boolean onRemoteSub(
        DirectBuffer buffer,
        int accountOffset, int accountLength,
        int subjectOffset, int subjectLength,
        int queueOffset, int queueLength,
        int weight);

    /** Route only: RS- account subject [queue]. */
    boolean onRemoteUnsub(
        DirectBuffer buffer,
        int accountOffset, int accountLength,
        int subjectOffset, int subjectLength,
        int queueOffset, int queueLength);

    /**
     * Route only: RMSG (headerLength 0) or route HMSG.
     * <pre>
     * RMSG acc subject [reply] size
     * RMSG acc subject + reply q1 q2 ... size
     * RMSG acc subject | q1 q2 ... size
     * </pre>
     * queuesOffset/queuesLength span the raw space-separated queue names (length 0 when none).
     */
    boolean onRoutedMessage(
        DirectBuffer buffer,
        int accountOffset, int accountLength,
        int subjectOffset, int subjectLength,
        int replyOffset, int replyLength,
        int queuesOffset, int queuesLength,
        int headerLength,
        int payloadOffset, int totalLength);

    /**
     * A protocol error. The parser stops; the connection is closed after the caller sends
     * {@code -ERR '<error.text()>'} (when error.sendsErr()). snippet is up to 32 bytes of offending input.
     */
    void onProtocolError(ProtocolError error, DirectBuffer buffer, int snippetOffset, int snippetLength);
}
