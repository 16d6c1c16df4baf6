package jnatsd.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import jnatsd.engine.egress.ChunkPool;
import jnatsd.engine.event.ErrorCode;
import jnatsd.engine.session.Session;
import jnatsd.engine.status.GoDuration;

/**
 * The engine's timer tick, every 100 ms, shared by clients and routes: first and periodic PINGs and stale
 * connections, auth timeouts, expired JWT logins, write deadlines, trimming the outbound chunk pool and expiring
 * unanswered imported service requests (every 2 s), then the interconnect's own tick (route PINGs, redials).
 * Engine thread only; owned by the {@link Engine}.
 */
final class EngineTimers
{
    static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long TIMER_PERIOD_NS = 100_000_000L;
    /** Outbound chunks unused for this many timer periods (2 s) go back to the OS. */
    private static final int POOL_TRIM_PERIODS = 20;
    /** nats-server's default response threshold of a service export: pending replies older than it are dropped. */
    static final long RESPONSE_THRESHOLD_NS = 120_000_000_000L;

    private final Engine engine;
    private final ChunkPool pool;
    private long nextTimerNs;
    private int periodsToTrim = POOL_TRIM_PERIODS;

    EngineTimers(final Engine engine, final ChunkPool pool)
    {
        this.engine = engine;
        this.pool = pool;
    }

    /** Whether a period has passed since the last run; if so, the next one starts now. */
    boolean due(final long nowNs)
    {
        if (nowNs - nextTimerNs < 0)
        {
            return false;
        }
        nextTimerNs = nowNs + TIMER_PERIOD_NS;
        return true;
    }

    /** One run of the timers; returns the work done. */
    int run(final long nowNs)
    {
        if (--periodsToTrim <= 0)
        {
            periodsToTrim = POOL_TRIM_PERIODS;
            pool.trim();
            engine.accounts().expireResponses(nowNs, RESPONSE_THRESHOLD_NS);
        }
        final EngineSettings settings = engine.settings;
        final ArrayList<Session> sessions = engine.sessions;
        int work = 0;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session s = sessions.get(i);
            if (s.closed)
            {
                continue;
            }
            if (!s.connectReceived && settings.authRequired && nowNs - s.authDeadlineNs >= 0)
            {
                engine.onError(s, ErrorCode.AUTHENTICATION_TIMEOUT);
                work++;
                continue;
            }
            if (s.subsLimitCloseAtNs != 0 && nowNs - s.subsLimitCloseAtNs >= 0)
            {
                engine.close(s, "Maximum Subscriptions Exceeded", true);
                work++;
                continue;
            }
            if (s.authExpiresAtNs != 0 && nowNs - s.authExpiresAtNs >= 0)
            {
                engine.authExpired(s);
                work++;
                continue;
            }
            if (s.writeBlockedSinceNs != 0 && nowNs - s.writeBlockedSinceNs > s.writeDeadlineNs)
            {
                // nats-server 2.9.10: "WriteDeadline of 1s exceeded with 5 chunks of 326744 total bytes."
                engine.slowConsumer(s, "Slow Consumer (Write Deadline)", "Slow Consumer Detected: WriteDeadline of "
                    + GoDuration.format(s.writeDeadlineNs) + " exceeded with "
                    + s.outbound.chunkCount() + " chunks of " + s.outbound.pendingBytes() + " total bytes.");
                work++;
                continue;
            }
            if (nowNs - s.nextPingNs >= 0)
            {
                s.nextPingNs = nowNs + settings.pingIntervalNs;
                if (s.rttMeasured && nowNs - s.lastActivityNs < settings.pingIntervalNs)
                {
                    // As nats-server: recent traffic from the client proves it alive; no PING needed.
                    continue;
                }
                if (s.pingsOut + 1 > settings.pingMax)
                {
                    engine.sendErr(s, "Stale Connection");
                    engine.close(s, "Stale Connection", true);
                }
                else
                {
                    s.pingsOut++;
                    s.pingSentNs = nowNs;
                    s.outbound.put(PING);
                    engine.traceOut(s, "PING");
                    engine.markDirty(s);
                }
                work++;
            }
        }
        return work + engine.interconnect.onTimer(nowNs);
    }

    /**
     * Admin: a PING to measure the round trip, as nats-server's /connz does for a client with no RTT yet. Counted
     * as an outstanding PING, so a silent client is still found stale.
     */
    void measureRtt(final Session s, final long nowNs)
    {
        if (!s.closed && s.outbound != null && s.connectReceived && s.pingSentNs == 0)
        {
            s.pingsOut++;
            s.pingSentNs = nowNs;
            s.outbound.put(PING);
            engine.markDirty(s);
        }
    }
}
