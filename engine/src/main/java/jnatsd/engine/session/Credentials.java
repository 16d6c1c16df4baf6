package jnatsd.engine.session;

/**
 * What a client sent in CONNECT to authenticate (user, pass, auth_token, nkey, sig, jwt; null when absent) and the
 * nonce of its INFO, kept so that a reload can check the connection again against the new authorization, as
 * nats-server keeps the client's options and nonce. {@code generation} names the authorization the credentials
 * were last checked against; {@code certUser} is the user its TLS certificate mapped to (verify_and_map), else
 * null. Never logged: toString hides the secrets.
 */
public record Credentials(String user, String pass, String token, String nkey, String sig, String jwt, String nonce,
    long generation, String certUser)
{
    public Credentials(
        final String user, final String pass, final String token, final String nkey, final String sig,
        final String jwt, final String nonce, final long generation)
    {
        this(user, pass, token, nkey, sig, jwt, nonce, generation, null);
    }

    public Credentials(final String user, final String pass, final String token, final long generation)
    {
        this(user, pass, token, null, null, null, "", generation, null);
    }

    /** The same credentials, checked against {@code newGeneration}. */
    public Credentials withGeneration(final long newGeneration)
    {
        return new Credentials(user, pass, token, nkey, sig, jwt, nonce, newGeneration, certUser);
    }

    /** The same credentials, whose certificate mapped to {@code mappedUser}. */
    public Credentials withCertUser(final String mappedUser)
    {
        return new Credentials(user, pass, token, nkey, sig, jwt, nonce, generation, mappedUser);
    }

    @Override
    public String toString()
    {
        return "Credentials[user=" + user + ", nkey=" + nkey + ", generation=" + generation + ", certUser=" + certUser
            + "]";
    }
}
