package jnatsd.config.conf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the conf lexer and parser (nats-server's conf/lex.go and parse.go grammar, JSON
 * included): any text either parses into a tree whose every value has a place in the text, or fails with a
 * {@link ConfException} naming the file and a line of it, never with another exception. Includes resolve in an
 * empty directory. Seeds: the config corpus of ConfigVerdictInteropTest and the examples.
 */
class ConfParserFuzzTest
{
    private static final String FILE = "fuzz.conf";
    private static final Map<String, String> ENV = Map.of("FUZZ_PORT", "4222", "FUZZ_TEXT", "\"x\" y");
    private static final Path DIR = emptyDirectory();

    @FuzzTest(maxDuration = "6s")
    void confText(final byte[] input)
    {
        final String text = new String(input, StandardCharsets.UTF_8);
        if (FuzzInputs.mayOpenSpecialFiles(text))
        {
            return;
        }
        final int lines = 1 + (int)text.chars().filter(c -> c == '\n').count();
        final Map<String, ConfValue> top;
        try
        {
            top = ConfParser.parseString(text, FILE, DIR, ENV);
        }
        catch (final ConfException ex)
        {
            if (!FILE.equals(ex.file()) || ex.line() < 1 || ex.line() > lines || ex.column() < 0)
            {
                throw new AssertionError("error placed outside the text (" + lines + " lines): " + ex.getMessage(),
                    ex);
            }
            return;
        }
        checkPlaced(top, lines);
    }

    private static void checkPlaced(final Map<String, ConfValue> map, final int lines)
    {
        for (final Map.Entry<String, ConfValue> e : map.entrySet())
        {
            checkPlaced(e.getValue(), lines, e.getKey());
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkPlaced(final ConfValue value, final int lines, final String key)
    {
        if (value == null || value.value() == null)
        {
            throw new AssertionError("null value under " + key);
        }
        if (!FILE.equals(value.file()) || value.line() < 1 || value.line() > lines || value.column() < 0)
        {
            throw new AssertionError("value of " + key + " placed at " + value.where() + " of " + lines + " lines");
        }
        if (value.value() instanceof Map<?, ?> m)
        {
            checkPlaced((Map<String, ConfValue>)m, lines);
        }
        else if (value.value() instanceof List<?> list)
        {
            for (final Object item : list)
            {
                checkPlaced((ConfValue)item, lines, key + "[]");
            }
        }
    }

    private static Path emptyDirectory()
    {
        try
        {
            final Path dir = Files.createTempDirectory("jnatsd-fuzz-conf");
            dir.toFile().deleteOnExit();
            return dir;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
