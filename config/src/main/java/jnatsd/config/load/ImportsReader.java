package jnatsd.config.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnatsd.config.AccountOptions.ExportOptions;
import jnatsd.config.AccountOptions.ImportOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

import static jnatsd.config.load.AccountsSection.q;

/**
 * An account's exports and imports lists (server/opts.go parseAccountExports, parseAccountImports and the
 * stream-or-service parsers), with nats-server's texts. A bad entry is reported and skipped; the others are kept.
 */
final class ImportsReader
{
    private ImportsReader()
    {
    }

    static List<ExportOptions> exports(final ConfValue v, final Problems problems)
    {
        if (!(v.value() instanceof List))
        {
            throw ConfException.at(v, "Exports should be an array, got " + goType(v));
        }
        final List<ExportOptions> out = new ArrayList<>();
        for (final ConfValue item : Values.asList("exports", v))
        {
            try
            {
                final ExportOptions x = export(item, problems);
                if (x != null)
                {
                    out.add(x);
                }
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
        return out;
    }

    private static ExportOptions export(final ConfValue item, final Problems problems)
    {
        if (!(item.value() instanceof Map))
        {
            throw ConfException.at(item, "Export Items should be a map with type entry, got " + goType(item));
        }
        String stream = null;
        String service = null;
        List<String> accounts = List.of();
        for (final Map.Entry<String, ConfValue> e : Values.asMap("exports", item).entrySet())
        {
            final ConfValue v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT))
            {
                case "stream" ->
                {
                    if (service != null)
                    {
                        problems.error(v, "Detected stream " + q(String.valueOf(v.value()))
                            + " but already saw a service");
                    }
                    else if (!(v.value() instanceof String s))
                    {
                        problems.error(v, "Expected stream name to be string, got " + goType(v));
                    }
                    else
                    {
                        stream = s;
                    }
                }
                case "service" ->
                {
                    if (stream != null)
                    {
                        problems.error(v, "Detected service " + q(String.valueOf(v.value()))
                            + " but already saw a stream");
                    }
                    else if (!(v.value() instanceof String s))
                    {
                        problems.error(v, "Expected service name to be string, got " + goType(v));
                    }
                    else
                    {
                        service = s;
                    }
                }
                case "accounts" -> accounts = List.copyOf(Values.asStrings("accounts", v));
                // Service latency and response types: accepted, not acted on (singleton responses).
                case "response", "response_type", "threshold", "response_threshold", "response_max_time",
                    "response_time", "latency", "account_token_position" ->
                {
                }
                default ->
                {
                    if (!v.usedAsVariable())
                    {
                        problems.error(v, "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if (stream != null)
        {
            return new ExportOptions(stream, false, accounts);
        }
        return service == null ? null : new ExportOptions(service, true, accounts);
    }

    /**
     * badPrefix collects the stream imports whose prefix has wildcards: nats-server reports them with the other
     * import errors, once every account is read.
     */
    static List<ImportOptions> imports(final ConfValue v, final Problems problems, final Set<ImportOptions> badPrefix)
    {
        if (!(v.value() instanceof List))
        {
            throw ConfException.at(v, "Imports should be an array, got " + goType(v));
        }
        final List<ImportOptions> out = new ArrayList<>();
        final Map<String, ImportOptions> services = new HashMap<>();
        for (final ConfValue item : Values.asList("imports", v))
        {
            try
            {
                final ImportOptions i = importOf(item, problems, badPrefix);
                if (i == null)
                {
                    continue;
                }
                if (i.service())
                {
                    final ImportOptions dup = services.putIfAbsent(i.to(), i);
                    if (dup != null)
                    {
                        problems.error(item, "Duplicate service import subject " + q(i.to())
                            + ", previously used in import for account " + q(dup.account()) + ", subject "
                            + q(dup.subject()));
                        continue;
                    }
                }
                out.add(i);
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
        return out;
    }

    @SuppressWarnings("MethodLength")
    private static ImportOptions importOf(final ConfValue item, final Problems problems,
        final Set<ImportOptions> badPrefix)
    {
        if (!(item.value() instanceof Map))
        {
            throw ConfException.at(item, "Import Items should be a map with type entry, got " + goType(item));
        }
        String[] stream = null;
        String[] service = null;
        String prefix = "";
        String to = "";
        for (final Map.Entry<String, ConfValue> e : Values.asMap("imports", item).entrySet())
        {
            final ConfValue v = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT))
            {
                case "stream", "service" ->
                {
                    final boolean isStream = e.getKey().equalsIgnoreCase("stream");
                    if (isStream ? service != null : stream != null)
                    {
                        problems.error(v, isStream ? "Detected stream but already saw a service"
                            : "Detected service but already saw a stream");
                        continue;
                    }
                    if (!(v.value() instanceof Map))
                    {
                        problems.error(v, (isStream ? "Stream" : "Service") + " entry should be an account map, got "
                            + goType(v));
                        continue;
                    }
                    final String[] ref = accountRef(v, problems);
                    if (ref[0].isEmpty() || ref[1].isEmpty())
                    {
                        problems.error(v, "Expect an account name and a subject");
                        continue;
                    }
                    if (isStream)
                    {
                        stream = ref;
                    }
                    else
                    {
                        service = ref;
                    }
                }
                case "prefix" -> prefix = Values.asString("prefix", v);
                case "to" ->
                {
                    to = Values.asString("to", v);
                    if (stream != null && !prefix.isEmpty())
                    {
                        problems.error(v, "Stream import can not have a 'prefix' and a 'to' property");
                    }
                }
                case "share" -> Values.asBool("share", v);
                default ->
                {
                    if (!v.usedAsVariable())
                    {
                        problems.error(v, "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        if (service != null)
        {
            return new ImportOptions(service[0], service[1], to.isEmpty() ? service[1] : to, true);
        }
        if (stream == null)
        {
            return null;
        }
        final ImportOptions i = streamImport(stream, prefix, to);
        if (prefix.contains("*") || prefix.contains(">"))
        {
            badPrefix.add(i);
        }
        return i;
    }

    /** A stream import's local subject: under a literal prefix, or mapped by to, else the exporter's. */
    private static ImportOptions streamImport(final String[] stream, final String prefix, final String to)
    {
        if (!prefix.isEmpty())
        {
            final String p = prefix.endsWith(".") ? prefix : prefix + ".";
            return new ImportOptions(stream[0], stream[1], p + stream[1], false);
        }
        return new ImportOptions(stream[0], stream[1], to, false);
    }

    /** {account: A, subject: "x"} as {account, subject} ("" when missing). */
    private static String[] accountRef(final ConfValue v, final Problems problems)
    {
        String account = "";
        String subject = "";
        for (final Map.Entry<String, ConfValue> e : Values.asMap("account", v).entrySet())
        {
            switch (e.getKey().toLowerCase(Locale.ROOT))
            {
                case "account" -> account = Values.asString("account", e.getValue());
                case "subject" -> subject = Values.asString("subject", e.getValue());
                default ->
                {
                    if (!e.getValue().usedAsVariable())
                    {
                        problems.error(e.getValue(), "unknown field \"" + e.getKey() + "\"");
                    }
                }
            }
        }
        return new String[] {account, subject};
    }

    /** Go's %T of a parsed config value. */
    static String goType(final ConfValue v)
    {
        return switch (v.typeName())
        {
            case "map" -> "map[string]interface {}";
            case "array" -> "[]interface {}";
            case "datetime" -> "time.Time";
            default -> v.typeName();
        };
    }
}
