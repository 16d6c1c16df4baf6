package jnatsd.engine.account;

import java.util.Objects;

/**
 * A stream the importing account receives from {@code exporter}: messages published there on {@code from} reach the
 * importer's subscribers under the mapped subject (nats-server's shadow subscriptions). Immutable.
 */
public final class StreamImport
{
    private final Account exporter;
    private final String from;
    private final String to;
    private final SubjectMapping mapping;

    /** {@code to} empty: the importer sees the exporter's subjects. */
    public StreamImport(final Account exporter, final String from, final String to)
    {
        this.exporter = exporter;
        this.from = from;
        this.to = to.isEmpty() ? from : to;
        this.mapping = new SubjectMapping(from, this.to);
    }

    public Account exporter()
    {
        return exporter;
    }

    public String from()
    {
        return from;
    }

    public String to()
    {
        return to;
    }

    public SubjectMapping mapping()
    {
        return mapping;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof StreamImport s && s.exporter == exporter && s.from.equals(from) && s.to.equals(to);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(exporter.name(), from, to);
    }
}
