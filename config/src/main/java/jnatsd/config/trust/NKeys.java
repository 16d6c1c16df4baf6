package jnatsd.config.trust;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * NATS nkeys (nats-io/nkeys' strkey.go): base32 (RFC 4648, no padding) of a prefix byte, the 32-byte Ed25519 key
 * and a little-endian CRC-16/XMODEM of both. Public keys start with U (user), A (account), O (operator), N (server)
 * or C (cluster). Signatures are checked with the JDK's Ed25519 (java.security, Java 15+).
 */
public final class NKeys
{
    public static final int PREFIX_ACCOUNT = 0;
    public static final int PREFIX_CLUSTER = 2 << 3;
    public static final int PREFIX_SERVER = 13 << 3;
    public static final int PREFIX_OPERATOR = 14 << 3;
    public static final int PREFIX_PRIVATE = 15 << 3;
    public static final int PREFIX_SEED = 18 << 3;
    public static final int PREFIX_USER = 20 << 3;

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int KEY_LENGTH = 32;
    /** DER SubjectPublicKeyInfo header of an Ed25519 key (RFC 8410), followed by the 32 raw bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private NKeys()
    {
    }

    /** Thrown for a string that is not a valid nkey; the message is nkeys' error text. */
    public static final class InvalidKeyException extends Exception
    {
        private static final long serialVersionUID = 1L;

        public InvalidKeyException(final String message)
        {
            super(message);
        }
    }

    public static boolean isValidPublicUserKey(final String key)
    {
        return isValid(key, PREFIX_USER);
    }

    public static boolean isValidPublicAccountKey(final String key)
    {
        return isValid(key, PREFIX_ACCOUNT);
    }

    public static boolean isValidPublicOperatorKey(final String key)
    {
        return isValid(key, PREFIX_OPERATOR);
    }

    private static boolean isValid(final String key, final int prefix)
    {
        try
        {
            decode(prefix, key);
            return true;
        }
        catch (final InvalidKeyException ex)
        {
            return false;
        }
    }

    /** The raw key of {@code key}, which must carry {@code expectedPrefix}. */
    public static byte[] decode(final int expectedPrefix, final String key) throws InvalidKeyException
    {
        final byte[] raw = decodeChecked(key);
        if ((raw[0] & 0xff) != expectedPrefix)
        {
            throw new InvalidKeyException("nkeys: invalid prefix byte");
        }
        return Arrays.copyOfRange(raw, 1, raw.length);
    }

    /** The prefix byte of a valid public key (one of the PREFIX_ constants but seed and private). */
    public static int publicPrefix(final String key) throws InvalidKeyException
    {
        final byte[] raw = decodeChecked(key);
        final int prefix = raw[0] & 0xff;
        if (prefix != PREFIX_ACCOUNT && prefix != PREFIX_CLUSTER && prefix != PREFIX_SERVER
            && prefix != PREFIX_OPERATOR && prefix != PREFIX_USER)
        {
            throw new InvalidKeyException("nkeys: invalid public key");
        }
        if (raw.length != KEY_LENGTH + 1)
        {
            throw new InvalidKeyException("nkeys: invalid public key");
        }
        return prefix;
    }

    /** Prefix byte, payload and CRC checked; returns prefix and payload. */
    private static byte[] decodeChecked(final String key) throws InvalidKeyException
    {
        if (key == null)
        {
            throw new InvalidKeyException("nkeys: invalid encoding");
        }
        final byte[] raw = base32Decode(key);
        if (raw.length < 4)
        {
            throw new InvalidKeyException("nkeys: invalid encoding");
        }
        final int n = raw.length - 2;
        final int crc = (raw[n] & 0xff) | (raw[n + 1] & 0xff) << 8;
        if (crc16(raw, n) != crc)
        {
            throw new InvalidKeyException("nkeys: invalid checksum");
        }
        return Arrays.copyOf(raw, n);
    }

    /** The nkey string of a raw 32-byte public key under {@code prefix}. */
    public static String encode(final int prefix, final byte[] key)
    {
        final byte[] raw = new byte[key.length + 3];
        raw[0] = (byte)prefix;
        System.arraycopy(key, 0, raw, 1, key.length);
        final int crc = crc16(raw, key.length + 1);
        raw[key.length + 1] = (byte)crc;
        raw[key.length + 2] = (byte)(crc >>> 8);
        return base32Encode(raw);
    }

    /**
     * Whether {@code signature} is {@code publicKey}'s Ed25519 signature of {@code message}; false too for a key that
     * is not a valid public nkey.
     */
    public static boolean verify(final String publicKey, final byte[] message, final byte[] signature)
    {
        try
        {
            publicPrefix(publicKey);
            final byte[] raw = decodeChecked(publicKey);
            final byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_LENGTH);
            System.arraycopy(raw, 1, der, X509_PREFIX.length, KEY_LENGTH);
            final PublicKey pk = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
            final Signature s = Signature.getInstance("Ed25519");
            s.initVerify(pk);
            s.update(message);
            return s.verify(signature);
        }
        catch (final InvalidKeyException | GeneralSecurityException | IllegalArgumentException ex)
        {
            // A malformed key or signature (wrong length, not a curve point) simply does not verify.
            return false;
        }
    }

    public static boolean verify(final String publicKey, final String message, final byte[] signature)
    {
        return verify(publicKey, message.getBytes(StandardCharsets.UTF_8), signature);
    }

    /** CRC-16/XMODEM (polynomial 0x1021, initial value 0) of the first {@code length} bytes. */
    static int crc16(final byte[] data, final int length)
    {
        int crc = 0;
        for (int i = 0; i < length; i++)
        {
            crc ^= (data[i] & 0xff) << 8;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xffff;
        }
        return crc;
    }

    static String base32Encode(final byte[] data)
    {
        final StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (final byte b : data)
        {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5)
            {
                sb.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /** Go's base32 StdEncoding without padding: lengths that cannot end a quantum (1, 3, 6 mod 8) are corrupt. */
    static byte[] base32Decode(final String s) throws InvalidKeyException
    {
        final int rest = s.length() % 8;
        if (rest == 1 || rest == 3 || rest == 6)
        {
            throw new InvalidKeyException("illegal base32 data at input byte " + (s.length() - rest));
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final int v = ALPHABET.indexOf(s.charAt(i));
            if (v < 0)
            {
                throw new InvalidKeyException("illegal base32 data at input byte " + i);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                out.write((buffer >>> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}
