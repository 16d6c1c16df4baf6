package jnatsd.transport.protocol;

/**
 * Parse failures as nats-server 2.9.10 reports them. Every one of them closes the connection.
 * <p>
 * Only the verb-level failures and the two limits are answered with {@code -ERR '<text>'} ({@link #sendsErr()}).
 * Argument failures (a wrong argument count, a bad size) are closed silently by nats-server: its
 * {@code processPub}/{@code processSub}/... return an error that is only logged, so for those {@link #text()} is the
 * log text, never sent. Verified live against the 2.9.10 binary; see docs/protocol.md.
 */
public enum ProtocolError
{
    /** Unknown verb, missing space after a verb, payload not followed by CRLF. */
    UNKNOWN_OPERATION("Unknown Protocol Operation", true),
    /** Client only: the argument part of a control line is longer than max_control_line. */
    MAX_CONTROL_LINE("maximum control line exceeded", true),
    /** Client only: PUB/HPUB size above max_payload, reported as soon as the header line is parsed. */
    MAX_PAYLOAD("Maximum Payload Violation", true),
    /** A first byte other than C/c while {@link ProtocolParser#requireConnectFirst(boolean)} is set. */
    AUTHORIZATION_VIOLATION("Authorization Violation", true),

    PUB_ARGUMENTS("processPub Parse Error", false),
    PUB_SIZE("processPub Bad or Missing Size", false),
    HPUB_ARGUMENTS("processHeaderPub Parse Error", false),
    HPUB_HEADER_SIZE("processHeaderPub Bad or Missing Header Size", false),
    HPUB_TOTAL_SIZE("processHeaderPub Bad or Missing Total Size", false),
    HPUB_HEADER_TOO_BIG("processHeaderPub Header Size larger then TotalSize", false),
    SUB_ARGUMENTS("processSub Parse Error", false),
    UNSUB_ARGUMENTS("processUnsub Parse Error", false),
    REMOTE_SUB_ARGUMENTS("processRemoteSub Parse Error", false),
    REMOTE_UNSUB_ARGUMENTS("processRemoteUnsub parse error", false),
    ROUTED_MSG_ARGUMENTS("processRoutedMsgArgs Parse Error", false),
    ROUTED_MSG_REPLY_INDICATOR("processRoutedMsgArgs Bad or Missing Reply Indicator", false),
    ROUTED_MSG_HEADER_SIZE("processRoutedMsgArgs Bad or Missing Header Size", false),
    ROUTED_MSG_SIZE("processRoutedMsgArgs Bad or Missing Size", false),
    ROUTED_MSG_HEADER_TOO_BIG("processRoutedMsgArgs Header Size larger then TotalSize", false);

    private final String text;
    private final boolean sendsErr;

    ProtocolError(final String text, final boolean sendsErr)
    {
        this.text = text;
        this.sendsErr = sendsErr;
    }

    /** The text inside {@code -ERR '...'} when {@link #sendsErr()}, else the text to log. */
    public String text()
    {
        return text;
    }

    /** Whether nats-server answers {@code -ERR '<text>'} before closing (false: it closes without a word). */
    public boolean sendsErr()
    {
        return sendsErr;
    }
}
