package jnatsd.server.client;

import org.junit.jupiter.api.Test;

/** Token authentication: CONNECT {@code auth_token}. */
class TokenAuthIT extends AuthTestSupport
{
    private static final String TOKEN = "t0ken-Xy9_z";

    @Override
    protected String serverConfig()
    {
        return "authorization { token: \"" + TOKEN + "\" }\n";
    }

    @Test
    void shouldAcceptCorrectToken() throws Exception
    {
        assertAccepted(options().token(TOKEN.toCharArray()));
    }

    @Test
    void shouldRejectWrongOrMissingToken() throws Exception
    {
        assertRejected(options().token("t0ken-Xy9_Z".toCharArray()));
        assertRejectedOnWire("\"auth_token\":\"t0ken-Xy9_\"");
        assertRejectedOnWire("\"user\":\"" + TOKEN + "\",\"pass\":\"" + TOKEN + "\"");
        assertRejectedOnWire("");
    }
}
