package jnatsd.config;

/** HTTP monitoring listener; port 0 means off (nats-server's -m 0), -1 picks a free port. */
public record MonitorOptions(String httpHost, int httpPort, int httpsPort, String httpBasePath)
{
    public static MonitorOptions defaults()
    {
        return new MonitorOptions("0.0.0.0", 0, 0, "");
    }
}
