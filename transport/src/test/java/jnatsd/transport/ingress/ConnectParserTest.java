package jnatsd.transport.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ConnectParserTest
{
    @Test
    void shouldRedactEverySecretOfAConnectForTheLog()
    {
        final String json = "{\"verbose\":false,\"user\":\"u\",\"pass\":\"p\\\"w\\\\\",\"auth_token\" : \"s3cret\","
            + "\"sig\":\"c2ln\",\"jwt\":\"eyJ0\",\"name\":\"pass\"}";
        final String shown = ConnectParser.redacted(json);
        assertEquals("{\"verbose\":false,\"user\":\"u\",\"pass\":\"[REDACTED]\",\"auth_token\" : \"[REDACTED]\","
            + "\"sig\":\"[REDACTED]\",\"jwt\":\"[REDACTED]\",\"name\":\"pass\"}", shown);
        assertFalse(shown.contains("s3cret"));
    }

    @Test
    void shouldLeaveAConnectWithoutSecretsAsItIs()
    {
        final String json = "{\"verbose\":false,\"pedantic\":false,\"name\":\"x\",\"protocol\":1}";
        assertEquals(json, ConnectParser.redacted(json));
    }
}
