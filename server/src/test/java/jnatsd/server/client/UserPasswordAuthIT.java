package jnatsd.server.client;

import org.junit.jupiter.api.Test;

/** A single user and password in {@code authorization {}}. */
class UserPasswordAuthIT extends AuthTestSupport
{
    @Override
    protected String serverConfig()
    {
        return "authorization { user: alice, password: \"s3cret pw\" }\n";
    }

    @Test
    void shouldAcceptCorrectUserAndPassword() throws Exception
    {
        assertAccepted(options().userInfo("alice", "s3cret pw"));
    }

    @Test
    void shouldRejectWrongPasswordUnknownUserAndMissingCredentials() throws Exception
    {
        assertRejected(options().userInfo("alice", "wrong"));
        assertRejectedOnWire("\"user\":\"alice\",\"pass\":\"s3cret\"");
        assertRejectedOnWire("\"user\":\"mallory\",\"pass\":\"s3cret pw\"");
        assertRejectedOnWire("\"user\":\"ALICE\",\"pass\":\"s3cret pw\"");
        assertRejectedOnWire("\"auth_token\":\"s3cret pw\"");
        assertRejectedOnWire("");
    }
}
