package jnatsd.config.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jnatsd.config.AccountOptions;
import jnatsd.config.AuthOptions;
import jnatsd.config.ClusterOptions;
import jnatsd.config.EngineOptions;
import jnatsd.config.LimitOptions;
import jnatsd.config.ListenOptions;
import jnatsd.config.LoggingOptions;
import jnatsd.config.MonitorOptions;
import jnatsd.config.OperationsOptions;
import jnatsd.config.Permissions;
import jnatsd.config.ServerOptions;
import jnatsd.config.TlsOptions;
import jnatsd.config.TrustOptions;
import jnatsd.config.UserOptions;
import jnatsd.config.trust.OperatorClaims;

/**
 * Mutable options while the file and then the flags are applied (flags last, so they win, as in nats-server).
 * Starts from nats-server's defaults; {@link #build()} freezes it into {@link ServerOptions}.
 */
public final class OptionsDraft
{
    public String host = ListenOptions.DEFAULT_HOST;
    public int port = ListenOptions.DEFAULT_PORT;
    public String clientAdvertise = "";
    public String serverName = "";

    public long maxPayloadBytes = LimitOptions.DEFAULT_MAX_PAYLOAD;
    public long maxControlLineBytes = LimitOptions.DEFAULT_MAX_CONTROL_LINE;
    public long maxPendingBytes = LimitOptions.DEFAULT_MAX_PENDING;
    public int maxConnections = LimitOptions.DEFAULT_MAX_CONNECTIONS;
    public int maxSubscriptions;
    public long pingIntervalNs = LimitOptions.DEFAULT_PING_INTERVAL_NS;
    public int pingMax = LimitOptions.DEFAULT_PING_MAX;
    public long writeDeadlineNs = LimitOptions.DEFAULT_WRITE_DEADLINE_NS;
    public int maxSubTokens;
    public boolean noHeaderSupport;

    public final LoggingDraft logging = new LoggingDraft();

    public String httpHost = "0.0.0.0";
    public int httpPort;
    public int httpsPort;
    public String httpBasePath = "";

    public String user = "";
    public String password = "";
    public String token = "";
    public List<UserOptions> users = new ArrayList<>();
    public Permissions defaultPermissions;
    public String noAuthUser = "";
    public long authTimeoutNs = LimitOptions.DEFAULT_AUTH_TIMEOUT_NS;
    /** The accounts block, and its users (each naming its account), kept apart from authorization's users. */
    public List<AccountOptions> accounts = new ArrayList<>();
    public List<UserOptions> accountUsers = new ArrayList<>();

    /** Operator mode: operator JWTs as read and decoded, system account, resolver, preloaded account JWTs. */
    public final List<String> operatorJwts = new ArrayList<>();
    public final List<OperatorClaims> operators = new ArrayList<>();
    public String systemAccount = "";
    public String systemAccountWhere = "";
    public String resolver = "";
    public final Map<String, String> resolverPreload = new LinkedHashMap<>();
    /** authorization.timeout was given; else with TLS it is the TLS timeout + 1 s, as nats-server's default. */
    public boolean authTimeoutSet;

    public TlsOptions tls = TlsOptions.none();
    public boolean allowNonTls;
    /** --tls=false was given: later --tls* flags do not turn TLS on. */
    public boolean tlsDisabledByFlag;

    public final ClusterDraft cluster = new ClusterDraft();
    public EngineOptions engine = EngineOptions.defaults();

    public String pidFile = "";
    public String portsFileDir = "";
    public long lameDuckDurationNs = OperationsOptions.DEFAULT_LAME_DUCK_DURATION_NS;
    public long lameDuckGracePeriodNs = OperationsOptions.DEFAULT_LAME_DUCK_GRACE_PERIOD_NS;
    public int profPort;
    public List<String> serverTags = new ArrayList<>();
    public int connectErrorReports = OperationsOptions.DEFAULT_CONNECT_ERROR_REPORTS;
    public int reconnectErrorReports = OperationsOptions.DEFAULT_RECONNECT_ERROR_REPORTS;
    public boolean disableSublistCache;

    public Path configFile;
    public final List<String> unsupported = new ArrayList<>();

    /** Logging switches and files. */
    public static final class LoggingDraft
    {
        public boolean debug;
        public boolean trace;
        public boolean traceVerbose;
        public boolean logtime = true;
        public String logFile = "";
        public long logSizeLimitBytes;
        public boolean syslog;
        public String remoteSyslog = "";
        public int maxTracedMsgLen;
    }

    /** The cluster block. */
    public static final class ClusterDraft
    {
        public String name = "";
        public String host = ClusterOptions.DEFAULT_HOST;
        public int port;
        public String advertise = "";
        public boolean noAdvertise;
        public int connectRetries;
        public List<URI> routes = new ArrayList<>();
        public String user = "";
        public String password = "";
        public long authTimeoutNs;
        public Permissions permissions;
        public TlsOptions tls = TlsOptions.none();
    }

    public ServerOptions build()
    {
        // As nats-server: an explicit system_account wins over the one a single operator JWT names.
        final String sys = systemAccount.isEmpty() && operators.size() == 1
            ? operators.get(0).systemAccount() : systemAccount;
        final TrustOptions trust = operators.isEmpty() && resolver.isEmpty() && resolverPreload.isEmpty()
            && systemAccount.isEmpty() ? TrustOptions.none()
            : new TrustOptions(List.copyOf(operatorJwts), List.copyOf(operators), sys, resolver,
                Collections.unmodifiableMap(new LinkedHashMap<>(resolverPreload)));
        final TlsOptions finalTls = new TlsOptions(tls.enabled(), tls.certFile(), tls.keyFile(), tls.caFile(),
            tls.verify(), tls.timeoutNs(), allowNonTls, tls.verifyAndMap(), tls.insecure(), tls.cipherSuites(),
            tls.curvePreferences(), tls.pinnedCerts());
        final long authTimeout = authTimeoutSet || !tls.enabled() ? this.authTimeoutNs
            : (tls.timeoutNs() > 0 ? tls.timeoutNs() : TlsOptions.DEFAULT_TIMEOUT_NS) + 1_000_000_000L;
        return new ServerOptions(
            new ListenOptions(host, port, clientAdvertise),
            serverName,
            new LimitOptions((int)maxPayloadBytes, (int)maxControlLineBytes, maxPendingBytes, maxConnections,
                maxSubscriptions, pingIntervalNs, pingMax, authTimeout, writeDeadlineNs, maxSubTokens,
                noHeaderSupport),
            new LoggingOptions(logging.debug, logging.trace, logging.traceVerbose, logging.logtime, logging.logFile,
                logging.logSizeLimitBytes, logging.syslog, logging.remoteSyslog, logging.maxTracedMsgLen),
            new MonitorOptions(httpHost, httpPort, httpsPort, httpBasePath),
            new AuthOptions(user, password, token, allUsers(), defaultPermissions, noAuthUser, authTimeout,
                allAccounts(trust), trust),
            finalTls,
            new ClusterOptions(cluster.name, cluster.host, cluster.port, cluster.advertise, cluster.noAdvertise,
                cluster.connectRetries, List.copyOf(cluster.routes), cluster.user, cluster.password,
                cluster.authTimeoutNs, cluster.permissions, cluster.tls),
            engine,
            new OperationsOptions(pidFile, portsFileDir, lameDuckDurationNs, lameDuckGracePeriodNs, profPort,
                List.copyOf(serverTags), connectErrorReports, reconnectErrorReports, disableSublistCache),
            configFile,
            List.copyOf(unsupported));
    }

    /** The accounts block's accounts and, in operator mode, those of the preloaded account JWTs. */
    private List<AccountOptions> allAccounts(final TrustOptions trust)
    {
        final List<AccountOptions> all = new ArrayList<>(accounts);
        all.addAll(TrustSection.accounts(trust));
        return List.copyOf(all);
    }

    private List<UserOptions> allUsers()
    {
        final List<UserOptions> all = new ArrayList<>(users);
        all.addAll(accountUsers);
        return List.copyOf(all);
    }
}
