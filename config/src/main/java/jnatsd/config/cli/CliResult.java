package jnatsd.config.cli;

import java.util.List;

import jnatsd.config.ServerOptions;

/**
 * What the launcher must do after {@link Cli#parse}.
 * RUN: start with {@code options} and log {@code warnings}. EXIT: print {@code message} (stdout when exitCode is 0,
 * else stderr) and exit. SIGNAL: send {@code signal} ("reload=1234", "stop") to a running server.
 */
public record CliResult(Action action, ServerOptions options, int exitCode, String message,
    List<String> warnings, String signal)
{
    public enum Action
    {
        RUN, EXIT, SIGNAL
    }

    static CliResult exit(final int exitCode, final String message)
    {
        return new CliResult(Action.EXIT, null, exitCode, message, List.of(), null);
    }
}
