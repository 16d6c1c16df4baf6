package jnatsd.transport.tls;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** JDK handshake failures in the words of Go's crypto/tls, as nats-server logs them ({@code TLS handshake error}). */
public final class GoTlsErrors
{
    private static final String ALERT = "Received fatal alert: ";
    /** A client that sent something other than a TLS handshake record first. */
    public static final String NOT_TLS = "tls: first record does not look like a TLS handshake";

    private GoTlsErrors()
    {
    }

    /** Go's text for a failed handshake on {@code socket}. Never includes key material. */
    public static String describe(final Throwable failure, final Object socket)
    {
        for (Throwable t = failure; t != null; t = t.getCause())
        {
            if (t instanceof GoTrustManager.GoCertificateException)
            {
                return t.getMessage();
            }
        }
        if (failure instanceof EOFException)
        {
            return "EOF";
        }
        final String m = String.valueOf(failure.getMessage());
        if (m.contains("Empty client certificate chain") || m.contains("Empty certificate chain"))
        {
            return "tls: client didn't provide a certificate";
        }
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection"))
        {
            return NOT_TLS;
        }
        if (m.contains("no cipher suites in common"))
        {
            return "tls: no cipher suite supported by both client and server";
        }
        if (m.contains("closing inbound before receiving peer's close_notify")
            || m.contains("Inbound closed before receiving peer's close_notify"))
        {
            return "EOF";
        }
        final int alert = m.indexOf(ALERT);
        if (alert >= 0)
        {
            return "remote error: tls: " + alertText(m.substring(alert + ALERT.length()));
        }
        if (failure instanceof SSLException)
        {
            return "tls: " + m;
        }
        return "read tcp " + address(socket, true) + "->" + address(socket, false) + ": read: "
            + m.toLowerCase(Locale.ROOT);
    }

    /** A received alert as Go's alert.String() names it (JDK: {@code certificate_unknown}, Go: unknown certificate). */
    static String alertText(final String jdkName)
    {
        final String name = jdkName.trim();
        return switch (name)
        {
            case "certificate_unknown" -> "unknown certificate";
            case "certificate_expired" -> "expired certificate";
            case "certificate_revoked" -> "revoked certificate";
            case "unknown_ca" -> "unknown certificate authority";
            case "decode_error" -> "error decoding message";
            case "decrypt_error" -> "error decrypting message";
            case "protocol_version" -> "protocol version not supported";
            case "insufficient_security" -> "insufficient security level";
            case "bad_record_mac" -> "bad record MAC";
            default -> name.replace('_', ' ');
        };
    }

    /** Go's text for a handshake read that hit its deadline. */
    public static String readTimeout(final Object socket)
    {
        return "read tcp " + address(socket, true) + "->" + address(socket, false) + ": i/o timeout";
    }

    private static String address(final Object channel, final boolean local)
    {
        if (!(channel instanceof SocketChannel socket))
        {
            return "?";
        }
        try
        {
            final InetSocketAddress a = (InetSocketAddress)(local ? socket.getLocalAddress()
                : socket.getRemoteAddress());
            return a == null ? "?" : a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }

    /** {@code TLSv1.3} as nats-server writes it: {@code 1.3}. */
    public static String version(final String jdkProtocol)
    {
        return jdkProtocol.startsWith("TLSv") ? jdkProtocol.substring(4) : jdkProtocol;
    }

    /** A JDK suite name as Go's tls.CipherSuiteName prints it (the ChaCha20 TLS 1.2 names lose their hash). */
    public static String cipher(final String jdkSuite)
    {
        return jdkSuite.endsWith("_CHACHA20_POLY1305_SHA256") && jdkSuite.startsWith("TLS_ECDHE")
            ? jdkSuite.substring(0, jdkSuite.length() - "_SHA256".length()) : jdkSuite;
    }
}
