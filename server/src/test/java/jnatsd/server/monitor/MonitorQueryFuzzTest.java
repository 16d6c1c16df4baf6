package jnatsd.server.monitor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Coverage-guided fuzzing of the monitoring query string: {@link QueryParams} and the decoders of /connz
 * (sort, auth, subs, offset, limit, cid, state), /subsz (subs, offset, limit, test), /routez, /accstatz and
 * /healthz. Any query either decodes or fails with {@link BadRequestException} carrying nats-server's text (the
 * HTTP 400 body), never another exception (a 500); decoded numbers agree with Go's strconv on the same text, and
 * the pages asked for are within bounds. Seeds: the queries of MonitoringInteropIT and the nats-server docs.
 */
class MonitorQueryFuzzTest
{
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final List<String> NAMES =
        List.of("auth", "subs", "offset", "limit", "cid", "state", "unused", "js-enabled", "js-server-only");

    @FuzzTest(maxDuration = "6s")
    void queryString(final byte[] input)
    {
        final String raw = new String(input, StandardCharsets.ISO_8859_1);
        final QueryParams q = QueryParams.parse(raw);
        for (final String name : NAMES)
        {
            checkBool(q, name);
            checkInteger(q, name);
            checkUint64(q, name);
        }
        connz(q);
        subsz(q);
    }

    private static void checkBool(final QueryParams q, final String name)
    {
        try
        {
            final boolean value = q.bool(name);
            final String s = q.get(name);
            if (value != List.of("1", "t", "T", "TRUE", "true", "True").contains(s))
            {
                throw new AssertionError("bool " + name + "=" + s + " read as " + value);
            }
        }
        catch (final BadRequestException ex)
        {
            expectPrefix(ex, "Error decoding boolean for '" + name + "': strconv.ParseBool: parsing ");
        }
    }

    private static void checkInteger(final QueryParams q, final String name)
    {
        final String s = q.get(name);
        final BigInteger go = goInteger(s);
        try
        {
            final int value = q.integer(name);
            if (go == null || go.compareTo(LONG_MIN) < 0 || go.compareTo(LONG_MAX) > 0)
            {
                throw new AssertionError("int " + name + "=" + s + " read as " + value + ", Go refuses it");
            }
            final long clamped = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, go.longValue()));
            if (value != clamped)
            {
                throw new AssertionError("int " + name + "=" + s + " read as " + value);
            }
        }
        catch (final BadRequestException ex)
        {
            expectPrefix(ex, "Error decoding int for '" + name + "': strconv.Atoi: parsing ");
            final boolean range = ex.getMessage().endsWith(": value out of range");
            if (range != (go != null))
            {
                throw new AssertionError("int " + name + "=" + s + ": " + ex.getMessage());
            }
        }
    }

    private static void checkUint64(final QueryParams q, final String name)
    {
        final String s = q.get(name);
        final BigInteger go = s.matches("[0-9]+") ? new BigInteger(s) : s.isEmpty() ? BigInteger.ZERO : null;
        try
        {
            final long value = q.uint64(name);
            if (go == null || go.compareTo(UINT64_MAX) > 0 || go.longValue() != value)
            {
                throw new AssertionError("uint64 " + name + "=" + s + " read as " + Long.toUnsignedString(value));
            }
        }
        catch (final BadRequestException ex)
        {
            expectPrefix(ex, "Error decoding uint64 for '" + name + "': strconv.ParseUint: parsing ");
            if (go != null && go.compareTo(UINT64_MAX) <= 0)
            {
                throw new AssertionError("uint64 " + name + "=" + s + ": " + ex.getMessage());
            }
        }
    }

    /** Go's strconv.Atoi syntax: an optional sign and decimal digits; "" decodes as 0 (absent). */
    private static BigInteger goInteger(final String s)
    {
        if (s.isEmpty())
        {
            return BigInteger.ZERO;
        }
        return s.matches("[+-]?[0-9]+") ? new BigInteger(s.startsWith("+") ? s.substring(1) : s) : null;
    }

    private static void connz(final QueryParams q)
    {
        final Connz.Options options;
        try
        {
            options = Connz.validate(Connz.options(q));
        }
        catch (final BadRequestException ex)
        {
            final String m = ex.getMessage();
            if (!m.startsWith("Error decoding ") && !m.startsWith("invalid sorting option: ")
                && !m.startsWith("sort by stop only valid") && !m.startsWith("sort by reason only valid"))
            {
                throw new AssertionError("not a nats-server /connz error: " + m, ex);
            }
            return;
        }
        if (options.offset() < 0 || options.limit() < 1 || (options.cid() != 0 && options.limit() != 1))
        {
            throw new AssertionError("/connz page out of bounds: " + options);
        }
    }

    private static void subsz(final QueryParams q)
    {
        final Subsz.Query query;
        try
        {
            query = Subsz.query(q);
        }
        catch (final BadRequestException ex)
        {
            final String m = ex.getMessage();
            if (!m.startsWith("Error decoding ") && !m.startsWith("invalid test subject, must be valid publish"))
            {
                throw new AssertionError("not a nats-server /subsz error: " + m, ex);
            }
            return;
        }
        if (query.offset() < 0 || query.limit() < 1)
        {
            throw new AssertionError("/subsz page out of bounds: " + query);
        }
        if (!query.test().isEmpty() && !SubjectMatch.isValidLiteral(query.test()))
        {
            throw new AssertionError("/subsz test subject not a literal: " + query.test());
        }
    }

    private static void expectPrefix(final BadRequestException ex, final String prefix)
    {
        final String m = ex.getMessage();
        if (!m.startsWith(prefix) || !(m.endsWith(": invalid syntax") || m.endsWith(": value out of range")))
        {
            throw new AssertionError("not Go's strconv text: " + m, ex);
        }
    }
}
