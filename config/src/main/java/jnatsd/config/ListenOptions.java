package jnatsd.config;

/**
 * Client listener: host and port (port 0 picks a free one, -1 means the default 4222, as nats-server's RANDOM_PORT).
 */
public record ListenOptions(String host, int port, String clientAdvertise)
{
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 4222;

    public static ListenOptions defaults()
    {
        return new ListenOptions(DEFAULT_HOST, DEFAULT_PORT, "");
    }
}
