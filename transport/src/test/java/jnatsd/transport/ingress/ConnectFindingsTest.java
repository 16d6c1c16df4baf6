package jnatsd.transport.ingress;

import jnatsd.transport.ingress.ConnectParser.BadConnectException;
import jnatsd.transport.ingress.ConnectParser.ConnectOptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What ConnectJsonFuzzTest and its differential runs against nats-server 2.9.10 found, each with its input. The
 * nats-server answers were taken live: a CONNECT followed by PING, and its log line.
 */
class ConnectFindingsTest
{
    @Test
    void shouldRefuseAnythingAfterTheObjectAsNatsServerDoes()
    {
        // nats-server closes, logging "invalid character 'x' after top-level value"; jnatsd took the first object.
        assertEquals("invalid character 'x' after top-level value",
            assertThrows(BadConnectException.class, () -> ConnectParser.parse("{\"verbose\":false} x")).getMessage());
        assertEquals("invalid character '{' after top-level value",
            assertThrows(BadConnectException.class, () -> ConnectParser.parse("{\"verbose\":false}{}")).getMessage());
        assertEquals("invalid character ']' after top-level value",
            assertThrows(BadConnectException.class, () -> ConnectParser.parse("{}]")).getMessage());
    }

    @Test
    void shouldAcceptBlanksAfterTheObject() throws Exception
    {
        assertFalse(ConnectParser.parse("{\"verbose\":false} \t\r\n ").verbose());
    }

    @Test
    void shouldMatchFieldNamesWithoutRegardToCaseAsGoDoes() throws Exception
    {
        // nats-server: CONNECT {"VERBOSE":false} gets no +OK; jnatsd ignored the field and answered +OK.
        assertFalse(ConnectParser.parse("{\"VERBOSE\":false}").verbose());
        final ConnectOptions o = ConnectParser.parse(
            "{\"User\":\"alice\",\"PASS\":\"pw\",\"Auth_Token\":\"t\",\"LANG\":\"go\",\"No_Responders\":true,"
                + "\"Headers\":true,\"Protocol\":1}");
        assertEquals("alice", o.user());
        assertEquals("pw", o.pass());
        assertEquals("t", o.authToken());
        assertTrue(o.hasLang());
        assertTrue(o.noResponders());
        assertEquals(1, o.protocol());
        // Go's folding: the Kelvin sign is k, the long s is s.
        assertEquals("k1", ConnectParser.parse("{\"n\u212aey\":\"k1\"}").nkey());
        assertEquals("pw", ConnectParser.parse("{\"pa\u017f\u017f\":\"pw\"}").pass());
    }

    @Test
    void shouldLetTheLastOfSeveralSpellingsWin() throws Exception
    {
        // nats-server: {"verbose":false,"Verbose":true} answers +OK (assignments in order).
        assertTrue(ConnectParser.parse("{\"verbose\":false,\"Verbose\":true}").verbose());
        assertFalse(ConnectParser.parse("{\"verbose\":false,\"VERBOSE\":true,\"verbose\":false}").verbose());
    }

    @Test
    void shouldRedactSecretsHoweverTheirNamesAreSpelled()
    {
        final String shown = ConnectParser.redacted(
            "{\"PASS\":\"pw1\",\"p\\u0061ss\":\"pw2\",\"Auth_Token\":\"tk\",\"sig\":\"s\\\"g\",\"user\":\"u\"}");
        assertFalse(shown.contains("pw1") || shown.contains("pw2") || shown.contains("tk") || shown.contains("s\\\"g"),
            shown);
        assertTrue(shown.contains("\"user\":\"u\""), shown);
        // Not JSON after a point: the rest is still searched.
        assertFalse(ConnectParser.redacted("{\"user\":\"u\",} \"pass\":\"pw3\"").contains("pw3"));
    }
}
