package jnatsd.transport.tls;

import java.nio.channels.SocketChannel;
import jnatsd.engine.session.Session;
import jnatsd.engine.session.WireChannel;
import jnatsd.transport.conn.ChannelFactory;
import jnatsd.transport.conn.ClientConnection;
import jnatsd.transport.conn.PlainChannel;
import jnatsd.transport.conn.TlsChannel;

/**
 * The channel factory when {@code tls {}} is configured: every accepted client gets a {@link TlsChannel} (INFO in
 * plaintext, then the server-side handshake, within the block's timeout). Routes stay plain until route TLS.
 */
public final class TlsChannels implements ChannelFactory
{
    private final TlsContext clients;

    public TlsChannels(final TlsContext clients)
    {
        this.clients = clients;
    }

    @Override
    public WireChannel open(final SocketChannel socket, final int kind, final ClientConnection connection)
    {
        if (kind != Session.KIND_CLIENT)
        {
            return new PlainChannel(socket);
        }
        return new TlsChannel(socket, clients.newEngine(false, null, 0), connection::requestFlush,
            clients.options().allowNonTls(), System.nanoTime() + clients.handshakeTimeoutNs(), clients.pinned());
    }

    public TlsContext clients()
    {
        return clients;
    }
}
