package jnatsd.config.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jnatsd.config.EngineOptions;
import jnatsd.config.LimitOptions;
import jnatsd.config.Permissions;
import jnatsd.config.ServerOptions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.ThreadingMode;
import jnatsd.config.UserOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest
{
    @TempDir
    Path dir;

    private Path write(final String text) throws Exception
    {
        final Path file = dir.resolve("server.conf");
        Files.writeString(file, text);
        return file;
    }

    private ServerOptions load(final String text) throws Exception
    {
        return ConfigLoader.load(write(text), Map.of());
    }

    private Problems problems(final String text) throws Exception
    {
        return ConfigLoader.applyFile(write(text), Map.of(), new OptionsDraft());
    }

    private String onlyError(final String text) throws Exception
    {
        final Problems p = problems(text);
        assertEquals(1, p.errors().size(), p.errors().toString());
        return p.errors().get(0);
    }

    @Test
    void shouldUseNatsServerDefaults() throws Exception
    {
        final ServerOptions o = load("");
        assertEquals(4222, o.listen().port());
        assertEquals("0.0.0.0", o.listen().host());
        final LimitOptions l = o.limits();
        assertEquals(1024 * 1024, l.maxPayloadBytes());
        assertEquals(4096, l.maxControlLineBytes());
        assertEquals(64L * 1024 * 1024, l.maxPendingBytes());
        assertEquals(64 * 1024, l.maxConnections());
        assertEquals(TimeUnit.MINUTES.toNanos(2), l.pingIntervalNs());
        assertEquals(2, l.pingMax());
        assertEquals(TimeUnit.SECONDS.toNanos(2), l.authTimeoutNs());
        assertEquals(TimeUnit.SECONDS.toNanos(10), l.writeDeadlineNs());
        assertTrue(o.logging().logtime());
        assertEquals(0, o.monitor().httpPort());
        assertFalse(o.cluster().enabled());
        assertFalse(o.auth().required());
        assertEquals(TimeUnit.MINUTES.toNanos(2), o.operations().lameDuckDurationNs());
        assertEquals(List.of(), o.unsupported());
    }

    @Test
    void shouldMapServerAndLoggingKeys() throws Exception
    {
        final ServerOptions o = load("""
            listen: 127.0.0.1:4333
            server_name: srv-a
            client_advertise: "nats.example:4222"
            debug: true
            trace_verbose: true
            logtime: false
            log_file: "/tmp/x.log"
            logfile_size_limit: 1MB
            syslog: true
            remote_syslog: "udp://localhost:514"
            pid_file: "/tmp/x.pid"
            ports_file_dir: "/tmp"
            max_traced_msg_len: 64
            prof_port: 6060
            server_tags: ["a:1", "b"]
            connect_error_reports: 10
            reconnect_error_reports: 5
            disable_sublist_cache: true
            lame_duck_duration: "45s"
            lame_duck_grace_period: "3s"
            """);
        assertEquals("127.0.0.1", o.listen().host());
        assertEquals(4333, o.listen().port());
        assertEquals("srv-a", o.serverName());
        assertEquals("nats.example:4222", o.listen().clientAdvertise());
        assertTrue(o.logging().debug());
        assertTrue(o.logging().trace());
        assertTrue(o.logging().traceVerbose());
        assertFalse(o.logging().logtime());
        assertEquals("/tmp/x.log", o.logging().logFile());
        assertEquals(1024 * 1024, o.logging().logSizeLimitBytes());
        assertTrue(o.logging().syslog());
        assertEquals("udp://localhost:514", o.logging().remoteSyslog());
        assertEquals(64, o.logging().maxTracedMsgLen());
        assertEquals("/tmp/x.pid", o.operations().pidFile());
        assertEquals("/tmp", o.operations().portsFileDir());
        assertEquals(6060, o.operations().profPort());
        assertEquals(List.of("a:1", "b"), o.operations().serverTags());
        assertEquals(10, o.operations().connectErrorReports());
        assertEquals(5, o.operations().reconnectErrorReports());
        assertTrue(o.operations().disableSublistCache());
        assertEquals(TimeUnit.SECONDS.toNanos(45), o.operations().lameDuckDurationNs());
        assertEquals(TimeUnit.SECONDS.toNanos(3), o.operations().lameDuckGracePeriodNs());
    }

    @Test
    void shouldMapLimitsAndMonitoring() throws Exception
    {
        final ServerOptions o = load("""
            host: 10.0.0.1
            port = 5000
            http: "127.0.0.1:8222"
            https_port: 8443
            http_base_path: "/mon"
            max_control_line: 2KB
            max_payload = 1KB     // size suffix
            max_pending: 64KB
            max_connections 100
            max_subs: 10
            max_sub_tokens: 16
            ping_interval: "20s"
            ping_max: 3
            write_deadline: "2s"
            no_header_support: true
            """);
        assertEquals("10.0.0.1", o.listen().host());
        assertEquals(5000, o.listen().port());
        assertEquals("127.0.0.1", o.monitor().httpHost());
        assertEquals(8222, o.monitor().httpPort());
        assertEquals(8443, o.monitor().httpsPort());
        assertEquals("/mon", o.monitor().httpBasePath());
        assertEquals(2048, o.limits().maxControlLineBytes());
        assertEquals(1024, o.limits().maxPayloadBytes());
        assertEquals(64 * 1024, o.limits().maxPendingBytes());
        assertEquals(100, o.limits().maxConnections());
        assertEquals(10, o.limits().maxSubscriptions());
        assertEquals(16, o.limits().maxSubTokens());
        assertEquals(TimeUnit.SECONDS.toNanos(20), o.limits().pingIntervalNs());
        assertEquals(3, o.limits().pingMax());
        assertEquals(TimeUnit.SECONDS.toNanos(2), o.limits().writeDeadlineNs());
        assertTrue(o.limits().noHeaderSupport());
    }

    @Test
    void shouldMapAuthorizationUsersAndPermissions() throws Exception
    {
        final ServerOptions o = load("""
            VAR_PASS: "s3cret"
            authorization {
              timeout: 1.5
              default_permissions: { publish: "public.>" }
              users = [
                { user: alice, password: $VAR_PASS }
                { user: bob, password: bobpw, permissions: {
                    publish: { allow: ["foo.>", "_INBOX.>"], deny: ["foo.secret"] },
                    subscribe: { deny: "bar" },
                    allow_responses: { max: 5, expires: "1m" } } }
              ]
            }
            no_auth_user: alice
            """);
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1500), o.auth().timeoutNs());
        assertEquals(2, o.auth().users().size());
        final UserOptions alice = o.auth().users().get(0);
        assertEquals("s3cret", alice.password());
        assertEquals(new SubjectPermission(List.of("public.>"), List.of()), alice.permissions().publish(),
            "users without permissions get default_permissions");
        final Permissions bob = o.auth().users().get(1).permissions();
        assertEquals(new SubjectPermission(List.of("foo.>", "_INBOX.>"), List.of("foo.secret")), bob.publish());
        assertEquals(new SubjectPermission(List.of(), List.of("bar")), bob.subscribe());
        assertEquals(5, bob.responsesMax());
        assertEquals(TimeUnit.MINUTES.toNanos(1), bob.responsesTtlNs());
        assertEquals("alice", o.auth().noAuthUser());
        assertTrue(o.auth().required());
    }

    @Test
    void shouldMapSingleUserAndToken() throws Exception
    {
        final ServerOptions single = load("authorization { user: a, password: b, timeout: 3 }\n");
        assertEquals("a", single.auth().user());
        assertEquals("b", single.auth().password());
        assertEquals(TimeUnit.SECONDS.toNanos(3), single.auth().timeoutNs());
        final ServerOptions token = load("authorization { token: \"$2a$11$abcdefghijklmnopqrstuv\" }\n");
        assertEquals("$2a$11$abcdefghijklmnopqrstuv", token.auth().token());
    }

    @Test
    void shouldMapPermissionsAsStringListAndAllowResponsesTrue() throws Exception
    {
        final ServerOptions o = load("authorization { users: [ {user: a, password: b, permissions: "
            + "{ publish: \"foo\", subscribe: [\"a\", \"b.* q\"], allow_responses: true }} ] }\n");
        final Permissions p = o.auth().users().get(0).permissions();
        assertEquals(List.of("foo"), p.publish().allow());
        assertEquals(List.of("a", "b.* q"), p.subscribe().allow());
        assertEquals(1, p.responsesMax());
        assertEquals(Permissions.DEFAULT_RESPONSES_TTL_NS, p.responsesTtlNs());
    }

    @Test
    void shouldKeepAllowResponsesDefaultsForZeroAndAcceptNegativeAsUnlimited() throws Exception
    {
        final ServerOptions o = load("authorization { users: [\n"
            + "{user: a, password: b, permissions: { allow_responses: { max: 0, expires: \"0s\" } }}\n"
            + "{user: c, password: d, permissions: { allow_responses: { max: -1, expires: \"-1s\" } }}\n"
            + "{user: e, password: f, permissions: { allow_responses: false }}\n] }\n");
        final Permissions zero = o.auth().users().get(0).permissions();
        assertEquals(Permissions.DEFAULT_RESPONSES_MAX, zero.responsesMax(), "max 0 means nats-server's default 1");
        assertEquals(Permissions.DEFAULT_RESPONSES_TTL_NS, zero.responsesTtlNs(), "expires 0 means two minutes");
        final Permissions negative = o.auth().users().get(1).permissions();
        assertEquals(-1, negative.responsesMax());
        assertEquals(-TimeUnit.SECONDS.toNanos(1), negative.responsesTtlNs());
        assertEquals(0, o.auth().users().get(2).permissions().responsesMax(), "false: no response permissions");
    }

    @Test
    void shouldMapClusterBlock() throws Exception
    {
        final ServerOptions o = load("""
            cluster {
              name: C1
              listen: 127.0.0.1:6222
              authorization { user: ruser, password: rpass, timeout: 2 }
              routes: [ "nats://127.0.0.1:6223" ]
              advertise: "10.0.0.1:6222"
              no_advertise: true
              connect_retries: 4
              permissions { import: "foo.>", export: ["bar.>"] }
            }
            """);
        assertEquals("C1", o.cluster().name());
        assertEquals("127.0.0.1", o.cluster().host());
        assertEquals(6222, o.cluster().port());
        assertEquals("ruser", o.cluster().user());
        assertEquals("rpass", o.cluster().password());
        assertEquals(TimeUnit.SECONDS.toNanos(2), o.cluster().authTimeoutNs());
        assertEquals("nats://127.0.0.1:6223", o.cluster().routes().get(0).toString());
        assertEquals("10.0.0.1:6222", o.cluster().advertise());
        assertTrue(o.cluster().noAdvertise());
        assertEquals(4, o.cluster().connectRetries());
        assertEquals(List.of("foo.>"), o.cluster().permissions().publish().allow());
        assertEquals(List.of("bar.>"), o.cluster().permissions().subscribe().allow());
    }

    @Test
    void spinBeforeBlockDefaultsTo80usAndZeroTurnsItOff() throws Exception
    {
        assertEquals(80_000, load("port: 4222\n").engine().spinBeforeBlockNs());
        assertEquals(4096, load("port: 4222\n").engine().ringSize(), "a ring that fits a core's L2 cache");
        assertEquals(0, load("jnatsd { spin_before_block: 0 }\n").engine().spinBeforeBlockNs());
        assertEquals(0, load("jnatsd { spin_before_block: \"0s\" }\n").engine().spinBeforeBlockNs());
    }

    @Test
    void shouldMapTheJnatsdBlock() throws Exception
    {
        final ServerOptions o = load("""
            jnatsd {
              threading: dedicated
              transport_threads: 3
              ring_size: 8192
              engine_idle: busy-spin
              transport_idle: backoff
              engine_cpu: 1
              transport_cpus: [2, 3 ]  # nats quirk: a number right before "]" is not a number
              spin_before_block: "20us"
            }
            """);
        final EngineOptions e = o.engine();
        assertEquals(ThreadingMode.DEDICATED, e.threadingMode());
        assertEquals(3, e.transportThreads());
        assertEquals(8192, e.ringSize());
        assertEquals("busy-spin", e.engineIdleStrategy());
        assertEquals("backoff", e.transportIdleStrategy());
        assertEquals(1, e.engineCpu());
        assertArrayEquals(new int[] {2, 3}, e.transportCpus());
        assertEquals(20_000, e.spinBeforeBlockNs());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "port: 1\\nbogus_key: 1\\n|server.conf:2:1: unknown field \"bogus_key\"",
        "UNUSED: 5\\n|server.conf:1:1: unknown field \"UNUSED\"",
        "cluster { port: 1, foo: 2 }\\n|server.conf:1:20: unknown field \"foo\"",
        "authorization {\\n  foo: 1\\n}\\n|server.conf:2:3: unknown field \"foo\"",
        "port: \"abc\"\\n|server.conf:1:1: invalid type for \"port\": expected integer, got string",
        "debug: \"yes\"\\n|server.conf:1:1: invalid type for \"debug\": expected boolean, got string",
        "ping_interval: \"abc\"\\n|error parsing ping_interval: time: invalid duration \"abc\"",
        "lame_duck_duration: \"10s\"\\n|invalid lame_duck_duration of 10s, minimum is 30 seconds",
        "lame_duck_duration: 60\\n|invalid type for \"lame_duck_duration\"",
        "lame_duck_grace_period: \"-1s\"\\n|invalid lame_duck_grace_period, needs to be positive",
        "max_payload: 5GB\\n|max_payload value is too big",
        "max_sub_tokens: 300\\n|max_sub_tokens value is too big",
        "listen: \"nohost\"\\n|could not parse address string \"nohost\"",
        "authorization { user: a, token: t }\\n|Cannot have a user/pass and token",
        "authorization { user: a, users: [] }\\n|Can not have a single user/pass and a users array",
        "authorization { users: [ {user: a}, {user: a} ] }\\n|Duplicate user \"a\" detected",
        "authorization { users: [ {password: a} ] }\\n|User entry requires a user",
        "authorization { users: [ {user: a, permissions: { pubish: x }} ] }\\n"
            + "|Unknown field \"pubish\" parsing permissions",
        "authorization { users: [ {user: a, permissions: { publish: 5 }} ] }\\n|got int64",
        "authorization { users: [ {user: a, permissions: { publish: \"foo..bar\" }} ] }\\n|is not a valid subject",
        "cluster { port: 1, routes: [\"::bad url\"] }\\n|error parsing route url",
        "cluster { port: 1, authorization { users: [] } }\\n|Cluster authorization does not allow multiple users",
        "tls { cert_file: \"/nope/a.pem\", key_file: \"/nope/k.pem\" }\\n|open /nope/a.pem: no such file",
        "tls { cert_file: \"/nope/a.pem\" }\\n|missing 'key_file'",
        "tls { bogus: 1 }\\n|error parsing tls config, unknown field [\"bogus\"]",
        "jnatsd { ring_size: 1000 }\\n|ring_size must be a power of two",
        "jnatsd { threading: both }\\n|invalid threading",
        "jnatsd { engine_idle: sleepy }\\n|invalid engine_idle",
        "jnatsd { spin_before_block: \"2s\" }\\n|spin_before_block must be between 0 and 1s",
        "jnatsd { spin_before_block: \"soon\" }\\n|error parsing spin_before_block",
        "jnatsd { bogus: 1 }\\n|unknown field \"bogus\" in jnatsd block"})
    void shouldReportEachBadKeyWithFileAndLine(final String text, final String expected) throws Exception
    {
        final String error = onlyError(text.replace("\\n", "\n"));
        assertTrue(error.contains(expected), error);
        assertTrue(error.contains("server.conf:"), error);
    }

    @Test
    void shouldReportEveryErrorInOnePass() throws Exception
    {
        final Problems p = problems("port: \"x\"\nbogus: 1\nmax_payload: 5GB\n");
        assertEquals(3, p.errors().size(), p.errors().toString());
        assertTrue(p.errors().get(0).contains(":1:"));
        assertTrue(p.errors().get(1).contains(":2:"));
        assertTrue(p.errors().get(2).contains(":3:"));
    }

    @Test
    void shouldWarnForBareIntegerDurations() throws Exception
    {
        final OptionsDraft draft = new OptionsDraft();
        final Problems p = ConfigLoader.applyFile(write("ping_interval: 5\nwrite_deadline: 3\n"), Map.of(), draft);
        assertTrue(p.errors().isEmpty());
        assertEquals(2, p.warnings().size());
        assertTrue(p.warnings().get(0).contains("ping_interval should be converted to a duration"));
        assertEquals(TimeUnit.SECONDS.toNanos(5), draft.build().limits().pingIntervalNs());
        assertEquals(TimeUnit.SECONDS.toNanos(3), draft.build().limits().writeDeadlineNs());
    }

    @Test
    void shouldRefuseMaxPayloadOverMaxPendingAtStart() throws Exception
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> load("max_payload: 100MB\nmax_pending: 10MB\n"));
        assertEquals("max_payload (104857600) cannot be higher than max_pending (10485760)", ex.getMessage());
    }

    @Test
    void shouldRefuseNoAuthUserMissingFromUsers() throws Exception
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> load("authorization { users: [{user: a, password: b}] }\nno_auth_user: bob\n"));
        assertTrue(ex.getMessage().contains("no_auth_user: \"bob\" not present"), ex.getMessage());
    }

    @Test
    void shouldRefuseASystemAccountThatIsNotConfigured() throws Exception
    {
        // nats-server 2.9.10: "error resolving system account: account missing" and no start.
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> load("accounts { A: {} }\nsystem_account: NOPE\n"));
        assertTrue(ex.getMessage().contains("error resolving system account: account missing"), ex.getMessage());
        assertEquals("$SYS", load("system_account: \"$SYS\"\n").auth().trust().systemAccount());
    }

    @Test
    void shouldRecordUnsupportedFeaturesWithTheirPlace() throws Exception
    {
        final ServerOptions o = load("""
            port: 1
            jetstream {}
            gateway { name: x, port: 7222 }
            leafnodes { port: 7422 }
            websocket { port: 8080 }
            mqtt { port: 1883 }
            accounts { A: {}, SYS: {} }
            system_account: SYS
            mappings { "a": "b" }
            ocsp: false
            authorization { users: [ { nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4 } ] }
            """);
        // accounts, nkey users and the system account are supported: the other seven are not.
        assertEquals(7, o.unsupported().size(), o.unsupported().toString());
        assertTrue(o.unsupported().get(0).contains("server.conf:2:1: \"jetstream\""), o.unsupported().get(0));
        assertEquals("SYS", o.auth().trust().systemAccount());
        assertEquals("A", o.auth().accounts().get(0).name());
        assertEquals(1, o.auth().users().size(), "nkey users are supported");
    }

    @Test
    void shouldKeepUsedVariablesOutOfUnknownKeys() throws Exception
    {
        final ServerOptions o = load("MAXP: 2KB\nmax_payload: $MAXP\n");
        assertEquals(2048, o.limits().maxPayloadBytes());
        assertNull(o.auth().defaultPermissions());
    }
}
