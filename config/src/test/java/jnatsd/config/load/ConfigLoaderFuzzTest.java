package jnatsd.config.load;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jnatsd.config.ServerOptions;
import jnatsd.config.conf.FuzzInputs;

/**
 * Coverage-guided fuzzing of the config loader as {@code -c FILE} runs it: parse, every section's reader
 * (authorization, accounts, cluster, tls, limits, logging...), the option build and the start-up checks. Whatever
 * the file holds, nothing throws: every problem is reported, and every one found in the file names its file, line
 * and column. Seeds: the config corpus of ConfigVerdictInteropTest and the examples.
 */
class ConfigLoaderFuzzTest
{
    private static final Pattern PLACED = Pattern.compile("(?s).+:[0-9]+:[0-9]+: .+");
    private static final Map<String, String> ENV = Map.of("FUZZ_PORT", "4222", "FUZZ_TEXT", "\"x\" y");
    private static final Path FILE = fileInEmptyDirectory();

    @FuzzTest(maxDuration = "6s")
    void configFile(final byte[] input) throws IOException
    {
        final String text = new String(input, StandardCharsets.UTF_8);
        if (FuzzInputs.mayOpenSpecialFiles(text))
        {
            return;
        }
        Files.write(FILE, input);
        final OptionsDraft draft = new OptionsDraft();
        final Problems problems = ConfigLoader.applyFile(FILE, ENV, draft);
        final List<String> found = new ArrayList<>(problems.errors());
        found.addAll(problems.warnings());
        for (final String problem : found)
        {
            if (!PLACED.matcher(problem).matches() || problem.matches("(?s)[^:]*:0:.*"))
            {
                throw new AssertionError("a problem without its place in the file: " + problem);
            }
        }
        final ServerOptions options = draft.build();
        ConfigLoader.checkForRun(options);
    }

    private static Path fileInEmptyDirectory()
    {
        try
        {
            final Path dir = Files.createTempDirectory("jnatsd-fuzz-load");
            dir.toFile().deleteOnExit();
            final Path file = dir.resolve("fuzz.conf");
            file.toFile().deleteOnExit();
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
