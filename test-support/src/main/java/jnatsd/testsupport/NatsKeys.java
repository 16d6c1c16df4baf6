package jnatsd.testsupport;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Test keys and JWTs made with jnats' {@link NKey} (Ed25519, nkey encoding): an operator, its accounts, their users,
 * and JWTs signed by any of them, with any claims, so tests can make expired, revoked or badly signed ones too.
 * The JWTs are nats-io/jwt v2: header {"typ":"JWT","alg":"ed25519-nkey"}, payload with "nats":{type, version 2},
 * signature of "header.payload" by the issuer, all base64url without padding.
 */
public final class NatsKeys
{
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString(
        "{\"typ\":\"JWT\",\"alg\":\"ed25519-nkey\"}".getBytes(StandardCharsets.UTF_8));

    /**
     * The limits nsc writes into an account JWT (all unlimited). nats-server reads a missing limit as 0: an account
     * JWT without them admits no connection ("maximum account active connections exceeded").
     */
    public static final String UNLIMITED_ACCOUNT = ",\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,"
        + "\"imports\":-1,\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}";
    /** The user limits nsc and jnats write (all unlimited). */
    public static final String UNLIMITED_USER = ",\"subs\":-1,\"data\":-1,\"payload\":-1";

    private NatsKeys()
    {
    }

    public static NKey operator()
    {
        return create(NKey.Type.OPERATOR);
    }

    public static NKey account()
    {
        return create(NKey.Type.ACCOUNT);
    }

    public static NKey user()
    {
        return create(NKey.Type.USER);
    }

    private static NKey create(final NKey.Type type)
    {
        try
        {
            return switch (type)
            {
                case OPERATOR -> NKey.createOperator(null);
                case ACCOUNT -> NKey.createAccount(null);
                default -> NKey.createUser(null);
            };
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    public static String publicKey(final NKey key)
    {
        try
        {
            return new String(key.getPublicKey());
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** The Ed25519 signature of {@code data} by {@code key}, base64url without padding (as CONNECT's sig). */
    public static String sign(final NKey key, final byte[] data)
    {
        try
        {
            return B64.encodeToString(key.sign(data));
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Seconds since the epoch. */
    public static long now()
    {
        return System.currentTimeMillis() / 1000;
    }

    /**
     * A JWT signed by {@code signer}: {@code sub}, {@code iat} (and {@code exp} unless 0), and the "nats" object
     * {@code {"type":type,"version":2 + natsFields}} (natsFields: more JSON members, each starting with a comma).
     */
    public static String jwt(final NKey signer, final String subject, final String name, final long iat,
        final long exp, final String type, final String natsFields)
    {
        final String payload = "{\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + iat
            + (exp > 0 ? ",\"exp\":" + exp : "") + ",\"iss\":\"" + publicKey(signer) + "\",\"name\":\"" + name
            + "\",\"sub\":\"" + subject + "\",\"nats\":{\"type\":\"" + type + "\",\"version\":2" + natsFields + "}}";
        final String body = HEADER + "." + B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + sign(signer, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A v1 JWT (as older nsc wrote them): header {"typ":"jwt","alg":"ed25519"}, the type and {@code topFields} at
     * the top level, {@code nats} as the "nats" object, and the signature of the payload chunk alone.
     */
    public static String jwtV1(final NKey signer, final String subject, final String type, final String topFields,
        final String nats)
    {
        final String payload = "{\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":" + now() + ",\"iss\":\""
            + publicKey(signer) + "\",\"name\":\"v1\",\"sub\":\"" + subject + "\",\"type\":\"" + type + "\""
            + topFields + ",\"nats\":" + nats + "}";
        final String header = B64.encodeToString(
            "{\"typ\":\"jwt\",\"alg\":\"ed25519\"}".getBytes(StandardCharsets.UTF_8));
        final String body = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return header + "." + body + "." + sign(signer, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A self-signed operator JWT. */
    public static String operatorJwt(final NKey operator, final String natsFields)
    {
        return jwt(operator, publicKey(operator), "OP", now(), 0, "operator", natsFields);
    }

    /**
     * An account JWT for {@code account} signed by {@code signer} (the operator or one of its signing keys), with
     * unlimited limits as nsc writes them, then {@code natsFields}.
     */
    public static String accountJwt(final NKey signer, final NKey account, final long exp, final String natsFields)
    {
        return jwt(signer, publicKey(account), "ACC", now(), exp, "account", UNLIMITED_ACCOUNT + natsFields);
    }

    /** A user JWT for {@code user} signed by {@code signer}, with unlimited user limits, then natsFields. */
    public static String userJwt(final NKey signer, final NKey user, final long iat, final long exp,
        final String natsFields)
    {
        return jwt(signer, publicKey(user), "U", iat, exp, "user", UNLIMITED_USER + natsFields);
    }

    /** A jnats auth handler presenting {@code jwt} (null: none, for nkey users) and signing with {@code user}. */
    public static AuthHandler handler(final String jwt, final NKey user)
    {
        return new AuthHandler()
        {
            @Override
            public byte[] sign(final byte[] nonce)
            {
                try
                {
                    return user.sign(nonce);
                }
                catch (final IOException | GeneralSecurityException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }

            @Override
            public char[] getID()
            {
                return publicKey(user).toCharArray();
            }

            @Override
            public char[] getJWT()
            {
                return jwt == null ? null : jwt.toCharArray();
            }
        };
    }
}
