package jnatsd.engine.account;

import java.nio.charset.StandardCharsets;

/**
 * A service the importing account calls in {@code exporter}: a request published in the importer on {@code from}
 * (the import's "to", a literal or a wildcard) is delivered in the exporter on {@code to}, or on its own subject when
 * the import names a wildcard. Immutable.
 */
public record ServiceImport(Account exporter, String from, String to, byte[] toBytes, boolean wildcard)
{
    public ServiceImport(final Account exporter, final String from, final String to)
    {
        this(exporter, from, to, to.getBytes(StandardCharsets.US_ASCII), from.contains("*") || from.contains(">"));
    }
}
