package jnatsd.config.load;

import java.util.ArrayList;
import java.util.List;

import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/**
 * Everything wrong with a configuration, collected in one pass so the user sees all of it at once.
 * Warnings are fatal for {@code -t} (as nats-server) but only logged when starting.
 */
public final class Problems
{
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    public void error(final ConfValue at, final String message)
    {
        errors.add(at.where() + ": " + message);
    }

    public void error(final ConfException ex)
    {
        errors.add(ex.getMessage());
    }

    public void error(final String message)
    {
        errors.add(message);
    }

    public void warning(final ConfValue at, final String message)
    {
        warnings.add(at.where() + ": " + message);
    }

    public List<String> errors()
    {
        return errors;
    }

    public List<String> warnings()
    {
        return warnings;
    }

    public boolean hasErrors()
    {
        return !errors.isEmpty();
    }
}
