package jnatsd.server.client;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jnatsd.testsupport.NatsKeys;
import jnatsd.testsupport.ServerProcess;

/**
 * allow_responses as jnats clients see it, on any server: three services that may only answer (svc: once, svc2:
 * twice, svc3: once within a second) and a requester. {@link #run} returns what the clients saw, line by line,
 * then the server's Publish Violation log lines without their client prefix; the same list from jnatsd and
 * nats-server means the same behaviour.
 */
final class ResponsePermissionsScenario
{
    static final String USERS_CONFIG = "authorization { users = [\n"
        + "  { user: svc, password: s1, permissions: { subscribe: \"svc.>\", allow_responses: true } }\n"
        + "  { user: svc2, password: s2, permissions: { subscribe: \"svc2.>\", allow_responses: { max: 2 } } }\n"
        + "  { user: svc3, password: s3, permissions: { subscribe: \"svc3.>\","
        + " allow_responses: { max: 5, expires: \"1s\" } } }\n"
        + "  { user: client, password: c }\n"
        + "] }\n";

    /** Past svc3's one-second expiry with room to spare (the server's clock runs from the delivery). */
    private static final long EXPIRY_WAIT_MS = 1_500;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern VIOLATION = Pattern.compile("\\[ERR\\] .* - (Publish Violation - .*)");

    private ResponsePermissionsScenario()
    {
    }

    /** Operator-mode keys and JWTs: the same four users, their permissions in the user JWTs' sub and resp. */
    static final class Jwts
    {
        final NKey operator = NatsKeys.operator();
        final NKey account = NatsKeys.account();
        final NKey system = NatsKeys.account();
        final NKey svc = NatsKeys.user();
        final NKey svc2 = NatsKeys.user();
        final NKey svc3 = NatsKeys.user();
        final NKey client = NatsKeys.user();
        final String svcJwt = user(svc, ",\"sub\":{\"allow\":[\"svc.>\"]},\"resp\":{\"max\":0,\"ttl\":0}");
        final String svc2Jwt = user(svc2, ",\"sub\":{\"allow\":[\"svc2.>\"]},\"resp\":{\"max\":2,\"ttl\":0}");
        final String svc3Jwt = user(svc3,
            ",\"sub\":{\"allow\":[\"svc3.>\"]},\"resp\":{\"max\":5,\"ttl\":1000000000}");
        final String clientJwt = user(client, "");

        String config()
        {
            return "operator: " + NatsKeys.operatorJwt(operator,
                ",\"system_account\":\"" + NatsKeys.publicKey(system) + "\"") + "\n"
                + "system_account: " + NatsKeys.publicKey(system) + "\n"
                + "resolver: MEMORY\nresolver_preload: {\n"
                + "  " + NatsKeys.publicKey(account) + ": " + NatsKeys.accountJwt(operator, account, 0, "") + "\n"
                + "  " + NatsKeys.publicKey(system) + ": " + NatsKeys.accountJwt(operator, system, 0, "") + "\n"
                + "}\n";
        }

        /** jnats options logging in as one of the four users. */
        Options.Builder login(final String name, final Options.Builder b)
        {
            return switch (name)
            {
                case "svc" -> b.authHandler(NatsKeys.handler(svcJwt, svc));
                case "svc2" -> b.authHandler(NatsKeys.handler(svc2Jwt, svc2));
                case "svc3" -> b.authHandler(NatsKeys.handler(svc3Jwt, svc3));
                default -> b.authHandler(NatsKeys.handler(clientJwt, client));
            };
        }

        private String user(final NKey key, final String fields)
        {
            return NatsKeys.userJwt(account, key, NatsKeys.now(), 0, fields);
        }
    }

    /** jnats options for the config users. */
    static Options.Builder configLogin(final String name, final Options.Builder b)
    {
        return switch (name)
        {
            case "svc" -> b.userInfo("svc", "s1");
            case "svc2" -> b.userInfo("svc2", "s2");
            case "svc3" -> b.userInfo("svc3", "s3");
            default -> b.userInfo("client", "c");
        };
    }

    /** Runs the scenario; {@code login} adds a user's credentials to jnats options. */
    static List<String> run(final ServerProcess server, final Function<String, Options.Builder> login)
        throws Exception
    {
        final List<String> out = new ArrayList<>();
        final Errors svcErrors = new Errors();
        final Errors svc2Errors = new Errors();
        final Errors svc3Errors = new Errors();
        try (Connection svc = connect(server, login.apply("svc"), svcErrors);
            Connection svc2 = connect(server, login.apply("svc2"), svc2Errors);
            Connection svc3 = connect(server, login.apply("svc3"), svc3Errors);
            Connection client = connect(server, login.apply("client"), new Errors()))
        {
            final Subscription requests = svc.subscribe("svc.echo");
            final Subscription requests2 = svc2.subscribe("svc2.echo");
            final Subscription requests3 = svc3.subscribe("svc3.echo");
            final Subscription replies = client.subscribe("_INBOX.rp.>");
            final Subscription elsewhere = client.subscribe("svc.elsewhere");
            svc.flush(TIMEOUT);
            svc2.flush(TIMEOUT);
            svc3.flush(TIMEOUT);
            client.flush(TIMEOUT);

            // A jnats request (its muxed inbox) answered once.
            final CompletableFuture<Message> answer = client.request("svc.echo", bytes("ping"));
            final Message ping = next(requests);
            svc.publish(ping.getReplyTo(), bytes("pong"));
            out.add("request answered: " + text(answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));

            // A second answer and a publish elsewhere are refused.
            client.publish("svc.echo", "_INBOX.rp.1", bytes("q1"));
            final Message q1 = next(requests);
            out.add("svc got: " + q1.getSubject() + " reply " + q1.getReplyTo());
            svc.publish(q1.getReplyTo(), bytes("a1"));
            svc.publish(q1.getReplyTo(), bytes("a2"));
            svc.publish("svc.elsewhere", bytes("x"));
            out.add("svc errors: " + svcErrors.take(2));

            // max 2: two answers, the third refused.
            client.publish("svc2.echo", "_INBOX.rp.2", bytes("q2"));
            final Message q2 = next(requests2);
            for (int i = 1; i <= 3; i++)
            {
                svc2.publish(q2.getReplyTo(), bytes("b" + i));
            }
            out.add("svc2 errors: " + svc2Errors.take(1));

            // expires 1s: an answer after it is refused.
            client.publish("svc3.echo", "_INBOX.rp.3", bytes("q3"));
            final Message q3 = next(requests3);
            Thread.sleep(EXPIRY_WAIT_MS);
            svc3.publish(q3.getReplyTo(), bytes("late"));
            out.add("svc3 errors: " + svc3Errors.take(1));

            svc.flush(TIMEOUT);
            svc2.flush(TIMEOUT);
            svc3.flush(TIMEOUT);
            client.flush(TIMEOUT);
            out.add("client got: " + drain(replies));
            out.add("client got elsewhere: " + drain(elsewhere));
            out.add("still connected: " + (svc.getStatus() == Connection.Status.CONNECTED
                && svc2.getStatus() == Connection.Status.CONNECTED && svc3.getStatus() == Connection.Status.CONNECTED));
            out.add("other errors: " + svcErrors.rest() + svc2Errors.rest() + svc3Errors.rest());
        }
        out.add("log: " + violations(server, 4));
        return out;
    }

    /** The Publish Violation lines of the log, without time and client prefix, in order (waits for n of them). */
    private static List<String> violations(final ServerProcess server, final int n) throws InterruptedException
    {
        final long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (true)
        {
            final List<String> lines = new ArrayList<>();
            for (final String line : server.log().split("\n"))
            {
                final Matcher m = VIOLATION.matcher(line);
                if (m.find())
                {
                    lines.add(m.group(1));
                }
            }
            if (lines.size() >= n || System.currentTimeMillis() > end)
            {
                return lines;
            }
            Thread.sleep(20);
        }
    }

    private static Connection connect(final ServerProcess server, final Options.Builder b, final Errors errors)
        throws Exception
    {
        return Nats.connect(b.server(server.url()).connectionTimeout(TIMEOUT).noReconnect().errorListener(errors)
            .build());
    }

    private static Message next(final Subscription sub) throws InterruptedException
    {
        final Message m = sub.nextMessage(TIMEOUT);
        if (m == null)
        {
            throw new AssertionError("no message on " + sub.getSubject() + " within " + TIMEOUT);
        }
        return m;
    }

    private static List<String> drain(final Subscription sub) throws InterruptedException
    {
        final List<String> out = new ArrayList<>();
        Message m = sub.nextMessage(Duration.ofMillis(200));
        while (m != null)
        {
            out.add(m.getSubject() + "=" + text(m));
            m = sub.nextMessage(Duration.ofMillis(200));
        }
        return out;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(final Message m)
    {
        return new String(m.getData(), StandardCharsets.UTF_8);
    }

    /** What jnats reported on one connection. */
    private static final class Errors implements ErrorListener
    {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

        @Override
        public void errorOccurred(final Connection conn, final String error)
        {
            queue.add(error);
        }

        @Override
        public void exceptionOccurred(final Connection conn, final Exception exp)
        {
            queue.add("exception: " + exp);
        }

        @Override
        public void slowConsumerDetected(final Connection conn, final Consumer consumer)
        {
            queue.add("client-side slow consumer");
        }

        /** The next n reports, waiting up to the timeout for each (fewer when they do not come). */
        List<String> take(final int n) throws InterruptedException
        {
            final List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                final String e = queue.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (e == null)
                {
                    break;
                }
                out.add(e);
            }
            return out;
        }

        List<String> rest()
        {
            return List.copyOf(queue);
        }
    }
}
