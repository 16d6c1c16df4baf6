package jnatsd.server;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import jnatsd.config.TrustOptions;
import jnatsd.config.trust.Jwt;
import jnatsd.config.trust.OperatorClaims;

/**
 * The start-up lines of operator mode, as nats-server's Start logs them: each trusted operator, a warning when no
 * system account is set, and the validation issues (an expiry) of each preloaded account JWT.
 */
final class TrustBanner
{
    /** Go's time.Time %v: "2006-01-02 15:04:05 -0700 MST". */
    private static final DateTimeFormatter GO_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");

    private TrustBanner()
    {
    }

    static void log(final ServerLog log, final TrustOptions trust)
    {
        if (!trust.enabled())
        {
            return;
        }
        log.info("Trusted Operators");
        for (final OperatorClaims o : trust.operators())
        {
            log.info("  System  : \"" + o.claims().audience() + "\"");
            log.info("  Operator: \"" + o.claims().name() + "\"");
            log.info("  Issued  : " + goTime(o.claims().issuedAt()));
            log.info("  Expires : " + (o.claims().expires() == 0 ? "Never" : goTime(o.claims().expires())));
        }
        if (trust.systemAccount().isEmpty())
        {
            log.warn("Trusted Operators should utilize a System Account");
        }
        final long now = System.currentTimeMillis() / 1000;
        for (final Map.Entry<String, String> e : trust.preload().entrySet())
        {
            try
            {
                final List<String> issues = Jwt.decodeAccount(e.getValue()).issues(now);
                if (!issues.isEmpty())
                {
                    log.warn("Account [" + e.getKey() + "] has validation issues:");
                    for (final String issue : issues)
                    {
                        log.warn("  - " + issue);
                    }
                }
            }
            catch (final Jwt.JwtException ex)
            {
                log.error("Preloaded account [" + e.getKey() + "] not valid");
            }
        }
    }

    static String goTime(final long unixSeconds)
    {
        return GO_TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(unixSeconds), ZoneId.systemDefault()));
    }
}
