package jnatsd.config.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jnatsd.config.AccountOptions;
import jnatsd.config.AccountOptions.ExportOptions;
import jnatsd.config.AccountOptions.ImportOptions;
import jnatsd.config.Permissions;
import jnatsd.config.UserOptions;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/**
 * The top-level accounts block (server/opts.go parseAccounts): a list of names, or a map of accounts with users,
 * default_permissions, exports and imports. Exports are checked before imports, once every account is known, as
 * nats-server does; those errors point at the accounts block itself.
 */
final class AccountsSection
{
    /** nats-server's global account: it cannot be configured. */
    private static final String RESERVED = "$G";

    private AccountsSection()
    {
    }

    /** The exports and imports of one account, as parsed. */
    private record Parsed(String name, List<ExportOptions> exports, List<ImportOptions> imports,
        Set<ImportOptions> badPrefix)
    {
    }

    static void read(final ConfValue block, final OptionsDraft d, final Problems problems)
    {
        final Map<String, Parsed> accounts = new LinkedHashMap<>();
        if (block.value() instanceof List)
        {
            for (final ConfValue n : Values.asList("accounts", block))
            {
                final String name = Values.asString("accounts", n);
                if (RESERVED.equals(name))
                {
                    problems.error(n, q(name) + " is a Reserved Account");
                }
                else if (accounts.containsKey(name))
                {
                    problems.error(n, "Duplicate Account Entry: " + name);
                }
                else
                {
                    accounts.put(name, new Parsed(name, List.of(), List.of(), Set.of()));
                }
            }
        }
        else if (block.value() instanceof Map)
        {
            for (final Map.Entry<String, ConfValue> e : Values.asMap("accounts", block).entrySet())
            {
                final ConfValue v = e.getValue();
                if (v.usedAsVariable())
                {
                    continue;
                }
                if (!(v.value() instanceof Map))
                {
                    problems.error(v, "Expected map entries for accounts");
                    continue;
                }
                if (RESERVED.equals(e.getKey()))
                {
                    problems.error(v, q(e.getKey()) + " is a Reserved Account");
                    continue;
                }
                accounts.put(e.getKey(), account(e.getKey(), v, d, problems));
            }
        }
        for (final Parsed p : accounts.values())
        {
            d.accounts.add(new AccountOptions(p.name(), p.exports(), p.imports()));
        }
        if (!problems.hasErrors())
        {
            checkExportsAndImports(block, accounts, problems);
        }
    }

    private static Parsed account(final String name, final ConfValue block, final OptionsDraft d,
        final Problems problems)
    {
        final List<ExportOptions> exports = new ArrayList<>();
        final List<ImportOptions> imports = new ArrayList<>();
        final Set<ImportOptions> badPrefix = new HashSet<>();
        List<UserOptions> users = List.of();
        ConfValue usersAt = null;
        Permissions defaults = null;
        for (final Map.Entry<String, ConfValue> e : Values.asMap("accounts", block).entrySet())
        {
            final ConfValue v = e.getValue();
            try
            {
                switch (e.getKey().toLowerCase(Locale.ROOT))
                {
                    case "nkey" -> accountNkey(v, problems);
                    case "imports" -> imports.addAll(ImportsReader.imports(v, problems, badPrefix));
                    case "exports" -> exports.addAll(ImportsReader.exports(v, problems));
                    case "users" ->
                    {
                        usersAt = v;
                        users = AuthSection.users(v, d);
                    }
                    case "default_permissions" -> defaults = PermissionsReader.read(v, true);
                    case "jetstream", "mappings", "maps", "limits" ->
                        d.unsupported.add(v.where() + ": account \"" + name + "\" \"" + e.getKey() + "\"");
                    default ->
                    {
                        if (!v.usedAsVariable())
                        {
                            problems.error(v, "unknown field \"" + e.getKey() + "\"");
                        }
                    }
                }
            }
            catch (final ConfException ex)
            {
                problems.error(ex);
            }
        }
        addUsers(name, users, usersAt, defaults, d, problems);
        return new Parsed(name, List.copyOf(exports), List.copyOf(imports), badPrefix);
    }

    private static void accountNkey(final ConfValue v, final Problems problems)
    {
        final String nk = v.value() instanceof String s ? s : "";
        if (!nk.startsWith("A") || nk.length() != 56)
        {
            problems.error(v, "Not a valid public nkey for an account: " + q(String.valueOf(v.value())));
        }
    }

    /** Users of one account: unique across accounts and the authorization block, the account's defaults applied. */
    private static void addUsers(final String account, final List<UserOptions> users, final ConfValue at,
        final Permissions defaults, final OptionsDraft d, final Problems problems)
    {
        if (users.isEmpty())
        {
            return;
        }
        if (!d.user.isEmpty())
        {
            problems.error(at, "Can not have a single user/pass and accounts");
            return;
        }
        if (!d.token.isEmpty())
        {
            problems.error(at, "Can not have a token and accounts");
            return;
        }
        final Set<String> seen = new HashSet<>();
        d.users.forEach(u -> seen.add(u.user()));
        d.accountUsers.forEach(u -> seen.add(u.user()));
        for (final UserOptions u : users)
        {
            if (!seen.add(u.user()))
            {
                problems.error(at, "Duplicate user " + q(u.user()) + " detected");
                continue;
            }
            final Permissions p = u.permissions() == null ? defaults : u.permissions();
            d.accountUsers.add(new UserOptions(u.user(), u.password(), u.nkey(), account, p,
                u.allowedConnectionTypes()));
        }
    }

    /** After every account is parsed: exports name known accounts, imports name exported subjects. */
    private static void checkExportsAndImports(final ConfValue at, final Map<String, Parsed> accounts,
        final Problems problems)
    {
        for (final Parsed p : accounts.values())
        {
            for (final ExportOptions x : p.exports())
            {
                for (final String a : x.accounts())
                {
                    if (!accounts.containsKey(a))
                    {
                        problems.error(at, q(a) + " account not defined for "
                            + (x.service() ? "service" : "stream") + " export");
                    }
                }
            }
        }
        // The imports added so far, per account: a new one must not close a cycle through them.
        final Map<String, List<ImportOptions>> added = new HashMap<>();
        for (final Parsed p : accounts.values())
        {
            final Map<String, Boolean> streamImports = new HashMap<>();
            for (final ImportOptions i : p.imports())
            {
                final String kind = i.service() ? "service" : "stream";
                final Parsed exporter = accounts.get(i.account());
                if (exporter == null)
                {
                    problems.error(at, q(i.account()) + " account not defined for " + kind + " import");
                    continue;
                }
                String why = i.service() ? serviceImportProblem(p.name(), exporter, i)
                    : streamImportProblem(p, exporter, i, streamImports);
                if (why == null && formsCycle(p.name(), i, accounts, added))
                {
                    why = "import forms a cycle";
                }
                if (why != null)
                {
                    problems.error(at, "Error adding " + kind + " import " + q(i.subject()) + ": " + why);
                    continue;
                }
                added.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(i);
            }
        }
    }

    /**
     * nats-server's checkServiceImportsForCycles and checkStreamImportsForCycles: following the exporter's own
     * imports whose subjects collide with this one must not lead back to an account already on the path.
     */
    private static boolean formsCycle(final String importer, final ImportOptions i, final Map<String, Parsed> accounts,
        final Map<String, List<ImportOptions>> added)
    {
        final Set<String> visited = new HashSet<>();
        visited.add(importer);
        final String local = i.to().isEmpty() ? i.subject() : i.to();
        return cycleFrom(i.account(), local, i.service(), accounts, added, visited, 0);
    }

    private static boolean cycleFrom(final String account, final String subject, final boolean service,
        final Map<String, Parsed> accounts, final Map<String, List<ImportOptions>> added, final Set<String> visited,
        final int depth)
    {
        if (depth > 1024)
        {
            return false;
        }
        if (!service && accounts.get(account).exports().stream()
            .noneMatch(x -> !x.service() && SubjectMatch.isSubset(subject, x.subject())))
        {
            return false;
        }
        for (final ImportOptions si : added.getOrDefault(account, List.of()))
        {
            final String siTo = service ? si.subject() : (si.to().isEmpty() ? si.subject() : si.to());
            if (si.service() != service || !SubjectMatch.collide(subject, siTo))
            {
                continue;
            }
            if (visited.contains(si.account()))
            {
                return true;
            }
            visited.add(account);
            final String siFrom = service ? (si.to().isEmpty() ? si.subject() : si.to()) : siTo;
            final String next = SubjectMatch.isSubset(siFrom, subject) ? siFrom : subject;
            if (cycleFrom(si.account(), next, service, accounts, added, visited, depth + 1))
            {
                return true;
            }
        }
        return false;
    }

    private static String streamImportProblem(final Parsed importer, final Parsed exporter, final ImportOptions i,
        final Map<String, Boolean> seen)
    {
        if (!approved(exporter, i.subject(), importer.name(), false))
        {
            return "stream import not authorized";
        }
        if (importer.badPrefix().contains(i))
        {
            return "stream import prefix can not contain wildcard tokens";
        }
        if (seen.put(exporter.name() + " " + i.subject(), Boolean.TRUE) != null)
        {
            return "stream import already exists";
        }
        return null;
    }

    private static String serviceImportProblem(final String importer, final Parsed exporter,
        final ImportOptions i)
    {
        final String local = i.to().isEmpty() ? i.subject() : i.to();
        if (!Subjects.isValid(local) || !Subjects.isValid(i.subject()))
        {
            return "invalid subject";
        }
        return approved(exporter, i.subject(), importer, true) ? null : "service import not authorized";
    }

    /**
     * Whether the exporter lets {@code importer} import {@code subject} (checkStreamExportApproved and its service
     * twin): an export equal to it, else one it is a subset of; an export naming accounts admits only those.
     */
    private static boolean approved(final Parsed exporter, final String subject, final String importer,
        final boolean service)
    {
        if (!Subjects.isValid(subject))
        {
            return false;
        }
        ExportOptions found = null;
        for (final ExportOptions x : exporter.exports())
        {
            if (x.service() == service && x.subject().equals(subject))
            {
                found = x;
            }
        }
        for (int k = 0; found == null && k < exporter.exports().size(); k++)
        {
            final ExportOptions x = exporter.exports().get(k);
            if (x.service() == service && SubjectMatch.isSubset(subject, x.subject()))
            {
                found = x;
            }
        }
        return found != null && (found.accounts().isEmpty() || found.accounts().contains(importer));
    }

    /** Go's %q for the plain names and subjects of a config. */
    static String q(final String s)
    {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
