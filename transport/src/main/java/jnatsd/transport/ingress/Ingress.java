package jnatsd.transport.ingress;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import java.security.cert.X509Certificate;
import jnatsd.engine.event.AuthViolation;
import jnatsd.engine.event.ConnectCommand;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.fault.FaultInjection;
import jnatsd.engine.session.Credentials;
import jnatsd.engine.status.GoStrings;
import jnatsd.engine.status.Log;
import jnatsd.transport.auth.AuthLog;
import jnatsd.transport.auth.Authenticator;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.TlsChannel;
import jnatsd.transport.protocol.ProtocolError;
import jnatsd.transport.protocol.ProtocolListener;
import org.agrona.DirectBuffer;

/**
 * Turns parsed operations of the current connection into ring events (the transport's producer side).
 * One per transport agent; {@link #current} is set before each parse. Events refer to the read buffer's bytes.
 */
public final class Ingress implements ProtocolListener
{
    private final RingBuffer<InboundEvent> ring;
    private final Runnable onRingFull;
    private final Authenticator authenticator;
    private final Log log;
    private ClientConnection current;
    private int published;

    public Ingress(
        final RingBuffer<InboundEvent> ring,
        final Runnable onRingFull,
        final Authenticator authenticator,
        final Log log)
    {
        this.ring = ring;
        this.onRingFull = onRingFull;
        this.authenticator = authenticator;
        this.log = log;
    }

    public void current(final ClientConnection c)
    {
        current = c;
    }

    /** The connection being parsed (route listeners share this producer). */
    public ClientConnection current()
    {
        return current;
    }

    /** Whether clients are sent a nonce in INFO (nkey users or operator mode), under the authorization in force. */
    public boolean nonceRequired()
    {
        return authenticator.nonceRequired();
    }

    /** Whether clients must CONNECT and authenticate first, under the authorization in force. */
    public boolean authRequired()
    {
        return authenticator.required();
    }

    /** Events published since the last call. */
    public int takePublished()
    {
        final int n = published;
        published = 0;
        return n;
    }

    /**
     * Claims a ring slot (waits when full), typed {@link EventType#NONE} until {@link #event} types it; publish it in
     * a finally block, so that a fill that throws still advances the sequence (with an event the engine skips).
     * Build attachments before claiming.
     */
    public long claim()
    {
        while (true)
        {
            try
            {
                final long seq = ring.tryNext();
                ring.get(seq).type = EventType.NONE;
                return seq;
            }
            catch (final InsufficientCapacityException ex)
            {
                onRingFull.run();
            }
        }
    }

    public InboundEvent event(final long seq, final int type, final ClientConnection c)
    {
        final InboundEvent e = ring.get(seq);
        e.type = type;
        e.session = c.session;
        e.buffer = c.view;
        return e;
    }

    public void publish(final long seq, final ClientConnection c)
    {
        ring.publish(seq);
        c.lastPublishedSeq = seq;
        published++;
    }

    /** Publishes a connection-level event (OPEN, CLOSED, WRITABLE). */
    public void publishSimple(final ClientConnection c, final int type)
    {
        final long seq = claim();
        try
        {
            event(seq, type, c);
        }
        finally
        {
            publish(seq, c);
        }
    }

    /** Publishes an ERROR event; a closing error also stops input from the connection. */
    public void publishError(final ClientConnection c, final ErrorCode code)
    {
        final long seq = claim();
        try
        {
            event(seq, EventType.ERROR, c).attachment = code;
        }
        finally
        {
            publish(seq, c);
        }
        if (code.closes())
        {
            c.stopped = true;
        }
    }

    /**
     * A failed login: the engine answers {@code -ERR 'Authorization Violation'} and closes; the log line is
     * nats-server's ({@code authentication error}, naming the nkey or user sent as the authorization decides).
     */
    private void publishAuthViolation(final ClientConnection c, final String user, final String nkey)
    {
        final AuthViolation violation = new AuthViolation(authenticator.failureText(user, nkey));
        final long seq = claim();
        try
        {
            event(seq, EventType.ERROR, c).attachment = violation;
        }
        finally
        {
            publish(seq, c);
        }
        c.stopped = true;
    }

    /** The client's debug and error lines for the reasons a login fails. */
    private AuthLog authLog(final ClientConnection c)
    {
        return new AuthLog()
        {
            @Override
            public void debug(final String message)
            {
                if (log.isDebug())
                {
                    log.debug(c.session.logPrefix() + " - " + message);
                }
            }

            @Override
            public void error(final String message)
            {
                log.error(c.session.logPrefix() + " - " + message);
            }

            @Override
            public void warn(final String message)
            {
                log.warn(message);
            }
        };
    }

    @Override
    public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        final ClientConnection c = current;
        final String json = buffer.getStringWithoutLengthUtf8(jsonOffset, jsonLength);
        trace(c, "CONNECT " + ConnectParser.redacted(json));
        final ConnectParser.ConnectOptions o;
        try
        {
            o = ConnectParser.parse(json);
        }
        catch (final ConnectParser.BadConnectException ex)
        {
            log.error(c.session.logPrefix() + " - " + ex.getMessage());
            publishError(c, ErrorCode.SILENT_CLOSE);
            return false;
        }
        if (o.protocol() < 0 || o.protocol() > 1)
        {
            publishError(c, ErrorCode.INVALID_PROTOCOL);
            return false;
        }
        if (o.noResponders() && !o.headers())
        {
            publishError(c, ErrorCode.NO_RESPONDERS_REQUIRES_HEADERS);
            return false;
        }
        final Credentials sent = new Credentials(o.user(), o.pass(), o.authToken(), o.nkey(), o.sig(), o.jwt(),
            c.session.nonce, 0);
        final X509Certificate cert = c.channel instanceof TlsChannel t ? t.peerCertificate() : null;
        final Authenticator.Identity id = authenticator.login(sent, c.session.remoteIp, authLog(c), cert);
        if (id == null)
        {
            publishAuthViolation(c, o.user(), o.nkey());
            return false;
        }
        if (id.credentials().certUser() != null && o.user() != null && !o.user().isEmpty())
        {
            log.warn("User " + GoStrings.quote(o.user()) + " found in connect proto, but user required from cert");
        }
        // Built before the claim: nothing that can throw sits between a claim and its publish.
        final ConnectCommand command = new ConnectCommand(o.verbose(), o.pedantic(), o.echo(), o.headers(),
            o.noResponders(), o.protocol(), o.name(), o.lang(), o.version(), id.user(),
            Authenticator.compile(id.permissions()), id.credentials(), id.account(),
            id.expiresInNs(System.currentTimeMillis()), id.expiredText(), id.limits());
        c.headers = o.headers();
        if (id.limits().payload() >= 0)
        {
            // A JWT payload limit: this client's parser refuses bigger messages from the next operation on.
            c.loginMaxPayload = id.limits().payload();
            c.parser.limits(c.limits.maxControlLine(), Math.min(c.loginMaxPayload, c.limits.maxPayload()));
        }
        final long seq = claim();
        try
        {
            event(seq, EventType.CONNECT, c).attachment = command;
        }
        finally
        {
            publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        // nats-server ignores INFO from clients.
        return true;
    }

    @Override
    public boolean onPub(
        final DirectBuffer buffer,
        final int subjectOffset, final int subjectLength,
        final int replyOffset, final int replyLength,
        final int headerLength,
        final int payloadOffset, final int totalLength)
    {
        final ClientConnection c = current;
        if (headerLength > 0 && !c.headers)
        {
            publishError(c, ErrorCode.HEADERS_NOT_SUPPORTED);
            return false;
        }
        if (log.isTrace())
        {
            trace(c, (headerLength > 0 ? "HPUB " : "PUB ")
                + buffer.getStringWithoutLengthAscii(subjectOffset, subjectLength)
                + (replyLength > 0 ? " " + buffer.getStringWithoutLengthAscii(replyOffset, replyLength) : "")
                + (headerLength > 0 ? " " + headerLength : "") + " " + totalLength);
            log.trace(c.session.logPrefix() + " - <<- " + GoStrings.tracedPayload(buffer,
                payloadOffset, totalLength, log.maxTracedMsgLen()));
        }
        final long seq = claim();
        try
        {
            if (FaultInjection.ARMED)
            {
                FaultInjection.at(FaultInjection.Site.INGRESS_FILL, c.session);
            }
            final InboundEvent e = event(seq, EventType.PUB, c);
            e.subjectOffset = subjectOffset;
            e.subjectLength = subjectLength;
            e.replyOffset = replyOffset;
            e.replyLength = replyLength;
            e.headerLength = headerLength;
            e.payloadOffset = payloadOffset;
            e.payloadLength = totalLength;
        }
        finally
        {
            publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onSub(
        final DirectBuffer buffer,
        final int subjectOffset, final int subjectLength,
        final int queueOffset, final int queueLength,
        final int sidOffset, final int sidLength)
    {
        final ClientConnection c = current;
        if (log.isTrace())
        {
            trace(c, "SUB " + buffer.getStringWithoutLengthAscii(subjectOffset, subjectLength)
                + (queueLength > 0 ? " " + buffer.getStringWithoutLengthAscii(queueOffset, queueLength) : "")
                + " " + buffer.getStringWithoutLengthAscii(sidOffset, sidLength));
        }
        final long seq = claim();
        try
        {
            final InboundEvent e = event(seq, EventType.SUB, c);
            e.subjectOffset = subjectOffset;
            e.subjectLength = subjectLength;
            e.queueOffset = queueOffset;
            e.queueLength = queueLength;
            e.sidOffset = sidOffset;
            e.sidLength = sidLength;
        }
        finally
        {
            publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength, final long maxMessages)
    {
        final ClientConnection c = current;
        if (log.isTrace())
        {
            trace(c, "UNSUB " + buffer.getStringWithoutLengthAscii(sidOffset, sidLength)
                + (maxMessages >= 0 ? " " + maxMessages : ""));
        }
        final long seq = claim();
        try
        {
            final InboundEvent e = event(seq, EventType.UNSUB, c);
            e.sidOffset = sidOffset;
            e.sidLength = sidLength;
            e.longValue = maxMessages;
        }
        finally
        {
            publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onPing()
    {
        final ClientConnection c = current;
        trace(c, "PING");
        publishSimple(c, EventType.PING);
        return true;
    }

    @Override
    public boolean onPong()
    {
        final ClientConnection c = current;
        trace(c, "PONG");
        publishSimple(c, EventType.PONG);
        return true;
    }

    @Override
    public boolean onOk()
    {
        return true;
    }

    @Override
    public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
    {
        // A client's -ERR makes nats-server close the connection without a reply.
        publishError(current, ErrorCode.SILENT_CLOSE);
        return false;
    }

    @Override
    public boolean onRemoteSub(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int queueOffset, final int queueLength, final int weight)
    {
        publishError(current, ErrorCode.UNKNOWN_OPERATION);
        return false;
    }

    @Override
    public boolean onRemoteUnsub(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int queueOffset, final int queueLength)
    {
        publishError(current, ErrorCode.UNKNOWN_OPERATION);
        return false;
    }

    @Override
    public boolean onRoutedMessage(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int replyOffset, final int replyLength, final int queuesOffset,
        final int queuesLength, final int headerLength, final int payloadOffset, final int totalLength)
    {
        publishError(current, ErrorCode.UNKNOWN_OPERATION);
        return false;
    }

    @Override
    public void onProtocolError(
        final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
    {
        final ClientConnection c = current;
        if (error == ProtocolError.AUTHORIZATION_VIOLATION)
        {
            // An operation before CONNECT: nats-server logs it as a failed login with no user, nothing more.
            publishAuthViolation(c, "", "");
            return;
        }
        if (log.isDebug())
        {
            log.debug(c.session.logPrefix() + " - Client parser ERROR, state=" + error + ": '"
                + buffer.getStringWithoutLengthAscii(snippetOffset, snippetLength) + "'");
        }
        if (!error.sendsErr())
        {
            log.error(c.session.logPrefix() + " - " + error.text() + ": '"
                + buffer.getStringWithoutLengthAscii(snippetOffset, snippetLength) + "'");
        }
        if (error == ProtocolError.MAX_PAYLOAD)
        {
            // nats-server's maxPayloadViolation line; the size is the last argument of the PUB/HPUB line.
            final String args = buffer.getStringWithoutLengthAscii(snippetOffset, snippetLength).trim();
            log.error(c.session.logPrefix() + " - maximum payload exceeded: "
                + args.substring(args.lastIndexOf(' ') + 1) + " vs " + c.parser.maxPayloadBytes());
        }
        publishError(c, switch (error)
        {
            case MAX_CONTROL_LINE -> ErrorCode.MAX_CONTROL_LINE;
            case MAX_PAYLOAD -> ErrorCode.MAX_PAYLOAD;
            case UNKNOWN_OPERATION -> ErrorCode.UNKNOWN_OPERATION;
            default -> ErrorCode.SILENT_CLOSE;
        });
    }

    private void trace(final ClientConnection c, final String op)
    {
        if (log.isTrace())
        {
            log.trace(c.session.logPrefix() + " - <<- [" + op + "]");
        }
    }
}
