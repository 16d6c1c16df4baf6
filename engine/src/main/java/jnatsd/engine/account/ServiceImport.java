package jnatsd.engine.account;

import java.nio.charset.StandardCharsets;

/**
 * A service the importing account calls in {@code exporter}: a request published in the importer on {@code from}
 * (the import's "to", a literal or a wildcard) is delivered in the exporter on {@code to}; for a wildcard import the
 * request's own subject is mapped by wildcard position ({@code mapping}). Immutable.
 */
public record ServiceImport(Account exporter, String from, String to, byte[] toBytes, SubjectMapping mapping)
{
    public ServiceImport(final Account exporter, final String from, final String to)
    {
        this(exporter, from, to, to.getBytes(StandardCharsets.US_ASCII),
            from.contains("*") || from.contains(">") ? new SubjectMapping(from, to) : null);
    }

    /** Whether the import names a wildcard (each request's subject is mapped). */
    public boolean wildcard()
    {
        return mapping != null;
    }
}
