package jnatsd.engine.session;

/**
 * What a client sent in CONNECT to authenticate (user, pass, auth_token; null when absent), kept so that a reload can
 * check the connection again against the new authorization, as nats-server keeps the client's options.
 * {@code generation} names the authorization the credentials were last checked against. Never logged: toString
 * hides the secrets.
 */
public record Credentials(String user, String pass, String token, long generation)
{
    @Override
    public String toString()
    {
        return "Credentials[user=" + user + ", generation=" + generation + "]";
    }
}
