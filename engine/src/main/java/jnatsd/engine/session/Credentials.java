package jnatsd.engine.session;

/**
 * What a client sent in CONNECT to authenticate (user, pass, auth_token; null when absent), kept so that a reload can
 * check the connection again against the new authorization, as nats-server keeps the client's options.
 * {@code generation} names the authorization the credentials were last checked against; {@code certUser} is the
 * user its TLS certificate mapped to (verify_and_map), else null. Never logged: toString hides the secrets.
 */
public record Credentials(String user, String pass, String token, long generation, String certUser)
{
    public Credentials(final String user, final String pass, final String token, final long generation)
    {
        this(user, pass, token, generation, null);
    }

    @Override
    public String toString()
    {
        return "Credentials[user=" + user + ", generation=" + generation + ", certUser=" + certUser + "]";
    }
}
