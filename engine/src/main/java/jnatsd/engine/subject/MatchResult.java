package jnatsd.engine.subject;

import java.util.Arrays;

/**
 * The subscriptions matching one literal subject: plain subscribers apart from queue subscribers, the latter grouped by
 * queue name (one group per distinct name with at least one matching member), as nats-server's SublistResult.
 * <p>
 * Owned by the {@link SubjectTable} that returned it and by its thread; it is reused, so read it before the next call
 * on that table. All ids are engine subscription ids.
 */
public final class MatchResult
{
    private int[] plain = new int[8];
    private int plainCount;
    private int[] groupQueue = new int[4];
    private int[] groupStart = new int[4];
    private int[] groupSize = new int[4];
    private int groupCount;
    private int[] members = new int[8];

    MatchResult()
    {
    }

    /** Number of non-queue subscriptions. */
    public int plainCount()
    {
        return plainCount;
    }

    /** Subscription id of the {@code index}-th non-queue subscription. */
    public int plain(final int index)
    {
        return plain[index];
    }

    /** Number of queue groups with at least one matching member. */
    public int groupCount()
    {
        return groupCount;
    }

    /** Number of matching members of a group. */
    public int groupSize(final int group)
    {
        return groupSize[group];
    }

    /** Subscription id of the {@code index}-th member of a group. */
    public int groupMember(final int group, final int index)
    {
        return members[groupStart[group] + index];
    }

    /** Id of the group's queue name: equal names give equal ids for as long as the name has a live member. */
    public int groupQueueId(final int group)
    {
        return groupQueue[group];
    }

    /** True when nothing matched. */
    public boolean isEmpty()
    {
        return plainCount == 0 && groupCount == 0;
    }

    void reset()
    {
        plainCount = 0;
        groupCount = 0;
    }

    void addPlain(final int subId)
    {
        if (plainCount == plain.length)
        {
            plain = Arrays.copyOf(plain, plainCount * 2);
        }
        plain[plainCount++] = subId;
    }

    /** Opens a new group; members are placed later with {@link #layoutGroups()} and {@link #putMember(int, int)}. */
    int addGroup(final int queueId)
    {
        if (groupCount == groupQueue.length)
        {
            final int capacity = groupCount * 2;
            groupQueue = Arrays.copyOf(groupQueue, capacity);
            groupStart = Arrays.copyOf(groupStart, capacity);
            groupSize = Arrays.copyOf(groupSize, capacity);
        }
        groupQueue[groupCount] = queueId;
        groupSize[groupCount] = 0;
        return groupCount++;
    }

    void addToGroupSize(final int group, final int delta)
    {
        groupSize[group] += delta;
    }

    /**
     * Turns group sizes into start offsets in the member array; afterwards {@code groupStart} is used as a fill cursor
     * and restored by {@link #finishGroups()}.
     */
    void layoutGroups()
    {
        int total = 0;
        for (int g = 0; g < groupCount; g++)
        {
            groupStart[g] = total;
            total += groupSize[g];
        }
        if (total > members.length)
        {
            members = Arrays.copyOf(members, Math.max(total, members.length * 2));
        }
    }

    void putMember(final int group, final int subId)
    {
        members[groupStart[group]++] = subId;
    }

    void finishGroups()
    {
        for (int g = 0; g < groupCount; g++)
        {
            groupStart[g] -= groupSize[g];
        }
    }
}
