package jnatsd.config.cli;

import jnatsd.config.Version;

/** The --help and --help_tls texts: nats-server's layout, listing only the flags jnatsd reads. */
final class Usage
{
    // nats-server's usage text, line for line. CHECKSTYLE.OFF: LineLength
    static final String TEXT = """
        Usage: jnatsd [options]

        jnatsd %s, a NATS server compatible with nats-server v%s (core NATS, no JetStream).

        Server Options:
            -a, --addr, --net <host>         Bind to host address (default: 0.0.0.0)
            -p, --port <port>                Use port for clients (default: 4222)
            -n, --name
                --server_name <server_name>  Server name (default: auto)
            -P, --pid <file>                 File to store PID
            -m, --http_port <port>           Use port for http monitoring
            -ms,--https_port <port>          Use port for https monitoring
            -c, --config <file>              Configuration file
            -t                               Test configuration and exit
            -sl,--signal <signal>[=<pid>]    Send signal to jnatsd process (ldm, stop, quit, term, reopen, reload)
                                             <pid> can be either a PID (e.g. 1) or the path to a PID file
                --client_advertise <string>  Client URL to advertise to other servers
                --ports_file_dir <dir>       Creates a ports file in the specified directory (<executable_name>_<pid>.ports)

        Logging Options:
            -l, --log <file>                 File to redirect log output
            -T, --logtime                    Timestamp log entries (default: true)
            -s, --syslog                     Log to syslog or windows event log
            -r, --remote_syslog <addr>       Syslog server addr (udp://localhost:514)
            -D, --debug                      Enable debugging output
            -V, --trace                      Trace the raw protocol
            -VV                              Verbose trace (traces system account as well)
            -DV                              Debug and trace
            -DVV                             Debug and verbose trace (traces system account as well)
                --log_size_limit <limit>     Logfile size limit (default: auto)
                --max_traced_msg_len <len>   Maximum printable length for traced messages (default: unlimited)

        Authorization Options:
                --user <user>                User required for connections
                --pass <password>            Password required for connections
                --auth <token>               Authorization token required for connections

        TLS Options:
                --tls                        Enable TLS, do not verify clients (default: false)
                --tlscert <file>             Server certificate file
                --tlskey <file>              Private key for server certificate
                --tlsverify                  Enable TLS, verify client certificates
                --tlscacert <file>           Client certificate CA for verification

        Cluster Options:
                --routes <rurl-1, rurl-2>    Routes to solicit and connect
                --cluster <cluster-url>      Cluster URL for solicited routes
                --cluster_name <string>      Cluster Name, if not set one will be dynamically generated
                --no_advertise <bool>        Do not advertise known cluster information to clients
                --cluster_advertise <string> Cluster URL to advertise to other servers
                --connect_retries <number>   For implicit routes, number of connect retries
                --cluster_listen <url>       Cluster url from which members can solicit routes

        Profiling Options:
                --profile <port>             Profiling HTTP port

        Common Options:
            -h, --help                       Show this message
            -v, --version                    Show version
                --help_tls                   TLS help

        Not supported yet (refused at start): -js/--jetstream, -sd/--store_dir.
        jnatsd's own tuning lives in the config file block jnatsd { ... } (see docs/configuration.md).
        """.formatted(Version.JNATSD, Version.NATS_COMPAT);
    // CHECKSTYLE.ON: LineLength

    static final String TLS_TEXT = """
        TLS configuration is specified in the tls section of a configuration file:

        e.g.

            tls {
                cert_file:      "./certs/server-cert.pem"
                key_file:       "./certs/server-key.pem"
                ca_file:        "./certs/ca.pem"
                verify:         true
                verify_and_map: true

                cipher_suites: [
                    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"
                ]
                curve_preferences: [
                    "CurveP256",
                    "CurveP384",
                    "CurveP521"
                ]
            }

        jnatsd reads and checks these keys; the TLS transport itself is not implemented yet.
        """;

    private Usage()
    {
    }
}
