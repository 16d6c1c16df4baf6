package jnatsd.config;

/** jnatsd's version and the nats-server version whose behaviour it follows. */
public final class Version
{
    public static final String JNATSD = "0.1.0";
    public static final String NATS_COMPAT = "2.9.10";

    private Version()
    {
    }

    /** The --version line. */
    public static String banner()
    {
        return "jnatsd: v" + JNATSD + " (compatible with nats-server v" + NATS_COMPAT + ")";
    }
}
