package jnatsd.server.client;

import org.junit.jupiter.api.Test;

/** A {@code users} list mixing a bcrypt ({@code $2a$}) password and a plain one. */
class UsersAuthIT extends AuthTestSupport
{
    private static final String CAROL_PASSWORD = "s3cret-Carol";
    /** bcrypt (version 2a, cost 10) of {@link #CAROL_PASSWORD}, made with at.favre.lib:bcrypt 0.10.2. */
    private static final String CAROL_HASH = "$2a$10$8aMs2N3wgfLgAhRw6pakLOKMvoABiYEIfSok.hph8ZK6evdsjXW4K";

    @Override
    protected String serverConfig()
    {
        return "authorization {\n"
            + "  users = [\n"
            + "    { user: carol, password: " + CAROL_HASH + " }\n"
            + "    { user: dave, password: \"dave-pw\" }\n"
            + "  ]\n"
            + "}\n";
    }

    @Test
    void shouldAcceptBcryptAndPlainPasswords() throws Exception
    {
        assertAccepted(options().userInfo("carol", CAROL_PASSWORD));
        assertAccepted(options().userInfo("dave", "dave-pw"));
    }

    @Test
    void shouldRejectWrongPasswordsAndTheHashItself() throws Exception
    {
        assertRejected(options().userInfo("carol", "s3cret-carol"));
        assertRejectedOnWire("\"user\":\"carol\",\"pass\":\"" + CAROL_HASH + "\"");
        assertRejectedOnWire("\"user\":\"dave\",\"pass\":\"" + CAROL_PASSWORD + "\"");
        assertRejectedOnWire("\"user\":\"carol\",\"pass\":\"dave-pw\"");
        assertRejectedOnWire("\"user\":\"carol\"");
        assertRejectedOnWire("");
    }
}
