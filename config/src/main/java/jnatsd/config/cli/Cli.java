package jnatsd.config.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jnatsd.config.ServerOptions;
import jnatsd.config.Version;
import jnatsd.config.load.ConfigLoader;
import jnatsd.config.load.OptionsDraft;
import jnatsd.config.load.Problems;

/**
 * The launcher's entry point: nats-server 2.9 command-line flags, the config file (-c, relative to the working
 * directory), flags over file, validation. Never throws for user errors: they come back as an EXIT result.
 */
public final class Cli
{
    static final String NAME = "jnatsd";
    static final int EXIT_USAGE = 2;
    private static final Set<String> SIGNALS = Set.of("ldm", "stop", "quit", "term", "reopen", "reload");

    private Cli()
    {
    }

    /** Parses flags, loads and merges the config file, validates. Never throws for user errors. */
    public static CliResult parse(final String[] args)
    {
        return parse(args, System.getenv());
    }

    /** As {@link #parse(String[])} with the environment used for {@code $VAR} look-ups (tests inject it). */
    static CliResult parse(final String[] args, final Map<String, String> env)
    {
        final FlagParser.Parsed parsed;
        try
        {
            parsed = FlagParser.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            return CliResult.exit(EXIT_USAGE, ex.getMessage() + "\n\n" + Usage.TEXT);
        }
        final Map<String, String> flags = parsed.flags();
        if (isOn(flags, "help"))
        {
            return CliResult.exit(0, Usage.TEXT);
        }
        if (isOn(flags, "help_tls"))
        {
            return CliResult.exit(0, Usage.TLS_TEXT);
        }
        if (isOn(flags, "version"))
        {
            return CliResult.exit(0, Version.banner());
        }
        if (!parsed.rest().isEmpty())
        {
            return CliResult.exit(1, NAME + ": unrecognized command: \"" + parsed.rest().get(0) + "\"");
        }
        if (flags.containsKey("signal"))
        {
            return signal(flags.get("signal"));
        }
        return options(flags, env);
    }

    private static CliResult signal(final String value)
    {
        final String command = value.contains("=") ? value.substring(0, value.indexOf('=')) : value;
        if (!SIGNALS.contains(command))
        {
            return CliResult.exit(1, NAME + ": unknown signal \"" + command + "\" (expected one of ldm, stop, quit, "
                + "term, reopen, reload)");
        }
        return new CliResult(CliResult.Action.SIGNAL, null, 0, "", List.of(), value);
    }

    private static CliResult options(final Map<String, String> flags, final Map<String, String> env)
    {
        final boolean testOnly = isOn(flags, "t");
        final String config = flags.get("config");
        if (testOnly && (config == null || config.isEmpty()))
        {
            return CliResult.exit(1, NAME + ": must specify [-c, --config] option to check configuration file syntax");
        }
        final OptionsDraft draft = new OptionsDraft();
        Problems problems = new Problems();
        if (config != null && !config.isEmpty())
        {
            final Path file = Path.of(config);
            if (!Files.isRegularFile(file))
            {
                return CliResult.exit(1, NAME + ": open " + config + ": no such file or directory");
            }
            problems = ConfigLoader.applyFile(file, env, draft);
        }
        try
        {
            FlagApplier.apply(flags, draft);
        }
        catch (final IllegalArgumentException ex)
        {
            return CliResult.exit(EXIT_USAGE, ex.getMessage() + "\n\n" + Usage.TEXT);
        }
        final ServerOptions options = draft.build();
        if (testOnly)
        {
            return test(config, problems, options);
        }
        return run(problems, options, !flags.containsKey("routes") || options.cluster().enabled());
    }

    private static CliResult test(final String config, final Problems problems, final ServerOptions options)
    {
        final List<String> all = new ArrayList<>(problems.errors());
        all.addAll(problems.warnings());
        if (!all.isEmpty())
        {
            return CliResult.exit(1, prefixed(all));
        }
        String message = NAME + ": configuration file " + config + " is valid";
        if (!options.unsupported().isEmpty())
        {
            message += "\n" + NAME + ": note: starting with it will be refused, not supported by jnatsd yet: "
                + String.join(", ", options.unsupported());
        }
        return CliResult.exit(0, message);
    }

    private static CliResult run(final Problems problems, final ServerOptions options, final boolean routesOk)
    {
        final List<String> errors = new ArrayList<>(problems.errors());
        errors.addAll(ConfigLoader.checkForRun(options));
        if (!routesOk)
        {
            errors.add("solicited routes require cluster capabilities, e.g. --cluster");
        }
        if (!errors.isEmpty())
        {
            return CliResult.exit(1, prefixed(errors));
        }
        if (!options.unsupported().isEmpty())
        {
            final StringBuilder sb = new StringBuilder(NAME + ": this configuration uses features jnatsd "
                + Version.JNATSD + " does not support yet; refusing to start:");
            for (final String feature : options.unsupported())
            {
                sb.append("\n  ").append(feature);
            }
            return CliResult.exit(1, sb.toString());
        }
        return new CliResult(CliResult.Action.RUN, options, 0, "", List.copyOf(problems.warnings()), null);
    }

    private static String prefixed(final List<String> lines)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String line : lines)
        {
            if (sb.length() > 0)
            {
                sb.append('\n');
            }
            sb.append(NAME).append(": ").append(line);
        }
        return sb.toString();
    }

    private static boolean isOn(final Map<String, String> flags, final String name)
    {
        return "true".equals(flags.get(name));
    }
}
