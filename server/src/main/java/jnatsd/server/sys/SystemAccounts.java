package jnatsd.server.sys;

import jnatsd.config.ServerOptions;

/** Which account is the system account: {@code system_account} (or the operator's), else nats-server's "$SYS". */
public final class SystemAccounts
{
    /** nats-server's DEFAULT_SYSTEM_ACCOUNT. */
    public static final String DEFAULT = "$SYS";

    private SystemAccounts()
    {
    }

    public static String name(final ServerOptions options)
    {
        final String configured = options.auth().trust().systemAccount();
        return configured.isEmpty() ? DEFAULT : configured;
    }
}
