package jnatsd.engine.session;

import org.agrona.DirectBuffer;

/**
 * allow_responses for one session: the reply subjects of the messages it was delivered, each of which it may then
 * publish to {@code max} times (negative: no limit) within {@code ttlNs} (0 or negative: no expiry), although its
 * publish permissions deny the subject (nats-server's {@code c.replies}, {@code pubAllowedFullCheck}).
 * <p>
 * A ring of slots in delivery order (so the oldest, the first to expire, is at the head) with an open-addressing
 * index over them. Slots keep their byte arrays, so once it has grown to the traffic it allocates nothing. It holds
 * at most {@link #MAX_ENTRIES}: nats-server's map has no bound (it prunes used and expired replies past 4096); here
 * the oldest live reply is forgotten instead, so a responder more than that many requests behind loses the right
 * to answer the oldest. Engine thread only.
 */
public final class ReplyPermits
{
    /** Entries are pruned past nats-server's replyPermLimit; the ring never holds more than this. */
    public static final int MAX_ENTRIES = 65_536;
    private static final int INITIAL = 16;
    private static final int DEAD = -1;

    private final int max;
    private final long ttlNs;
    private byte[][] keys = new byte[INITIAL][];
    private int[] lengths = new int[INITIAL];
    private int[] hashes = new int[INITIAL];
    private long[] times = new long[INITIAL];
    private int[] counts = new int[INITIAL];
    /** Slot + 1 per bucket, 0 when empty; twice the ring's size, so it is at most half full. */
    private int[] index = new int[INITIAL * 2];
    private int head;
    /** Slots in use from head, dead ones included. */
    private int size;
    private int live;

    public ReplyPermits(final int max, final long ttlNs)
    {
        this.max = max;
        this.ttlNs = ttlNs;
    }

    /** Replies it may still answer (tests, monitoring). */
    public int live()
    {
        return live;
    }

    /**
     * A message with reply subject {@code b[off, off + len)} was delivered to this session at {@code nowNs}: it may
     * answer it {@code max} times from now (a reply delivered again starts afresh, as nats-server's map entry does).
     */
    public void delivered(final DirectBuffer b, final int off, final int len, final long nowNs)
    {
        final int h = hash(b, off, len);
        final int found = find(b, off, len, h);
        if (found >= 0)
        {
            kill(found);
        }
        dropExpired(nowNs);
        if (size == keys.length)
        {
            makeRoom();
        }
        final int slot = (head + size) & (keys.length - 1);
        byte[] key = keys[slot];
        if (key == null || key.length < len)
        {
            key = new byte[Math.max(len, 32)];
            keys[slot] = key;
        }
        b.getBytes(off, key, 0, len);
        lengths[slot] = len;
        hashes[slot] = h;
        times[slot] = nowNs;
        counts[slot] = 0;
        size++;
        live++;
        insert(slot);
    }

    /**
     * A publish to {@code b[off, off + len)} that its permissions deny: true when it answers a delivered reply that
     * has answers left and has not expired; the answer is counted.
     */
    public boolean allows(final DirectBuffer b, final int off, final int len, final long nowNs)
    {
        if (live == 0)
        {
            return false;
        }
        final int slot = find(b, off, len, hash(b, off, len));
        if (slot < 0)
        {
            return false;
        }
        if (ttlNs > 0 && nowNs - times[slot] > ttlNs)
        {
            kill(slot);
            return false;
        }
        final int n = ++counts[slot];
        if (max > 0 && n >= max)
        {
            // Its last answer: nats-server keeps the entry and refuses the next; forgetting it now is the same.
            kill(slot);
        }
        return true;
    }

    private void dropExpired(final long nowNs)
    {
        final int mask = keys.length - 1;
        while (size > 0)
        {
            final int slot = head;
            if (lengths[slot] != DEAD && (ttlNs <= 0 || nowNs - times[slot] <= ttlNs))
            {
                return;
            }
            if (lengths[slot] != DEAD)
            {
                kill(slot);
            }
            head = (head + 1) & mask;
            size--;
        }
    }

    /** The ring is full: squeeze out dead slots, else grow, else forget the oldest reply. */
    private void makeRoom()
    {
        if (live < size)
        {
            rebuild(keys.length);
        }
        else if (keys.length < MAX_ENTRIES)
        {
            rebuild(keys.length * 2);
        }
        else
        {
            kill(head);
            head = (head + 1) & (keys.length - 1);
            size--;
        }
    }

    /** Copies the live slots, oldest first, into a ring of {@code capacity} and indexes them again. */
    private void rebuild(final int capacity)
    {
        final byte[][] k = new byte[capacity][];
        final int[] l = new int[capacity];
        final int[] h = new int[capacity];
        final long[] t = new long[capacity];
        final int[] c = new int[capacity];
        final int mask = keys.length - 1;
        int n = 0;
        for (int i = 0; i < size; i++)
        {
            final int s = (head + i) & mask;
            if (lengths[s] != DEAD)
            {
                k[n] = keys[s];
                l[n] = lengths[s];
                h[n] = hashes[s];
                t[n] = times[s];
                c[n] = counts[s];
                n++;
            }
        }
        // Dead and unused slots' arrays are kept for reuse.
        int spare = n;
        for (int i = 0; i < keys.length && spare < capacity; i++)
        {
            final int s = (head + i) & mask;
            if (i >= size || lengths[s] == DEAD)
            {
                k[spare++] = keys[s];
            }
        }
        keys = k;
        lengths = l;
        hashes = h;
        times = t;
        counts = c;
        head = 0;
        size = n;
        index = new int[capacity * 2];
        for (int s = 0; s < n; s++)
        {
            insert(s);
        }
    }

    private int find(final DirectBuffer b, final int off, final int len, final int h)
    {
        final int mask = index.length - 1;
        for (int i = h & mask; index[i] != 0; i = (i + 1) & mask)
        {
            final int s = index[i] - 1;
            if (hashes[s] == h && lengths[s] == len && same(keys[s], b, off, len))
            {
                return s;
            }
        }
        return -1;
    }

    private void insert(final int slot)
    {
        final int mask = index.length - 1;
        int i = hashes[slot] & mask;
        while (index[i] != 0)
        {
            i = (i + 1) & mask;
        }
        index[i] = slot + 1;
    }

    /** Takes a slot out of the index (backward-shift deletion keeps probe chains whole) and marks it dead. */
    private void kill(final int slot)
    {
        final int mask = index.length - 1;
        int hole = hashes[slot] & mask;
        while (index[hole] != slot + 1)
        {
            hole = (hole + 1) & mask;
        }
        index[hole] = 0;
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask)
        {
            final int home = hashes[index[j] - 1] & mask;
            // Move j's entry back when the hole lies on its probe path (from home to j, cyclically).
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                index[hole] = index[j];
                index[j] = 0;
                hole = j;
            }
        }
        lengths[slot] = DEAD;
        live--;
    }

    private static boolean same(final byte[] key, final DirectBuffer b, final int off, final int len)
    {
        for (int i = 0; i < len; i++)
        {
            if (key[i] != b.getByte(off + i))
            {
                return false;
            }
        }
        return true;
    }

    private static int hash(final DirectBuffer b, final int off, final int len)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < len; i++)
        {
            h = (h ^ b.getByte(off + i)) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
