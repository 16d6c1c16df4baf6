package jnatsd.engine.account;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import jnatsd.config.AccountOptions;
import jnatsd.engine.subject.SubjectTable;
import org.agrona.DirectBuffer;

/**
 * The accounts by name: the global one and those of the config's accounts block, with their imports. Engine thread
 * only (monitoring reads it through admin tasks). A reload keeps an account that stays (its table, subscriptions
 * and counters), adds new ones and replaces every account's imports; a removed account stays until its last client
 * is gone, as nats-server keeps it.
 */
public final class Accounts
{
    private final Account global;
    private final Supplier<SubjectTable> tables;
    private final LinkedHashMap<String, Account> byName = new LinkedHashMap<>();
    /** The system account's name ("$SYS" unless configured); null until set: then there is none. */
    private String systemName;
    /** byName's values, for the per-line lookup of route operations (few accounts: a scan beats hashing bytes). */
    private Account[] all;

    public Accounts(final Account global, final Supplier<SubjectTable> tables)
    {
        this.global = global;
        this.tables = tables;
        byName.put(global.name(), global);
        all = new Account[] {global};
    }

    public Account global()
    {
        return global;
    }

    /**
     * Names the system account (before the first {@link #configure}): it exists even when the accounts block does
     * not name it, as nats-server makes "$SYS".
     */
    public void systemAccount(final String name)
    {
        systemName = name;
        byName.computeIfAbsent(name, n -> new Account(n, tables.get()));
        all = byName.values().toArray(new Account[0]);
    }

    /** The system account, or null when there is none. */
    public Account system()
    {
        return systemName == null ? null : byName.get(systemName);
    }

    /** The account of that name, or null. */
    public Account get(final String name)
    {
        return name == null || name.isEmpty() ? global : byName.get(name);
    }

    /** The account named by buffer[offset, offset+length) (a route line's account field), or null; no allocation. */
    public Account find(final DirectBuffer buffer, final int offset, final int length)
    {
        final Account[] a = all;
        for (int i = 0; i < a.length; i++)
        {
            if (a[i].isNamed(buffer, offset, length))
            {
                return a[i];
            }
        }
        return null;
    }

    /** Every account, the global one first. */
    public List<Account> list()
    {
        return new ArrayList<>(byName.values());
    }

    /**
     * Drops replies to imported services older than maxAgeNs (nats-server's response threshold, 2 minutes by
     * default): a responder that never answers leaves nothing behind. Returns the number dropped.
     */
    public int expireResponses(final long nowNs, final long maxAgeNs)
    {
        int n = 0;
        for (final Account a : all)
        {
            final Iterator<ResponseRoute> it = a.responses().values().iterator();
            // Oldest first (insertion order): stop at the first one still young.
            while (it.hasNext())
            {
                if (nowNs - it.next().createdNs() < maxAgeNs)
                {
                    break;
                }
                it.remove();
                n++;
            }
        }
        return n;
    }

    /** Whether any account besides the global one (and the system account) is configured. */
    public boolean multiple()
    {
        return all.length > (systemName == null || systemName.equals(global.name()) ? 1 : 2);
    }

    /**
     * Applies the accounts block: creates the accounts it names (keeping those that exist) and sets every account's
     * imports from it (the config loader has checked them against the exports). Returns the accounts whose stream
     * imports changed (their subscriptions' shadows need rebuilding).
     */
    public List<Account> configure(final List<AccountOptions> options)
    {
        for (final AccountOptions o : options)
        {
            byName.computeIfAbsent(o.name(), n -> new Account(n, tables.get()));
        }
        all = byName.values().toArray(new Account[0]);
        final Map<String, AccountOptions> configured = new LinkedHashMap<>();
        options.forEach(o -> configured.put(o.name(), o));
        final List<Account> changed = new ArrayList<>();
        for (final Account a : all)
        {
            final AccountOptions o = configured.get(a.name());
            final List<StreamImport> streams = new ArrayList<>();
            final List<ServiceImport> services = new ArrayList<>();
            if (o != null)
            {
                for (final AccountOptions.ImportOptions i : o.imports())
                {
                    final Account exporter = byName.get(i.account());
                    if (exporter == null)
                    {
                        continue;
                    }
                    if (i.service())
                    {
                        services.add(new ServiceImport(exporter, i.to().isEmpty() ? i.subject() : i.to(),
                            i.subject()));
                    }
                    else
                    {
                        streams.add(new StreamImport(exporter, i.subject(), i.to()));
                    }
                }
            }
            if (!streams.equals(a.streamImports()))
            {
                changed.add(a);
            }
            a.imports(streams, services);
        }
        return changed;
    }
}
