package jnatsd.config.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nats.client.NKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import jnatsd.testsupport.NatsKeys;
import org.junit.jupiter.api.Test;

class NKeysTest
{
    /** nats-io/nkeys' creds test seed (creds_utils_test.go) and the user public key it derives. */
    private static final String SEED = "SUAOTBNEUHZDFJT3EUMELT7MQTP24JF3XVCXQNDSCU74G5IU6VAJBKH5LI";
    private static final String USER = "UDE6WTGLTTPCRJRJCKBJRGVNZTLIVR7LEEELR4CYWWWBKJS7XYIKXDUU";
    private static final String ACCOUNT = "AADWLTHICV4SUAGF6EKNVEW5BBP7YRDIBGWGGHZ5JBDOQYA7GUFM6AQU";
    /** Ed25519 signature of NONCE by SEED, made with Python's cryptography package (an independent implementation). */
    private static final String NONCE = "PXoWU7zWAMt75FY";
    private static final String NONCE_SIG =
        "KMzrJDWEa0I8prIe0xjEeMTO7ZEEp49x6J5JzGZ-lgNaPceflVtKn2AtkzJrwax1HGh6UVxoYKNILLua1RQQBQ";

    @Test
    void shouldDecodeKnownKeysAndReencodeThemByteForByte() throws Exception
    {
        assertTrue(NKeys.isValidPublicUserKey(USER));
        assertTrue(NKeys.isValidPublicAccountKey(ACCOUNT));
        assertFalse(NKeys.isValidPublicAccountKey(USER), "a user key is not an account key");
        assertFalse(NKeys.isValidPublicUserKey(ACCOUNT));
        assertFalse(NKeys.isValidPublicOperatorKey(USER));
        final byte[] raw = NKeys.decode(NKeys.PREFIX_USER, USER);
        assertEquals(32, raw.length);
        assertEquals(USER, NKeys.encode(NKeys.PREFIX_USER, raw));
        assertEquals(ACCOUNT, NKeys.encode(NKeys.PREFIX_ACCOUNT, NKeys.decode(NKeys.PREFIX_ACCOUNT, ACCOUNT)));
        assertEquals(NKeys.PREFIX_USER, NKeys.publicPrefix(USER));
        assertEquals(NKeys.PREFIX_ACCOUNT, NKeys.publicPrefix(ACCOUNT));
    }

    @Test
    void shouldAgreeWithJnatsOnTheSeedsPublicKey() throws Exception
    {
        assertEquals(USER, new String(NKey.fromSeed(SEED.toCharArray()).getPublicKey()));
    }

    @Test
    void shouldRefuseBadChecksumsPrefixesAndCharacters()
    {
        final String flipped = USER.substring(0, 10) + (USER.charAt(10) == 'A' ? 'B' : 'A') + USER.substring(11);
        final NKeys.InvalidKeyException crc = assertThrows(NKeys.InvalidKeyException.class,
            () -> NKeys.decode(NKeys.PREFIX_USER, flipped));
        assertEquals("nkeys: invalid checksum", crc.getMessage());
        final NKeys.InvalidKeyException prefix = assertThrows(NKeys.InvalidKeyException.class,
            () -> NKeys.decode(NKeys.PREFIX_ACCOUNT, USER));
        assertEquals("nkeys: invalid prefix byte", prefix.getMessage());
        assertFalse(NKeys.isValidPublicUserKey(USER.toLowerCase()), "lower case is not base32");
        assertFalse(NKeys.isValidPublicUserKey(USER.substring(0, 55)), "truncated");
        assertFalse(NKeys.isValidPublicUserKey("UABC"));
        assertFalse(NKeys.isValidPublicUserKey(""));
        assertFalse(NKeys.isValidPublicUserKey(SEED), "a seed is no public key");
    }

    @Test
    void shouldVerifyAKnownSignatureAndRefuseAnyChange()
    {
        final byte[] sig = Base64.getUrlDecoder().decode(NONCE_SIG);
        assertTrue(NKeys.verify(USER, NONCE, sig));
        assertFalse(NKeys.verify(USER, NONCE + "x", sig), "other message");
        final byte[] bent = sig.clone();
        bent[5] ^= 1;
        assertFalse(NKeys.verify(USER, NONCE, bent), "altered signature");
        assertFalse(NKeys.verify(ACCOUNT, NONCE, sig), "other key");
        assertFalse(NKeys.verify(USER, NONCE, new byte[10]), "short signature");
        assertFalse(NKeys.verify("UNOTAKEY", NONCE, sig), "invalid key");
    }

    @Test
    void shouldVerifyWhatJnatsSigns()
    {
        for (int i = 0; i < 20; i++)
        {
            final NKey user = NatsKeys.user();
            final byte[] nonce = ("nonce-" + i).getBytes(StandardCharsets.US_ASCII);
            final String sig = NatsKeys.sign(user, nonce);
            final String pub = NatsKeys.publicKey(user);
            assertTrue(NKeys.isValidPublicUserKey(pub), pub);
            assertTrue(NKeys.verify(pub, nonce, Base64.getUrlDecoder().decode(sig)), pub);
            assertEquals(pub, NKeys.encode(NKeys.PREFIX_USER, assertDecodes(pub)));
        }
        assertTrue(NKeys.isValidPublicOperatorKey(NatsKeys.publicKey(NatsKeys.operator())));
        assertTrue(NKeys.isValidPublicAccountKey(NatsKeys.publicKey(NatsKeys.account())));
    }

    private static byte[] assertDecodes(final String pub)
    {
        try
        {
            return NKeys.decode(NKeys.PREFIX_USER, pub);
        }
        catch (final NKeys.InvalidKeyException ex)
        {
            throw new AssertionError(pub, ex);
        }
    }

    @Test
    void crc16IsXmodem()
    {
        // CRC-16/XMODEM check value of "123456789".
        assertEquals(0x31C3, NKeys.crc16("123456789".getBytes(StandardCharsets.US_ASCII), 9));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, roundTrip(new byte[] {1, 2, 3, 4, 5}));
    }

    private static byte[] roundTrip(final byte[] data)
    {
        try
        {
            return NKeys.base32Decode(NKeys.base32Encode(data));
        }
        catch (final NKeys.InvalidKeyException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
