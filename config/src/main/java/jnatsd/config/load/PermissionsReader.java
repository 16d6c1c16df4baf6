package jnatsd.config.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jnatsd.config.Permissions;
import jnatsd.config.SubjectPermission;
import jnatsd.config.conf.ConfException;
import jnatsd.config.conf.ConfValue;

/** Reads a permissions block (server/opts.go parseUserPermissions and parseSubjectPermission). */
final class PermissionsReader
{
    private PermissionsReader()
    {
    }

    static Permissions read(final ConfValue v, final boolean allowResponses)
    {
        if (!(v.value() instanceof Map))
        {
            throw ConfException.at(v, "Expected permissions to be a map/struct, got " + v);
        }
        SubjectPermission publish = null;
        SubjectPermission subscribe = null;
        int responsesMax = 0;
        long responsesTtlNs = 0;
        for (final Map.Entry<String, ConfValue> e : Values.asMap("permissions", v).entrySet())
        {
            final ConfValue pv = e.getValue();
            switch (e.getKey().toLowerCase(Locale.ROOT))
            {
                case "pub", "publish", "import" -> publish = subjects(pv, false);
                case "sub", "subscribe", "export" -> subscribe = subjects(pv, true);
                case "publish_allow_responses", "allow_responses" ->
                {
                    if (!allowResponses)
                    {
                        throw ConfException.at(pv, "Cluster permissions do not support dynamic responses");
                    }
                    final long[] responses = responses(pv);
                    responsesMax = (int)responses[0];
                    responsesTtlNs = responses[1];
                }
                default ->
                {
                    if (!pv.usedAsVariable())
                    {
                        throw ConfException.at(pv, "Unknown field \"" + e.getKey() + "\" parsing permissions");
                    }
                }
            }
        }
        return new Permissions(publish, subscribe, responsesMax, responsesTtlNs);
    }

    private static SubjectPermission subjects(final ConfValue v, final boolean subscribe)
    {
        if (v.value() instanceof Map)
        {
            List<String> allow = List.of();
            List<String> deny = List.of();
            for (final Map.Entry<String, ConfValue> e : Values.asMap("permissions", v).entrySet())
            {
                switch (e.getKey().toLowerCase(Locale.ROOT))
                {
                    case "allow" -> allow = subjectList(e.getValue(), subscribe);
                    case "deny" -> deny = subjectList(e.getValue(), subscribe);
                    default -> throw ConfException.at(e.getValue(), "Unknown field name \"" + e.getKey()
                        + "\" parsing subject permissions, only 'allow' or 'deny' are permitted");
                }
            }
            return new SubjectPermission(allow, deny);
        }
        return new SubjectPermission(subjectList(v, subscribe), List.of());
    }

    private static List<String> subjectList(final ConfValue v, final boolean subscribe)
    {
        final boolean listOfStrings = v.value() instanceof List<?> list
            && list.stream().allMatch(item -> ((ConfValue)item).value() instanceof String);
        if (!(v.value() instanceof String) && !listOfStrings)
        {
            throw ConfException.at(v, "Expected subject permissions to be a subject, or array of subjects, got "
                + v.typeName());
        }
        final List<String> subjects = Values.asStrings("permissions", v);
        for (final String subject : subjects)
        {
            if (!Subjects.isValidPermission(subject, subscribe))
            {
                throw ConfException.at(v, "subject \"" + subject + "\" is not a valid subject");
            }
        }
        return List.copyOf(subjects);
    }

    /** allow_responses: true/false or {max, expires}; returns {max, ttlNs}. */
    private static long[] responses(final ConfValue v)
    {
        if (v.value() instanceof Boolean flag)
        {
            return flag ? new long[] {Permissions.DEFAULT_RESPONSES_MAX, Permissions.DEFAULT_RESPONSES_TTL_NS}
                : new long[] {0, 0};
        }
        if (!(v.value() instanceof Map))
        {
            throw ConfException.at(v, "error parsing response permissions, expected a boolean or a map");
        }
        final long[] out = {Permissions.DEFAULT_RESPONSES_MAX, Permissions.DEFAULT_RESPONSES_TTL_NS};
        for (final Map.Entry<String, ConfValue> e : Values.asMap("allow_responses", v).entrySet())
        {
            switch (e.getKey().toLowerCase(Locale.ROOT))
            {
                // As nats-server: 0 keeps the default, a negative value means no limit.
                case "max", "max_msgs", "max_messages", "max_responses" ->
                {
                    final int max = Values.asInt("max", e.getValue());
                    out[0] = max != 0 ? max : out[0];
                }
                case "expires", "expiration", "ttl" ->
                {
                    final long ttl = Values.parseDurationNs("expires", e.getValue());
                    out[1] = ttl != 0 ? ttl : out[1];
                }
                default -> throw ConfException.at(e.getValue(), "Unknown field \"" + e.getKey()
                    + "\" parsing permissions");
            }
        }
        return out;
    }
}
