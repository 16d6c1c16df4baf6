package jnatsd.transport.route;

import com.fasterxml.jackson.databind.JsonNode;
import jnatsd.engine.cluster.RouteConnect;
import jnatsd.engine.cluster.RouteInfo;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.event.EventType;
import jnatsd.engine.event.InboundEvent;
import jnatsd.engine.fault.FaultInjection;
import jnatsd.engine.status.Log;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.ingress.ConnectParser;
import jnatsd.transport.ingress.Ingress;
import jnatsd.transport.protocol.ProtocolError;
import jnatsd.transport.protocol.ProtocolListener;
import org.agrona.DirectBuffer;

/**
 * The parser listener of route connections: turns route operations into ring events through the agent's
 * {@link Ingress} (same ring, same producer). Each RS+/RS-/RMSG names its account, which the engine looks up
 * (the system account's among them: its interest and messages cross routes as any account's). One per transport
 * agent, its thread only.
 */
public final class RouteIngress implements ProtocolListener
{
    private final Ingress ingress;
    private final Log log;

    public RouteIngress(final Ingress ingress, final Log log)
    {
        this.ingress = ingress;
        this.log = log;
    }

    Ingress ingress()
    {
        return ingress;
    }

    @Override
    public boolean onConnect(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        final ClientConnection c = ingress.current();
        final String json = buffer.getStringWithoutLengthUtf8(jsonOffset, jsonLength);
        trace(c, "CONNECT " + ConnectParser.redacted(json));
        final JsonNode n = RouteJson.object(json);
        if (n == null)
        {
            log.error(c.session.logPrefix() + " - invalid route CONNECT: " + ConnectParser.redacted(json));
            ingress.publishError(c, ErrorCode.SILENT_CLOSE);
            return false;
        }
        if (n.has("lang"))
        {
            // nats-server: a CONNECT with "lang" comes from a client that dialed the route port.
            ingress.publishError(c, ErrorCode.ROUTE_PORT);
            return false;
        }
        // Built before the claim: nothing that can throw sits between a claim and its publish.
        final RouteConnect connect = RouteJson.connect(n);
        final long seq = ingress.claim();
        try
        {
            ingress.event(seq, EventType.ROUTE_CONNECT, c).attachment = connect;
        }
        finally
        {
            ingress.publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onInfo(final DirectBuffer buffer, final int jsonOffset, final int jsonLength)
    {
        final ClientConnection c = ingress.current();
        final String json = buffer.getStringWithoutLengthUtf8(jsonOffset, jsonLength);
        trace(c, "INFO " + json);
        final JsonNode n = RouteJson.object(json);
        if (n == null)
        {
            log.error(c.session.logPrefix() + " - invalid route INFO: " + json);
            ingress.publishError(c, ErrorCode.SILENT_CLOSE);
            return false;
        }
        final RouteInfo info = RouteJson.info(n);
        final long seq = ingress.claim();
        try
        {
            ingress.event(seq, EventType.ROUTE_INFO, c).attachment = info;
        }
        finally
        {
            ingress.publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onPub(
        final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int replyOffset,
        final int replyLength, final int headerLength, final int payloadOffset, final int totalLength)
    {
        // Pre-2.0 routes only; a 2.9 peer never sends PUB on a route.
        return true;
    }

    @Override
    public boolean onSub(
        final DirectBuffer buffer, final int subjectOffset, final int subjectLength, final int queueOffset,
        final int queueLength, final int sidOffset, final int sidLength)
    {
        return true;
    }

    @Override
    public boolean onUnsub(final DirectBuffer buffer, final int sidOffset, final int sidLength, final long maxMessages)
    {
        return true;
    }

    @Override
    public boolean onPing()
    {
        return ingress.onPing();
    }

    @Override
    public boolean onPong()
    {
        return ingress.onPong();
    }

    @Override
    public boolean onOk()
    {
        return true;
    }

    @Override
    public boolean onErr(final DirectBuffer buffer, final int textOffset, final int textLength)
    {
        final ClientConnection c = ingress.current();
        log.error(c.session.logPrefix() + " - Route Error '"
            + buffer.getStringWithoutLengthUtf8(textOffset, textLength) + "'");
        return ingress.onErr(buffer, textOffset, textLength);
    }

    @Override
    public boolean onRemoteSub(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int queueOffset, final int queueLength, final int weight)
    {
        final ClientConnection c = ingress.current();
        if (log.isTrace())
        {
            trace(c, "RS+ " + buffer.getStringWithoutLengthAscii(accountOffset, accountLength) + " "
                + buffer.getStringWithoutLengthAscii(subjectOffset, subjectLength)
                + (queueLength > 0 ? " " + buffer.getStringWithoutLengthAscii(queueOffset, queueLength) + " " + weight
                : ""));
        }
        final long seq = ingress.claim();
        try
        {
            final InboundEvent e = ingress.event(seq, EventType.RS_PLUS, c);
            e.accountOffset = accountOffset;
            e.accountLength = accountLength;
            e.subjectOffset = subjectOffset;
            e.subjectLength = subjectLength;
            e.queueOffset = queueOffset;
            e.queueLength = queueLength;
            e.longValue = weight;
        }
        finally
        {
            ingress.publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onRemoteUnsub(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int queueOffset, final int queueLength)
    {
        final ClientConnection c = ingress.current();
        if (log.isTrace())
        {
            trace(c, "RS- " + buffer.getStringWithoutLengthAscii(accountOffset, accountLength) + " "
                + buffer.getStringWithoutLengthAscii(subjectOffset, subjectLength)
                + (queueLength > 0 ? " " + buffer.getStringWithoutLengthAscii(queueOffset, queueLength) : ""));
        }
        final long seq = ingress.claim();
        try
        {
            final InboundEvent e = ingress.event(seq, EventType.RS_MINUS, c);
            e.accountOffset = accountOffset;
            e.accountLength = accountLength;
            e.subjectOffset = subjectOffset;
            e.subjectLength = subjectLength;
            e.queueOffset = queueOffset;
            e.queueLength = queueLength;
        }
        finally
        {
            ingress.publish(seq, c);
        }
        return true;
    }

    @Override
    public boolean onRoutedMessage(
        final DirectBuffer buffer, final int accountOffset, final int accountLength, final int subjectOffset,
        final int subjectLength, final int replyOffset, final int replyLength, final int queuesOffset,
        final int queuesLength, final int headerLength, final int payloadOffset, final int totalLength)
    {
        final ClientConnection c = ingress.current();
        if (log.isTrace())
        {
            trace(c, (headerLength > 0 ? "HMSG " : "RMSG ")
                + buffer.getStringWithoutLengthAscii(accountOffset, accountLength) + " "
                + buffer.getStringWithoutLengthAscii(subjectOffset, subjectLength)
                + (replyLength > 0 ? " " + buffer.getStringWithoutLengthAscii(replyOffset, replyLength) : "")
                + (queuesLength > 0 ? " " + buffer.getStringWithoutLengthAscii(queuesOffset, queuesLength) : "")
                + (headerLength > 0 ? " " + headerLength : "") + " " + totalLength);
        }
        final long seq = ingress.claim();
        try
        {
            if (FaultInjection.ARMED)
            {
                FaultInjection.at(FaultInjection.Site.ROUTE_INGRESS, c.session);
            }
            final InboundEvent e = ingress.event(seq, EventType.RMSG, c);
            e.accountOffset = accountOffset;
            e.accountLength = accountLength;
            e.subjectOffset = subjectOffset;
            e.subjectLength = subjectLength;
            e.replyOffset = replyOffset;
            e.replyLength = replyLength;
            e.queueOffset = queuesOffset;
            e.queueLength = queuesLength;
            e.headerLength = headerLength;
            e.payloadOffset = payloadOffset;
            e.payloadLength = totalLength;
        }
        finally
        {
            ingress.publish(seq, c);
        }
        return true;
    }

    @Override
    public void onProtocolError(
        final ProtocolError error, final DirectBuffer buffer, final int snippetOffset, final int snippetLength)
    {
        ingress.onProtocolError(error, buffer, snippetOffset, snippetLength);
    }

    private void trace(final ClientConnection c, final String op)
    {
        if (log.isTrace())
        {
            log.trace(c.session.logPrefix() + " - <<- [" + op + "]");
        }
    }
}
