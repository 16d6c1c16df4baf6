package jnatsd.perf;

/**
 * Load topologies, named as the Disruptor names its perf tests.
 * <pre>
 *   one-to-one     P ──► S
 *   fan-out        P ──► S1..Sn            every subscriber gets every message
 *   fan-in         P1..Pn ──► S
 *   queue          P ──► {S1..Sn}          one queue group: each message goes to one member
 *   request-reply  R1..Rn ──req──► {S1..Sn} ──reply──► R   (closed loop per requester, RTT)
 *   cross-node     P ──► [url A] ══route══ [url B] ──► S1..Sn
 * </pre>
 */
public enum Scenario
{
    ONE_TO_ONE("one-to-one", 1, 1, false),
    FAN_OUT("fan-out", 1, 4, false),
    FAN_IN("fan-in", 4, 1, false),
    QUEUE("queue", 1, 4, true),
    REQUEST_REPLY("request-reply", 1, 1, true),
    CROSS_NODE("cross-node", 1, 1, false);

    private final String label;
    private final int defaultPublishers;
    private final int defaultSubscribers;
    private final boolean queueGroup;

    Scenario(final String label, final int defaultPublishers, final int defaultSubscribers, final boolean queueGroup)
    {
        this.label = label;
        this.defaultPublishers = defaultPublishers;
        this.defaultSubscribers = defaultSubscribers;
        this.queueGroup = queueGroup;
    }

    public String label()
    {
        return label;
    }

    public int defaultPublishers()
    {
        return defaultPublishers;
    }

    public int defaultSubscribers()
    {
        return defaultSubscribers;
    }

    /** True when subscribers join one queue group, so each message is delivered once in total. */
    public boolean queueGroup()
    {
        return queueGroup;
    }

    /** How many deliveries one published message should produce in total. */
    public long deliveriesPerMessage(final int subscribers)
    {
        return queueGroup ? 1 : subscribers;
    }

    public static Scenario fromLabel(final String label)
    {
        for (final Scenario scenario : values())
        {
            if (scenario.label.equals(label))
            {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "'; one of: " + labels());
    }

    public static String labels()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Scenario scenario : values())
        {
            sb.append(sb.length() == 0 ? "" : ", ").append(scenario.label);
        }
        return sb.toString();
    }
}
