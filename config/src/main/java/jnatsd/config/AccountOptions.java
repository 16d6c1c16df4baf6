package jnatsd.config;

import java.util.List;

/**
 * One account of the config's accounts block (or of an operator's account JWT): its name, what it exports and what
 * it imports. Its users are in {@link AuthOptions#users()}, each naming its account.
 */
public record AccountOptions(String name, List<ExportOptions> exports, List<ImportOptions> imports)
{
    /**
     * An export: a stream (messages published on subject in this account may be received by importers) or a service
     * (importers' requests on subject are delivered here). accounts empty = public, else only those may import.
     */
    public record ExportOptions(String subject, boolean service, List<String> accounts)
    {
    }

    /**
     * An import from account: a stream (subject there, delivered here under to, or under subject when to is empty)
     * or a service (requests published here on to, or on subject, go to subject in account).
     */
    public record ImportOptions(String account, String subject, String to, boolean service)
    {
    }
}
