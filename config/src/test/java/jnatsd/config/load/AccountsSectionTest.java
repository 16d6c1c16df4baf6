package jnatsd.config.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jnatsd.config.AccountOptions;
import jnatsd.config.AccountOptions.ExportOptions;
import jnatsd.config.AccountOptions.ImportOptions;
import jnatsd.config.ServerOptions;
import jnatsd.config.UserOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The accounts block as nats-server 2.9.10 parses it (texts checked against its -t). */
class AccountsSectionTest
{
    private static final String FULL = """
        accounts {
          A {
            users: [ {user: a, password: pa, permissions: {publish: "a.>"}} ]
            exports: [
              {stream: "news.>"}
              {service: "svc.echo", accounts: [B]}
            ]
          }
          B {
            users: [ {user: b, password: pb} ]
            default_permissions: { subscribe: { deny: "secret" } }
            imports: [
              {stream: {account: A, subject: "news.>"}, prefix: from_a}
              {service: {account: A, subject: "svc.echo"}, to: "echo"}
            ]
          }
          C {
            users: [ {user: c, password: pc} ]
            imports: [ {stream: {account: A, subject: "news.sports"}, to: "sports"} ]
          }
        }
        authorization { users: [ {user: g, password: pg} ] }
        """;

    @TempDir
    Path dir;

    private Path write(final String text) throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, text);
        return file;
    }

    private List<String> errors(final String text) throws Exception
    {
        return ConfigLoader.applyFile(write(text), Map.of(), new OptionsDraft()).errors();
    }

    /**
     * The one error of a file, from "server.conf:" on. The texts below were checked with nats-server 2.9.10 -t on
     * files that start with a port line: its lexer counts columns of line 1 from 0, jnatsd's from 1 on every line.
     */
    private String onlyError(final String text) throws Exception
    {
        final List<String> e = errors("port: 4222\n" + text);
        assertEquals(1, e.size(), e.toString());
        return e.get(0).replace(dir.toString() + "/", "");
    }

    @Test
    void shouldReadAccountsUsersExportsAndImports() throws Exception
    {
        final ServerOptions o = ConfigLoader.load(write(FULL), Map.of());
        assertTrue(o.unsupported().isEmpty(), o.unsupported().toString());
        final List<AccountOptions> accounts = o.auth().accounts();
        assertEquals(List.of("A", "B", "C"), accounts.stream().map(AccountOptions::name).toList());
        assertEquals(List.of(new ExportOptions("news.>", false, List.of()),
            new ExportOptions("svc.echo", true, List.of("B"))), accounts.get(0).exports());
        // A prefix puts the exporter's subject under it; a service import without "to" keeps its subject.
        assertEquals(List.of(new ImportOptions("A", "news.>", "from_a.news.>", false),
            new ImportOptions("A", "svc.echo", "echo", true)), accounts.get(1).imports());
        assertEquals(List.of(new ImportOptions("A", "news.sports", "sports", false)), accounts.get(2).imports());
        final Map<String, UserOptions> users = new HashMap<>();
        o.auth().users().forEach(u -> users.put(u.user(), u));
        assertEquals(4, users.size());
        assertEquals("", users.get("g").account());
        assertEquals("A", users.get("a").account());
        assertEquals("pa", users.get("a").password());
        assertNotNull(users.get("a").permissions().publish());
        // The account's default_permissions apply to its users without their own.
        assertEquals(List.of("secret"), users.get("b").permissions().subscribe().deny());
        assertNull(users.get("c").permissions());
        assertTrue(o.auth().required());
    }

    @Test
    void shouldAcceptAListOfNames() throws Exception
    {
        final ServerOptions o = ConfigLoader.load(write("accounts: [X, Y]\n"), Map.of());
        assertEquals(List.of("X", "Y"), o.auth().accounts().stream().map(AccountOptions::name).toList());
        assertTrue(o.auth().users().isEmpty());
    }

    @Test
    void shouldRefuseTheGlobalAccountName() throws Exception
    {
        assertEquals("server.conf:2:12: \"$G\" is a Reserved Account", onlyError("accounts { $G { } }\n"));
        assertEquals("server.conf:2:15: Duplicate Account Entry: X", onlyError("accounts: [X, X]\n"));
    }

    @Test
    void shouldRefuseAnImportOfASubjectNotExported() throws Exception
    {
        assertEquals("server.conf:2:1: Error adding stream import \"private.x\": stream import not authorized",
            onlyError("accounts {\n A { exports: [ {stream: \"public.>\"} ] }\n"
                + " B { imports: [ {stream: {account: A, subject: \"private.x\"}} ] }\n}\n"));
    }

    @Test
    void shouldRefuseAWildcardPrefix() throws Exception
    {
        assertEquals("server.conf:2:1: Error adding stream import \"a.>\": stream import prefix can not contain "
            + "wildcard tokens", onlyError("accounts {\n A { exports: [ {stream: \"a.>\"} ] }\n"
                + " B { imports: [ {stream: {account: A, subject: \"a.>\"}, prefix: \"p.*\"} ] }\n}\n"));
    }

    @Test
    void shouldRefuseImportCycles() throws Exception
    {
        assertEquals("server.conf:2:1: Error adding service import \"svc\": import forms a cycle", onlyError("""
            accounts {
              A { exports: [ {service: svc} ], imports: [ {service: {account: B, subject: svc}} ] }
              B { exports: [ {service: svc} ], imports: [ {service: {account: A, subject: svc}} ] }
            }
            """));
        assertEquals("server.conf:2:1: Error adding stream import \"s\": import forms a cycle", onlyError("""
            accounts {
              A { exports: [ {stream: s} ], imports: [ {stream: {account: B, subject: s}} ] }
              B { exports: [ {stream: s} ], imports: [ {stream: {account: A, subject: s}} ] }
            }
            """));
        // Importing each other's other subjects is no cycle.
        assertTrue(errors("""
            accounts {
              A { exports: [ {service: a} ], imports: [ {service: {account: B, subject: b}} ] }
              B { exports: [ {service: b} ], imports: [ {service: {account: A, subject: a}} ] }
            }
            """).isEmpty());
    }

    @Test
    void shouldHonourTheExportsAccountsRestriction() throws Exception
    {
        final String config = "accounts {\n A { exports: [ {service: \"svc\", accounts: [B]} ] }\n"
            + " B { imports: [ {service: {account: A, subject: \"svc\"}} ] }\n"
            + " C { imports: [ {service: {account: A, subject: \"svc\"}} ] }\n}\n";
        assertEquals("server.conf:2:1: Error adding service import \"svc\": service import not authorized",
            onlyError(config));
    }

    @Test
    void shouldAllowASubsetOfAWildcardExport() throws Exception
    {
        assertTrue(errors("accounts {\n A { exports: [ {stream: \"a.>\"} ] }\n"
            + " B { imports: [ {stream: {account: A, subject: \"a.b.*\"}} ] }\n}\n").isEmpty());
    }

    @Test
    void shouldRefuseAnUnknownAccount() throws Exception
    {
        assertEquals("server.conf:2:1: \"Z\" account not defined for stream import",
            onlyError("accounts {\n B { imports: [ {stream: {account: Z, subject: \"a\"}} ] }\n}\n"));
        assertEquals("server.conf:2:1: \"Z\" account not defined for service export",
            onlyError("accounts {\n A { exports: [ {service: \"a\", accounts: [Z]} ] }\n}\n"));
    }

    @Test
    void shouldRefuseDuplicateUsersAcrossAccountsAndAuthorization() throws Exception
    {
        assertTrue(onlyError("accounts {\n A { users: [ {user: x, password: p} ] }\n"
            + " B { users: [ {user: x, password: q} ] }\n}\n").endsWith("Duplicate user \"x\" detected"));
        assertTrue(onlyError("accounts {\n A { users: [ {user: x, password: p} ] }\n}\n"
            + "authorization { users: [ {user: x, password: q} ] }\n").endsWith("Duplicate user \"x\" detected"));
        assertTrue(onlyError("authorization { user: u, password: p }\n"
            + "accounts {\n A { users: [ {user: x, password: p} ] }\n}\n")
            .endsWith("Can not have a single user/pass and accounts"));
    }

    @Test
    void shouldReportBadEntries() throws Exception
    {
        assertTrue(onlyError("accounts { A { exports: {stream: x} } }\n")
            .endsWith("Exports should be an array, got map[string]interface {}"));
        assertTrue(onlyError("accounts { A { imports: [ {stream: {account: A}} ] } }\n")
            .endsWith("Expect an account name and a subject"));
        assertTrue(onlyError("accounts { A { bogus: 1 } }\n").endsWith("unknown field \"bogus\""));
        assertTrue(onlyError("accounts { A: 1 }\n").endsWith("Expected map entries for accounts"));
    }
}
