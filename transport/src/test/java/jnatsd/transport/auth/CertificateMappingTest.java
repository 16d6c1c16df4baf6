package jnatsd.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import jnatsd.config.AuthOptions;
import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.UserOptions;
import jnatsd.testsupport.TestCerts;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** verify_and_map: which configured user a client certificate names, in nats-server 2.9's order. */
class CertificateMappingTest
{
    private static TestCerts.Issued ca;

    @BeforeAll
    static void ca()
    {
        ca = TestCerts.ca("map ca");
    }

    private static Authenticator mapping(final String... names)
    {
        final List<UserOptions> users = new ArrayList<>();
        for (final String n : names)
        {
            users.add(new UserOptions(n, "", new Permissions(new SubjectPermission(List.of(n + ".>"), List.of()),
                null, 0, 0)));
        }
        return new Authenticator(new AuthOptions("", "", "", users, null, "", 0), true);
    }

    private static String user(final Authenticator a, final String dn, final GeneralName... sans)
    {
        final Authenticator.Identity id = a.authenticate("", null, null,
            TestCerts.client(ca, dn, List.of(sans)).certificate());
        return id == null ? null : id.user();
    }

    @Test
    void triesEmailThenDnsThenUriThenTheSubject()
    {
        final Authenticator a = mapping("a@example.com", "host.example.com", "spiffe://x/y", "CN=alice,O=Example");
        assertEquals("a@example.com", user(a, "CN=alice,O=Example", TestCerts.dns("host.example.com"),
            TestCerts.email("a@example.com")), "e-mail before DNS and subject");
        assertEquals("host.example.com", user(a, "CN=alice,O=Example", TestCerts.dns("host.example.com")));
        assertEquals("spiffe://x/y", user(a, "CN=alice,O=Example",
            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://x/y")));
        assertEquals("CN=alice,O=Example", user(a, "CN=alice,O=Example"));
        assertEquals("CN=alice,O=Example", user(a, "CN=alice,O=Example", TestCerts.email("other@example.com")),
            "unknown SANs fall through to the subject");
    }

    @Test
    void matchesTheDnLooselyAndInAnyOrder()
    {
        final Authenticator a = mapping("cn=Bob, ou=eng, o=Example");
        assertEquals("cn=Bob, ou=eng, o=Example", user(a, "CN=Bob,OU=eng,O=Example"), "case and spaces");
        assertEquals("cn=Bob, ou=eng, o=Example", user(a, "O=Example,OU=eng,CN=Bob"), "RDNs reordered");
        assertNull(user(a, "CN=Bob,O=Example"), "a missing RDN is another name");
    }

    @Test
    void noMatchOrNoCertificateIsRefusedAndTheUserKeepsItsPermissions()
    {
        final Authenticator a = mapping("CN=carol");
        assertNull(user(a, "CN=mallory"));
        assertNull(a.authenticate("CN=carol", "", null, null), "no certificate: the CONNECT's user does not count");
        final Authenticator.Identity id = a.authenticate("", null, null,
            TestCerts.client(ca, "CN=carol", List.of()).certificate());
        assertNotNull(id);
        assertEquals(List.of("CN=carol.>"), id.permissions().publish().allow());
        assertEquals("CN=carol", id.credentials().certUser());
        assertNotNull(a.recheck(id.credentials()), "a reload keeps a mapped user that is still configured");
        a.reload(new AuthOptions("", "", "", List.of(new UserOptions("someone", "", null)), null, "", 0));
        assertNull(a.recheck(id.credentials()), "and refuses one that is gone");
    }
}
