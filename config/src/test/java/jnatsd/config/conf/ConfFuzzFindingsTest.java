package jnatsd.config.conf;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jnatsd.config.load.ConfigLoader;
import jnatsd.config.load.OptionsDraft;
import jnatsd.config.load.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ConfParserFuzzTest and ConfigLoaderFuzzTest found, each with the input that showed it. */
class ConfFuzzFindingsTest
{
    @Test
    void shouldReportAnIncludeNameWithANulAsAConfigError(@TempDir final Path dir)
    {
        // Was java.nio.file.InvalidPathException out of Path.resolve, which ended ./jnatsd -t with a stack trace.
        final ConfException ex = assertThrows(ConfException.class,
            () -> ConfParser.parseString("port: 4222\ninclude \"a\u0000b\"\n", "f.conf", dir, Map.of()));
        assertEquals("f.conf", ex.file());
        assertEquals(2, ex.line());
        assertTrue(ex.reason().startsWith("error parsing include file 'a\u0000b', open "), ex.reason());
        assertTrue(ex.reason().endsWith(": invalid argument"), ex.reason());
    }

    @Test
    void shouldReadAFileThatIsNotUtf8AsNatsServerDoes(@TempDir final Path dir) throws Exception
    {
        // nats-server 2.9.10 -t calls it valid (its lexer reads a bad byte as U+FFFD); jnatsd refused it with
        // "error opening config file: Input length = 1".
        final Path file = dir.resolve("latin1.conf");
        // Latin-1 bytes: 0xe9 alone is not UTF-8.
        Files.write(file, "port: 4222\n# caf\u00e9\nserver_name: \"n\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        final Map<String, ConfValue> top = ConfParser.parseFile(file, Map.of());
        assertEquals(4222L, top.get("port").value());
        assertEquals("n\ufffd", top.get("server_name").value());

        final Problems problems = ConfigLoader.applyFile(file, Map.of(), new OptionsDraft());
        assertEquals(0, problems.errors().size(), problems.errors().toString());
    }

    @Test
    void shouldReportATlsFileNameWithANulAsAProblemOfTheFile(@TempDir final Path dir) throws Exception
    {
        // Was java.nio.file.InvalidPathException out of PemFiles (ConfigLoaderFuzzTest, 6,120 runs in).
        final Path file = dir.resolve("tls.conf");
        Files.writeString(file, "tls {\n  cert_file: \"c\u0000.pem\"\n  key_file: \"k.pem\"\n}\n");
        final Problems problems = ConfigLoader.applyFile(file, Map.of(), new OptionsDraft());
        assertEquals(1, problems.errors().size(), problems.errors().toString());
        final String error = problems.errors().get(0);
        assertTrue(error.startsWith(file + ":"), error);
        assertTrue(error.contains("open c\u0000.pem: invalid argument"), error);
    }
}
