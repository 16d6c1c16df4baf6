package jnatsd.transport.protocol;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * Zero-copy, allocation-free parser of the NATS client and route wire protocol, byte compatible with the state
 * machine of nats-server 2.9.10 ({@code server/parser.go}) and its argument splitters ({@code processPub},
 * {@code processHeaderPub}, {@code parseSub}, {@code processUnsub}, {@code processRemoteSub},
 * {@code processRemoteUnsub}, {@code processRoutedMsgArgs}, {@code processRoutedHeaderMsgArgs},
 * {@code processRoutedOriginClusterMsgArgs}).
 * <p>
 * Framing contract (netty's {@code ByteToMessageDecoder}): {@link #parse} consumes complete operations only. A
 * partial operation at the end stays unconsumed; the caller keeps those bytes, appends the next read after them and
 * parses again from the start of the partial operation, so the parser never copies bytes. The one exception is the
 * tail of {@code PING}, {@code PONG} and {@code +OK}: nats-server ignores everything between those verbs and the
 * next LF however long it is, so the parser consumes such a tail and remembers that it is inside it (one int of
 * state) instead of making the caller buffer an unbounded line.
 * <p>
 * One instance per connection, used by the connection's transport thread only. No allocation per operation.
 */
public final class ProtocolParser
{
    /** Which verbs are legal: nats-server's CLIENT or ROUTER connection kind. */
    public enum Kind
    {
        CLIENT, ROUTE
    }

    /** nats-server's PROTO_SNIPPET_SIZE. */
    public static final int SNIPPET_BYTES = 32;

    // Result codes of parseOperation(); a value >= 0 is the index just past the operation.
    private static final int ERROR = -1;
    private static final int NEED_MORE = -2;
    private static final int STOPPED = -3;
    private static final int CARRY = -4;
    /** fastPub: the line is not of the plain shape; the state machine parses it. */
    private static final int NOT_PLAIN = -5;
    /** "PUB " as a little-endian int. */
    private static final int PUB_SPACE = 'P' | 'U' << 8 | 'B' << 16 | ' ' << 24;

    // Verb states, named as in parser.go. The *_ARG states are not states here: once an argument starts, the rest of
    // the line is found with one scan for LF and handed to the operation's argument handler.
    private static final int OP_START = 0;
    private static final int OP_PLUS = 1;
    private static final int OP_PLUS_O = 2;
    private static final int OP_PLUS_OK = 3;
    private static final int OP_MINUS = 4;
    private static final int OP_MINUS_E = 5;
    private static final int OP_MINUS_ER = 6;
    private static final int OP_MINUS_ERR = 7;
    private static final int OP_MINUS_ERR_SPC = 8;
    private static final int OP_C = 9;
    private static final int OP_CO = 10;
    private static final int OP_CON = 11;
    private static final int OP_CONN = 12;
    private static final int OP_CONNE = 13;
    private static final int OP_CONNEC = 14;
    private static final int OP_CONNECT = 15;
    private static final int OP_H = 16;
    private static final int OP_HP = 17;
    private static final int OP_HPU = 18;
    private static final int OP_HPUB = 19;
    private static final int OP_HPUB_SPC = 20;
    private static final int OP_HM = 21;
    private static final int OP_HMS = 22;
    private static final int OP_HMSG = 23;
    private static final int OP_HMSG_SPC = 24;
    private static final int OP_P = 25;
    private static final int OP_PU = 26;
    private static final int OP_PUB = 27;
    private static final int OP_PUB_SPC = 28;
    private static final int OP_PI = 29;
    private static final int OP_PIN = 30;
    private static final int OP_PING = 31;
    private static final int OP_PO = 32;
    private static final int OP_PON = 33;
    private static final int OP_PONG = 34;
    private static final int OP_S = 35;
    private static final int OP_SU = 36;
    private static final int OP_SUB = 37;
    private static final int OP_SUB_SPC = 38;
    private static final int OP_A = 39;
    private static final int OP_ASUB = 40;
    private static final int OP_ASUB_SPC = 41;
    private static final int OP_AUSUB = 42;
    private static final int OP_AUSUB_SPC = 43;
    private static final int OP_L = 44;
    private static final int OP_LS = 45;
    private static final int OP_R = 46;
    private static final int OP_RS = 47;
    private static final int OP_U = 48;
    private static final int OP_UN = 49;
    private static final int OP_UNS = 50;
    private static final int OP_UNSU = 51;
    private static final int OP_UNSUB = 52;
    private static final int OP_UNSUB_SPC = 53;
    private static final int OP_M = 54;
    private static final int OP_MS = 55;
    private static final int OP_MSG = 56;
    private static final int OP_MSG_SPC = 57;
    private static final int OP_I = 58;
    private static final int OP_IN = 59;
    private static final int OP_INF = 60;
    private static final int OP_INFO = 61;

    // Which argument handler a line goes to.
    private static final int ARG_CONNECT = 1;
    private static final int ARG_INFO = 2;
    private static final int ARG_ERR = 3;
    private static final int ARG_PUB = 4;
    private static final int ARG_HPUB = 5;
    private static final int ARG_SUB = 6;
    private static final int ARG_UNSUB = 7;
    private static final int ARG_MSG = 8;
    private static final int ARG_HMSG = 9;
    private static final int ARG_ACCOUNT = 10;

    private static final int MAX_SIZE_DIGITS = 9;
    private static final int KEPT_TOKENS = 8;
    private static final int LAST_TOKENS = 3;

    private final Kind kind;
    private final boolean client;
    private final ProtocolListener listener;
    private int maxControlLineBytes;
    private int maxPayloadBytes;

    // Token positions of the current line: the first KEPT_TOKENS, and a ring of the last LAST_TOKENS (RMSG/HMSG read
    // their sizes from the end of a line with any number of queue names).
    private final int[] tokenStart = new int[KEPT_TOKENS];
    private final int[] tokenEnd = new int[KEPT_TOKENS];
    private final int[] lastTokenStart = new int[LAST_TOKENS];
    private final int[] lastTokenEnd = new int[LAST_TOKENS];

    private int carriedState = OP_START;
    private int pendingOperationLength = -1;
    private boolean requireConnectFirst;

    /**
     * @param kind                which verbs are legal.
     * @param listener            receives the operations.
     * @param maxControlLineBytes nats' max_control_line; applies to CLIENT only (nats-server does not check routes).
     * @param maxPayloadBytes     nats' max_payload; applies to CLIENT only (nats-server does not check routes).
     */
    public ProtocolParser(
        final Kind kind, final ProtocolListener listener, final int maxControlLineBytes, final int maxPayloadBytes)
    {
        if (maxControlLineBytes <= 0 || maxPayloadBytes < 0)
        {
            throw new IllegalArgumentException(
                "maxControlLineBytes=" + maxControlLineBytes + " maxPayloadBytes=" + maxPayloadBytes);
        }
        this.kind = kind;
        this.client = kind == Kind.CLIENT;
        this.listener = listener;
        this.maxControlLineBytes = maxControlLineBytes;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Owner thread, between parses: new limits after a reload (nats-server applies them to existing clients). */
    public void limits(final int maxControlLineBytes, final int maxPayloadBytes)
    {
        if (maxControlLineBytes <= 0 || maxPayloadBytes < 0)
        {
            throw new IllegalArgumentException(
                "maxControlLineBytes=" + maxControlLineBytes + " maxPayloadBytes=" + maxPayloadBytes);
        }
        this.maxControlLineBytes = maxControlLineBytes;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The max_payload this parser enforces now. */
    public int maxPayloadBytes()
    {
        return maxPayloadBytes;
    }

    public Kind kind()
    {
        return kind;
    }

    /**
     * While set, an operation whose first byte is not C/c fails with {@link ProtocolError#AUTHORIZATION_VIOLATION}, as
     * nats-server does while it awaits authentication. Cleared when {@code onConnect} accepts a CONNECT.
     */
    public void requireConnectFirst(final boolean required)
    {
        this.requireConnectFirst = required;
    }

    /**
     * Parses the complete operations in buffer[offset, offset+length) and reports each to the listener.
     *
     * @return the bytes consumed (up to the end of the last complete operation the listener accepted), or -1 after a
     * protocol error (reported once through {@code onProtocolError}; the caller closes the connection).
     */
    public int parse(final DirectBuffer buffer, final int offset, final int length)
    {
        pendingOperationLength = -1;
        final int end = offset + length;
        int position = offset;

        if (carriedState != OP_START)
        {
            final int lf = indexOfLf(buffer, position, end);
            if (lf < 0)
            {
                return length;
            }
            if (!reportBareVerb(carriedState))
            {
                return lf - offset;
            }
            carriedState = OP_START;
            position = lf + 1;
        }

        while (position < end)
        {
            final int result = parseOperation(buffer, position, end);
            if (result >= 0)
            {
                position = result;
            }
            else if (result == CARRY)
            {
                return length;
            }
            else if (result == ERROR)
            {
                return -1;
            }
            else
            {
                break;
            }
        }
        return position - offset;
    }

    /**
     * After {@link #parse} left a partial operation: the total bytes that operation needs (control line + payload +
     * CRLF) when its header line was complete (PUB, HPUB, RMSG, HMSG, LMSG), else -1.
     */
    public int pendingOperationLength()
    {
        return pendingOperationLength;
    }

    @SuppressWarnings("MethodLength")
    private int parseOperation(final DirectBuffer buffer, final int start, final int end)
    {
        if (client && !requireConnectFirst && end - start > 4
            && buffer.getInt(start, ByteOrder.LITTLE_ENDIAN) == PUB_SPACE)
        {
            final int result = fastPub(buffer, start, end);
            if (result != NOT_PLAIN)
            {
                return result;
            }
        }
        int state = OP_START;
        for (int i = start; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            switch (state)
            {
                case OP_START:
                    if (requireConnectFirst && b != 'C' && b != 'c')
                    {
                        return error(ProtocolError.AUTHORIZATION_VIOLATION, buffer, i, end);
                    }
                    switch (b)
                    {
                        case 'P', 'p' -> state = OP_P;
                        case 'H', 'h' -> state = OP_H;
                        case 'S', 's' -> state = OP_S;
                        case 'U', 'u' -> state = OP_U;
                        case 'C', 'c' -> state = OP_C;
                        case 'I', 'i' -> state = OP_I;
                        case '+' -> state = OP_PLUS;
                        case '-' -> state = OP_MINUS;
                        case 'R', 'r' -> state = client ? -1 : OP_R;
                        case 'L', 'l' -> state = client ? -1 : OP_L;
                        case 'A', 'a' -> state = client ? -1 : OP_A;
                        default -> state = -1;
                    }
                    break;

                case OP_PLUS:
                    state = letter(b, 'o', OP_PLUS_O);
                    break;
                case OP_PLUS_O:
                    state = letter(b, 'k', OP_PLUS_OK);
                    break;
                case OP_MINUS:
                    state = letter(b, 'e', OP_MINUS_E);
                    break;
                case OP_MINUS_E:
                    state = letter(b, 'r', OP_MINUS_ER);
                    break;
                case OP_MINUS_ER:
                    state = letter(b, 'r', OP_MINUS_ERR);
                    break;
                case OP_MINUS_ERR:
                    state = space(b, OP_MINUS_ERR_SPC);
                    break;

                case OP_C:
                    state = letter(b, 'o', OP_CO);
                    break;
                case OP_CO:
                    state = letter(b, 'n', OP_CON);
                    break;
                case OP_CON:
                    state = letter(b, 'n', OP_CONN);
                    break;
                case OP_CONN:
                    state = letter(b, 'e', OP_CONNE);
                    break;
                case OP_CONNE:
                    state = letter(b, 'c', OP_CONNEC);
                    break;
                case OP_CONNEC:
                    state = letter(b, 't', OP_CONNECT);
                    break;

                case OP_H:
                    state = (b | 0x20) == 'p' ? OP_HP : (b | 0x20) == 'm' ? OP_HM : -1;
                    break;
                case OP_HP:
                    state = letter(b, 'u', OP_HPU);
                    break;
                case OP_HPU:
                    state = letter(b, 'b', OP_HPUB);
                    break;
                case OP_HPUB:
                    state = space(b, OP_HPUB_SPC);
                    break;
                case OP_HM:
                    state = letter(b, 's', OP_HMS);
                    break;
                case OP_HMS:
                    state = letter(b, 'g', OP_HMSG);
                    break;
                case OP_HMSG:
                    state = space(b, OP_HMSG_SPC);
                    break;

                case OP_P:
                    state = (b | 0x20) == 'u' ? OP_PU : (b | 0x20) == 'i' ? OP_PI : (b | 0x20) == 'o' ? OP_PO : -1;
                    break;
                case OP_PU:
                    state = letter(b, 'b', OP_PUB);
                    break;
                case OP_PUB:
                    state = space(b, OP_PUB_SPC);
                    break;
                case OP_PI:
                    state = letter(b, 'n', OP_PIN);
                    break;
                case OP_PIN:
                    state = letter(b, 'g', OP_PING);
                    break;
                case OP_PO:
                    state = letter(b, 'n', OP_PON);
                    break;
                case OP_PON:
                    state = letter(b, 'g', OP_PONG);
                    break;

                case OP_PING:
                case OP_PONG:
                case OP_PLUS_OK:
                {
                    // nats-server ignores anything up to the LF after these verbs ("PING x\r\n" is a PING).
                    final int lf = b == '\n' ? i : indexOfLf(buffer, i + 1, end);
                    if (lf < 0)
                    {
                        carriedState = state;
                        return CARRY;
                    }
                    return reportBareVerb(state) ? lf + 1 : STOPPED;
                }

                case OP_S:
                    state = letter(b, 'u', OP_SU);
                    break;
                case OP_SU:
                    state = letter(b, 'b', OP_SUB);
                    break;
                case OP_SUB:
                    state = space(b, OP_SUB_SPC);
                    break;

                case OP_A:
                    // parser.go accepts exactly '+', '-' and a lower-case 'u' here.
                    state = b == '+' ? OP_ASUB : (b == '-' || b == 'u') ? OP_AUSUB : -1;
                    break;
                case OP_ASUB:
                    state = space(b, OP_ASUB_SPC);
                    break;
                case OP_AUSUB:
                    state = space(b, OP_AUSUB_SPC);
                    break;

                case OP_L:
                    state = (b | 0x20) == 's' ? OP_LS : (b | 0x20) == 'm' ? OP_M : -1;
                    break;
                case OP_R:
                    state = (b | 0x20) == 's' ? OP_RS : (b | 0x20) == 'm' ? OP_M : -1;
                    break;
                case OP_LS:
                case OP_RS:
                    state = b == '+' ? OP_SUB : b == '-' ? OP_UNSUB : -1;
                    break;

                case OP_U:
                    state = letter(b, 'n', OP_UN);
                    break;
                case OP_UN:
                    state = letter(b, 's', OP_UNS);
                    break;
                case OP_UNS:
                    state = letter(b, 'u', OP_UNSU);
                    break;
                case OP_UNSU:
                    state = letter(b, 'b', OP_UNSUB);
                    break;
                case OP_UNSUB:
                    state = space(b, OP_UNSUB_SPC);
                    break;

                case OP_M:
                    state = letter(b, 's', OP_MS);
                    break;
                case OP_MS:
                    state = letter(b, 'g', OP_MSG);
                    break;
                case OP_MSG:
                    state = space(b, OP_MSG_SPC);
                    break;

                case OP_I:
                    state = letter(b, 'n', OP_IN);
                    break;
                case OP_IN:
                    state = letter(b, 'f', OP_INF);
                    break;
                case OP_INF:
                    state = letter(b, 'o', OP_INFO);
                    break;

                default:
                    // *_SPC states, CONNECT and INFO: skip blanks; the first other byte starts the argument, whatever
                    // it is (nats never tests it for CR/LF, so "UNSUB \r\n" has the argument "\r").
                    if (b == ' ' || b == '\t')
                    {
                        break;
                    }
                    return argumentLine(buffer, start, i, end, argumentOf(state));
            }

            if (state < 0)
            {
                return error(ProtocolError.UNKNOWN_OPERATION, buffer, i, end);
            }
        }
        return NEED_MORE;
    }

    private static int letter(final byte b, final char lowerCase, final int next)
    {
        return (b | 0x20) == lowerCase ? next : -1;
    }

    private static int space(final byte b, final int next)
    {
        return b == ' ' || b == '\t' ? next : -1;
    }

    private static int argumentOf(final int state)
    {
        return switch (state)
        {
            case OP_CONNECT -> ARG_CONNECT;
            case OP_INFO -> ARG_INFO;
            case OP_MINUS_ERR_SPC -> ARG_ERR;
            case OP_PUB_SPC -> ARG_PUB;
            case OP_HPUB_SPC -> ARG_HPUB;
            case OP_SUB_SPC -> ARG_SUB;
            case OP_UNSUB_SPC -> ARG_UNSUB;
            case OP_MSG_SPC -> ARG_MSG;
            case OP_HMSG_SPC -> ARG_HMSG;
            case OP_ASUB_SPC, OP_AUSUB_SPC -> ARG_ACCOUNT;
            default -> throw new IllegalStateException("state " + state);
        };
    }

    private boolean reportBareVerb(final int state)
    {
        return switch (state)
        {
            case OP_PING -> listener.onPing();
            case OP_PONG -> listener.onPong();
            default -> listener.onOk();
        };
    }

    /** The argument of the line that starts at {@code start} begins at {@code argStart}; find its end and dispatch. */
    private int argumentLine(
        final DirectBuffer buffer, final int start, final int argStart, final int end, final int argument)
    {
        // As parser.go: any CR after the first argument byte makes the byte before the LF drop off the argument.
        boolean sawCr = false;
        int lf = -1;
        for (int i = argStart + 1; i < end; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == '\n')
            {
                lf = i;
                break;
            }
            if (b == '\r')
            {
                sawCr = true;
            }
        }
        final int drop = sawCr ? 1 : 0;

        if (lf < 0)
        {
            // nats-server checks the buffered argument at the end of every read; so do we at the end of every parse.
            if (client && end - argStart - drop > maxControlLineBytes)
            {
                return error(ProtocolError.MAX_CONTROL_LINE, buffer, argStart, end);
            }
            return NEED_MORE;
        }

        final int argEnd = lf - drop;
        if (client && argEnd - argStart > maxControlLineBytes)
        {
            return error(ProtocolError.MAX_CONTROL_LINE, buffer, argStart, argEnd);
        }

        final byte op = buffer.getByte(start);
        switch (argument)
        {
            case ARG_CONNECT:
                if (!listener.onConnect(buffer, argStart, argEnd - argStart))
                {
                    return STOPPED;
                }
                requireConnectFirst = false;
                return lf + 1;
            case ARG_INFO:
                return listener.onInfo(buffer, argStart, argEnd - argStart) ? lf + 1 : STOPPED;
            case ARG_ERR:
                return onErrLine(buffer, argStart, argEnd, lf);
            case ARG_PUB:
                return onPubLine(buffer, start, argStart, argEnd, lf, end, false);
            case ARG_HPUB:
                return onPubLine(buffer, start, argStart, argEnd, lf, end, true);
            case ARG_SUB:
                if (client)
                {
                    return onSubLine(buffer, argStart, argEnd, lf);
                }
                // A route's plain "SUB" reaches processRemoteSub's switch on the verb's first byte and matches nothing.
                if (op == 'S' || op == 's')
                {
                    return lf + 1;
                }
                return onRemoteSubLine(buffer, argStart, argEnd, lf, op == 'L' || op == 'l');
            case ARG_UNSUB:
                return client ?
                    onUnsubLine(buffer, argStart, argEnd, lf) : onRemoteUnsubLine(buffer, argStart, argEnd, lf);
            case ARG_MSG:
                return onRoutedMessageLine(buffer, start, argStart, argEnd, lf, end, op == 'L' || op == 'l', false);
            case ARG_HMSG:
                if (client)
                {
                    // nats-server parses no argument of a client's HMSG: it expects an empty payload and drops it.
                    return payloadEnd(buffer, start, lf, 0, end);
                }
                return onRoutedMessageLine(buffer, start, argStart, argEnd, lf, end, false, true);
            default:
                // A+/A- from a route: nats-server only acts on them for gateways.
                return lf + 1;
        }
    }

    private int onErrLine(final DirectBuffer buffer, final int argStart, final int argEnd, final int lf)
    {
        int textStart = argStart;
        int textEnd = argEnd;
        if (textEnd - textStart >= 2 && buffer.getByte(textStart) == '\'' && buffer.getByte(textEnd - 1) == '\'')
        {
            textStart++;
            textEnd--;
        }
        return listener.onErr(buffer, textStart, textEnd - textStart) ? lf + 1 : STOPPED;
    }

    private int onPubLine(
        final DirectBuffer buffer,
        final int start,
        final int argStart,
        final int argEnd,
        final int lf,
        final int end,
        final boolean headers)
    {
        // processPub/processHeaderPub split on blanks only, unlike splitArg.
        final int count = tokenize(buffer, argStart, argEnd, false);
        final int first = headers ? 3 : 2;
        if (count != first && count != first + 1)
        {
            final ProtocolError error = headers ? ProtocolError.HPUB_ARGUMENTS : ProtocolError.PUB_ARGUMENTS;
            return error(error, buffer, argStart, argEnd);
        }
        final boolean hasReply = count == first + 1;
        final int sizeIndex = count - 1;
        int headerLength = 0;
        if (headers)
        {
            headerLength = parseSize(buffer, tokenStart[sizeIndex - 1], tokenEnd[sizeIndex - 1]);
            if (headerLength < 0)
            {
                return error(ProtocolError.HPUB_HEADER_SIZE, buffer, argStart, argEnd);
            }
        }
        final int size = parseSize(buffer, tokenStart[sizeIndex], tokenEnd[sizeIndex]);
        if (size < 0)
        {
            return error(headers ? ProtocolError.HPUB_TOTAL_SIZE : ProtocolError.PUB_SIZE, buffer, argStart, argEnd);
        }
        if (headerLength > size)
        {
            return error(ProtocolError.HPUB_HEADER_TOO_BIG, buffer, argStart, argEnd);
        }
        if (client && size > maxPayloadBytes)
        {
            return error(ProtocolError.MAX_PAYLOAD, buffer, argStart, argEnd);
        }

        return publish(buffer, start, lf, end, tokenStart[0], tokenEnd[0] - tokenStart[0],
            hasReply ? tokenStart[1] : 0, hasReply ? tokenEnd[1] - tokenStart[1] : 0, headerLength, size);
    }

    /** A complete PUB/HPUB header line: checks the payload's CRLF (or asks for more bytes), then hands it over. */
    private int publish(
        final DirectBuffer buffer, final int start, final int lf, final int end,
        final int subjectOffset, final int subjectLength, final int replyOffset, final int replyLength,
        final int headerLength, final int size)
    {
        final int next = payloadEnd(buffer, start, lf, size, end);
        if (next < 0)
        {
            return next;
        }
        final boolean accepted = listener.onPub(
            buffer, subjectOffset, subjectLength, replyOffset, replyLength, headerLength, lf + 1, size);
        return accepted ? next : STOPPED;
    }

    /**
     * One pass over the line most clients send: {@code PUB subject [reply] size\r\n}, single spaces, within the
     * limits. For such a line the result is what the state machine, argumentLine and onPubLine give; any other shape
     * (tabs, extra blanks, lower case, a limit exceeded, a line cut by the read) returns NOT_PLAIN for them to parse.
     */
    private int fastPub(final DirectBuffer buffer, final int start, final int end)
    {
        final int subject = start + 4;
        int i = tokenEnd(buffer, subject, end);
        if (i == subject || i >= end || buffer.getByte(i) != ' ')
        {
            return NOT_PLAIN;
        }
        final int subjectEnd = i++;
        final int second = i;
        i = tokenEnd(buffer, second, end);
        if (i == second || i >= end)
        {
            return NOT_PLAIN;
        }
        int replyEnd = second;
        int sizeStart = second;
        if (buffer.getByte(i) == ' ')
        {
            replyEnd = i++;
            sizeStart = i;
            i = tokenEnd(buffer, sizeStart, end);
            if (i == sizeStart || i >= end)
            {
                return NOT_PLAIN;
            }
        }
        final int sizeEnd = i;
        if (buffer.getByte(i) != '\r' || i + 1 >= end || buffer.getByte(i + 1) != '\n'
            || sizeEnd - subject > maxControlLineBytes)
        {
            return NOT_PLAIN;
        }
        final int size = parseSize(buffer, sizeStart, sizeEnd);
        if (size < 0 || size > maxPayloadBytes)
        {
            return NOT_PLAIN;
        }
        final boolean hasReply = replyEnd > second;
        return publish(buffer, start, i + 1, end, subject, subjectEnd - subject, hasReply ? second : 0,
            replyEnd - second, 0, size);
    }

    /** The end of a token that starts at {@code from}: the first blank, CR, LF or other control byte. */
    private static int tokenEnd(final DirectBuffer buffer, final int from, final int end)
    {
        int i = from;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b <= ' ' && b >= 0)
            {
                break;
            }
            i++;
        }
        return i;
    }

    private int onSubLine(final DirectBuffer buffer, final int argStart, final int argEnd, final int lf)
    {
        final int count = tokenize(buffer, argStart, argEnd, true);
        if (count != 2 && count != 3)
        {
            return error(ProtocolError.SUB_ARGUMENTS, buffer, argStart, argEnd);
        }
        final boolean hasQueue = count == 3;
        final int sid = count - 1;
        final boolean accepted = listener.onSub(
            buffer,
            tokenStart[0], tokenEnd[0] - tokenStart[0],
            hasQueue ? tokenStart[1] : 0, hasQueue ? tokenEnd[1] - tokenStart[1] : 0,
            tokenStart[sid], tokenEnd[sid] - tokenStart[sid]);
        return accepted ? lf + 1 : STOPPED;
    }

    private int onUnsubLine(final DirectBuffer buffer, final int argStart, final int argEnd, final int lf)
    {
        final int count = tokenize(buffer, argStart, argEnd, true);
        if (count != 1 && count != 2)
        {
            return error(ProtocolError.UNSUB_ARGUMENTS, buffer, argStart, argEnd);
        }
        // As processUnsub: a max that is not a number is -1, i.e. no limit ("UNSUB 1 x" is a plain UNSUB).
        final long max = count == 2 ? parseSize(buffer, tokenStart[1], tokenEnd[1]) : -1;
        final boolean accepted = listener.onUnsub(buffer, tokenStart[0], tokenEnd[0] - tokenStart[0], max);
        return accepted ? lf + 1 : STOPPED;
    }

    private int onRemoteSubLine(
        final DirectBuffer buffer, final int argStart, final int argEnd, final int lf, final boolean hasOrigin)
    {
        final int count = tokenize(buffer, argStart, argEnd, true);
        final int off = hasOrigin ? 1 : 0;
        if (count != 2 + off && count != 4 + off)
        {
            return error(ProtocolError.REMOTE_SUB_ARGUMENTS, buffer, argStart, argEnd);
        }
        final boolean hasQueue = count == 4 + off;
        // processRemoteSub keeps a weight that is not a number as -1.
        final int weight = hasQueue ? parseSize(buffer, tokenStart[3 + off], tokenEnd[3 + off]) : 0;
        final boolean accepted = listener.onRemoteSub(
            buffer,
            tokenStart[off], tokenEnd[off] - tokenStart[off],
            tokenStart[1 + off], tokenEnd[1 + off] - tokenStart[1 + off],
            hasQueue ? tokenStart[2 + off] : 0, hasQueue ? tokenEnd[2 + off] - tokenStart[2 + off] : 0,
            weight);
        return accepted ? lf + 1 : STOPPED;
    }

    private int onRemoteUnsubLine(final DirectBuffer buffer, final int argStart, final int argEnd, final int lf)
    {
        // RS- and LS- alike: nats-server 2.9.10 parses LS- without its origin (parseUnsubProto).
        final int count = tokenize(buffer, argStart, argEnd, true);
        if (count != 2 && count != 3)
        {
            return error(ProtocolError.REMOTE_UNSUB_ARGUMENTS, buffer, argStart, argEnd);
        }
        final boolean hasQueue = count == 3;
        final boolean accepted = listener.onRemoteUnsub(
            buffer,
            tokenStart[0], tokenEnd[0] - tokenStart[0],
            tokenStart[1], tokenEnd[1] - tokenStart[1],
            hasQueue ? tokenStart[2] : 0, hasQueue ? tokenEnd[2] - tokenStart[2] : 0);
        return accepted ? lf + 1 : STOPPED;
    }

    /**
     * RMSG, route HMSG and LMSG (LMSG: origin cluster first, header semantics). After the optional origin:
     * <pre>
     * acc subj [reply] [hdr] size
     * acc subj + reply q1 .. [hdr] size
     * acc subj | q1 .. [hdr] size
     * </pre>
     */
    @SuppressWarnings("checkstyle:ParameterNumber")
    private int onRoutedMessageLine(
        final DirectBuffer buffer,
        final int start,
        final int argStart,
        final int argEnd,
        final int lf,
        final int end,
        final boolean hasOrigin,
        final boolean hmsg)
    {
        final int count = tokenize(buffer, argStart, argEnd, true);
        final int off = hasOrigin ? 1 : 0;
        final boolean headers = hmsg || hasOrigin;
        final int sizes = headers ? 2 : 1;
        final int n = count - off;
        if (n < 2 + sizes)
        {
            return error(ProtocolError.ROUTED_MSG_ARGUMENTS, buffer, argStart, argEnd);
        }

        int replyStart = 0;
        int replyLength = 0;
        int queuesStart = 0;
        int queuesLength = 0;
        if (n == 3 + sizes)
        {
            replyStart = tokenStart[2 + off];
            replyLength = tokenEnd[2 + off] - replyStart;
        }
        else if (n > 3 + sizes)
        {
            final int indicator = 2 + off;
            final byte c = buffer.getByte(tokenStart[indicator]);
            if (tokenEnd[indicator] - tokenStart[indicator] != 1 || (c != '+' && c != '|'))
            {
                return error(ProtocolError.ROUTED_MSG_REPLY_INDICATOR, buffer, argStart, argEnd);
            }
            int firstQueue = indicator + 1;
            if (c == '+')
            {
                replyStart = tokenStart[indicator + 1];
                replyLength = tokenEnd[indicator + 1] - replyStart;
                firstQueue++;
            }
            final int lastQueue = count - 1 - sizes;
            if (lastQueue >= firstQueue)
            {
                queuesStart = tokenStart[firstQueue];
                queuesLength = lastTokenEnd[lastQueue % LAST_TOKENS] - queuesStart;
            }
        }

        int headerLength = 0;
        if (headers)
        {
            final int h = (count - 2) % LAST_TOKENS;
            headerLength = parseSize(buffer, lastTokenStart[h], lastTokenEnd[h]);
            if (headerLength < 0)
            {
                return error(ProtocolError.ROUTED_MSG_HEADER_SIZE, buffer, argStart, argEnd);
            }
        }
        final int s = (count - 1) % LAST_TOKENS;
        final int size = parseSize(buffer, lastTokenStart[s], lastTokenEnd[s]);
        if (size < 0)
        {
            return error(ProtocolError.ROUTED_MSG_SIZE, buffer, argStart, argEnd);
        }
        if (headerLength > size)
        {
            return error(ProtocolError.ROUTED_MSG_HEADER_TOO_BIG, buffer, argStart, argEnd);
        }

        final int next = payloadEnd(buffer, start, lf, size, end);
        if (next < 0)
        {
            return next;
        }
        final boolean accepted = listener.onRoutedMessage(
            buffer,
            tokenStart[off], tokenEnd[off] - tokenStart[off],
            tokenStart[1 + off], tokenEnd[1 + off] - tokenStart[1 + off],
            replyStart, replyLength,
            queuesStart, queuesLength,
            headerLength,
            lf + 1, size);
        return accepted ? next : STOPPED;
    }

    /**
     * Jumps over the payload without scanning it. Returns the index after its CRLF, NEED_MORE (recording the
     * operation's total length) or ERROR when a byte where the CRLF belongs is already there and wrong.
     */
    private int payloadEnd(final DirectBuffer buffer, final int start, final int lf, final int size, final int end)
    {
        final long cr = (long)lf + 1 + size;
        if (cr < end && buffer.getByte((int)cr) != '\r')
        {
            return error(ProtocolError.UNKNOWN_OPERATION, buffer, (int)cr, end);
        }
        if (cr + 1 < end && buffer.getByte((int)cr + 1) != '\n')
        {
            return error(ProtocolError.UNKNOWN_OPERATION, buffer, (int)cr + 1, end);
        }
        if (cr + 2 > end)
        {
            final long total = cr + 2 - start;
            pendingOperationLength = total > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int)total;
            return NEED_MORE;
        }
        return (int)cr + 2;
    }

    /** Splits [from, to) on blanks (and CR/LF when crLf, as splitArg does); returns the token count. */
    private int tokenize(final DirectBuffer buffer, final int from, final int to, final boolean crLf)
    {
        int count = 0;
        int tokenBegin = -1;
        for (int i = from; i < to; i++)
        {
            final byte b = buffer.getByte(i);
            final boolean separator = b == ' ' || b == '\t' || (crLf && (b == '\r' || b == '\n'));
            if (separator)
            {
                if (tokenBegin >= 0)
                {
                    addToken(count++, tokenBegin, i);
                    tokenBegin = -1;
                }
            }
            else if (tokenBegin < 0)
            {
                tokenBegin = i;
            }
        }
        if (tokenBegin >= 0)
        {
            addToken(count++, tokenBegin, to);
        }
        return count;
    }

    private void addToken(final int index, final int begin, final int end)
    {
        if (index < KEPT_TOKENS)
        {
            tokenStart[index] = begin;
            tokenEnd[index] = end;
        }
        lastTokenStart[index % LAST_TOKENS] = begin;
        lastTokenEnd[index % LAST_TOKENS] = end;
    }

    /** nats' parseSize: 1 to 9 ASCII digits, else -1. */
    static int parseSize(final DirectBuffer buffer, final int from, final int to)
    {
        final int length = to - from;
        if (length == 0 || length > MAX_SIZE_DIGITS)
        {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++)
        {
            final int digit = buffer.getByte(i) - '0';
            if (digit < 0 || digit > 9)
            {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }

    private static int indexOfLf(final DirectBuffer buffer, final int from, final int end)
    {
        for (int i = from; i < end; i++)
        {
            if (buffer.getByte(i) == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    private int error(final ProtocolError error, final DirectBuffer buffer, final int from, final int limit)
    {
        listener.onProtocolError(error, buffer, from, Math.max(0, Math.min(SNIPPET_BYTES, limit - from)));
        return ERROR;
    }
}
