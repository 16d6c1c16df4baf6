package jnatsd.config.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The nats-server 2.9 flags jnatsd reads: names (all aliases) and whether each is boolean. */
final class FlagSpec
{
    /** Canonical name of every alias; the canonical name is the long form. */
    static final Map<String, String> CANONICAL = new HashMap<>();
    static final Set<String> BOOLEAN = new HashSet<>();
    /** Numeric flags: Go checks their value while parsing. */
    static final Set<String> NUMERIC = Set.of("port", "http_port", "https_port",
        "connect_retries", "max_traced_msg_len", "profile", "log_size_limit");

    static
    {
        value("addr", "a", "net");
        value("port", "p");
        value("server_name", "n", "name");
        value("pid", "P");
        value("http_port", "m");
        value("https_port", "ms");
        value("config", "c");
        value("signal", "sl");
        value("client_advertise");
        value("ports_file_dir");
        value("log", "l");
        value("remote_syslog", "r");
        value("log_size_limit");
        value("max_traced_msg_len");
        value("user");
        value("pass");
        value("auth");
        value("tlscert");
        value("tlskey");
        value("tlscacert");
        value("routes");
        value("cluster");
        value("cluster_name");
        value("cluster_advertise");
        value("connect_retries");
        value("cluster_listen");
        value("profile");
        value("store_dir", "sd");
        bool("t");
        bool("logtime", "T");
        bool("syslog", "s");
        bool("debug", "D");
        bool("trace", "V");
        bool("VV");
        bool("DV");
        bool("DVV");
        bool("tls");
        bool("tlsverify");
        bool("no_advertise");
        bool("jetstream", "js");
        bool("help", "h");
        bool("help_tls");
        bool("version", "v");
    }

    private FlagSpec()
    {
    }

    private static void value(final String name, final String... aliases)
    {
        CANONICAL.put(name, name);
        for (final String alias : List.of(aliases))
        {
            CANONICAL.put(alias, name);
        }
    }

    private static void bool(final String name, final String... aliases)
    {
        value(name, aliases);
        BOOLEAN.add(name);
    }
}
