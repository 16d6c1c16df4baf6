package jnatsd.engine.subject;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Long2LongHashMap;

/**
 * The engine's subject table: a token trie in the manner of nats-server's sublist.go, laid out in primitive arrays.
 * <p>
 * Owned by the engine's matching thread; there are no locks, atomics or thread checks, so never share it.
 * <ul>
 * <li>Tokens and queue names are interned once ({@link TokenDictionary}: bytes off-heap, dense int ids).</li>
 * <li>A trie node is an int id indexing parallel arrays. Literal edges of all nodes share one
 * {@link Long2LongHashMap} keyed by {@code (parentNode << 32) | tokenId}; each node has dedicated '*' and '>' children
 * like sublist.go's {@code pwc}/{@code fwc}. Nodes are pruned when their last subscription and child go.</li>
 * <li>Subscriptions are slots in parallel arrays, found by subId through an {@link Int2IntHashMap}. A node keeps its
 * plain subscriptions in an intrusive doubly-linked list and its queue subscriptions in per-queue-name groups.</li>
 * <li>A bounded {@link MatchCache} (subject bytes to result). Any add or remove evicts exactly the cached entries the
 * changed subscription matches: one exact lookup for a literal subject, a scan of the (at most capacity) cached keys
 * for a wildcard one. Results are recomputed on the next match rather than patched.</li>
 * </ul>
 * Matching hashes the subject's bytes and compares them with off-heap bytes; after warm-up it allocates nothing.
 */
public final class SubjectTable
{
    private static final int NONE = -1;
    private static final int ROOT = 0;
    private static final int PWC_TOKEN = -2;
    private static final int FWC_TOKEN = -3;
    private static final int INITIAL = 64;

    private final TokenDictionary tokens = new TokenDictionary(INITIAL);
    private final Long2LongHashMap edges = new Long2LongHashMap(INITIAL, 0.65f, NONE);
    private final Int2IntHashMap slotsBySubId = new Int2IntHashMap(INITIAL, 0.65f, NONE);
    private final MatchCache cache;
    /** The cache entry of the last match and the cache's eviction count then (see match). */
    private int lastEntry = -1;
    private long lastEvictions;

    // Trie nodes; nodeParent doubles as the free-list link of freed nodes.
    private int[] nodeParent = new int[INITIAL];
    private int[] nodeToken = new int[INITIAL];
    private int[] nodePwc = new int[INITIAL];
    private int[] nodeFwc = new int[INITIAL];
    private int[] nodeChildren = new int[INITIAL];
    private int[] nodePlainHead = new int[INITIAL];
    private int[] nodeGroupHead = new int[INITIAL];
    private int nodeLimit;
    private int freeNode = NONE;
    private int nodeCount;

    // Subscription slots; slotNext doubles as the free-list link.
    private int[] slotSubId = new int[INITIAL];
    private int[] slotNode = new int[INITIAL];
    private int[] slotGroup = new int[INITIAL];
    private int[] slotNext = new int[INITIAL];
    private int[] slotPrev = new int[INITIAL];
    private int slotLimit;
    private int freeSlot = NONE;

    // Queue groups within a node; groupNext doubles as the free-list link.
    private int[] groupQueue = new int[16];
    private int[] groupHead = new int[16];
    private int[] groupSize = new int[16];
    private int[] groupNext = new int[16];
    private int[] groupPrev = new int[16];
    private int groupLimit;
    private int freeGroup = NONE;

    // Scratch state for tokenising and matching, grown during warm-up only.
    private int[] tokenStart = new int[16];
    private int[] tokenLength = new int[16];
    private int[] tokenId = new int[16];
    private int tokenCount;
    private DirectBuffer matchSubject;
    private int[] matchedGroups = new int[16];
    private int matchedGroupCount;
    private int[] queueStamp = new int[INITIAL];
    private int[] queueGroup = new int[INITIAL];
    private int stamp;
    private int[] path = new int[16];
    private final ExpandableDirectByteBuffer keyScratch = new ExpandableDirectByteBuffer(256);
    private final MatchResult scratchResult = new MatchResult();
    private final int cacheCapacity;
    private final MatchResult emptyResult = new MatchResult();

    private int count;
    private long matches;
    private long cacheHits;
    private long inserts;
    private long removes;
    private long generation;

    /**
     * @param cacheCapacity maximum number of cached match results (nats uses 1024); 0 disables the cache.
     */
    public SubjectTable(final int cacheCapacity)
    {
        if (cacheCapacity < 0)
        {
            throw new IllegalArgumentException("cacheCapacity < 0: " + cacheCapacity);
        }
        cache = cacheCapacity == 0 ? null : new MatchCache(cacheCapacity);
        this.cacheCapacity = cacheCapacity;
        final int root = newNode(NONE, NONE);
        assert root == ROOT;
    }

    /**
     * Adds subscription {@code subId} (engine-assigned, >= 0, unique while live) on a valid subject (wildcards allowed)
     * with an optional queue group ({@code queueLength} 0 for none). Adding a live subId again replaces it.
     */
    public void add(
        final int subId,
        final DirectBuffer subject,
        final int subjectOffset,
        final int subjectLength,
        final DirectBuffer queue,
        final int queueOffset,
        final int queueLength)
    {
        if (slotsBySubId.get(subId) != NONE)
        {
            remove(subId);
        }
        split(subject, subjectOffset, subjectLength);
        int node = ROOT;
        for (int k = 0; k < tokenCount; k++)
        {
            node = childFor(node, subject, tokenStart[k], tokenLength[k]);
        }

        final int slot = newSlot();
        slotSubId[slot] = subId;
        slotNode[slot] = node;
        slotsBySubId.put(subId, slot);
        if (queueLength == 0)
        {
            slotGroup[slot] = NONE;
            final int head = nodePlainHead[node];
            linkSlot(slot, head);
            nodePlainHead[node] = slot;
        }
        else
        {
            final int group = groupFor(node, queue, queueOffset, queueLength);
            slotGroup[slot] = group;
            linkSlot(slot, groupHead[group]);
            groupHead[group] = slot;
            groupSize[group]++;
        }
        count++;
        inserts++;
        generation++;
        invalidateCache(node);
    }

    /** Removes a subscription; unknown ids are ignored. */
    public void remove(final int subId)
    {
        final int slot = slotsBySubId.remove(subId);
        if (slot == NONE)
        {
            return;
        }
        final int node = slotNode[slot];
        invalidateCache(node);
        final int group = slotGroup[slot];
        final int next = slotNext[slot];
        final int prev = slotPrev[slot];
        if (next != NONE)
        {
            slotPrev[next] = prev;
        }
        if (prev != NONE)
        {
            slotNext[prev] = next;
        }
        else if (group == NONE)
        {
            nodePlainHead[node] = next;
        }
        else
        {
            groupHead[group] = next;
        }
        if (group != NONE && --groupSize[group] == 0)
        {
            dropGroup(node, group);
        }
        slotNext[slot] = freeSlot;
        freeSlot = slot;
        count--;
        removes++;
        generation++;
        prune(node);
    }

    /**
     * Matches a literal publish subject (a wildcard token is taken literally, as nats does for non-pedantic clients; a
     * subject with an empty token matches nothing). The result belongs to the table and stays valid until the next
     * call of {@code match}, {@code add} or {@code remove} on it. Allocates nothing once warmed up.
     */
    public MatchResult match(final DirectBuffer subject, final int offset, final int length)
    {
        matches++;
        final MatchCache cache = this.cache;
        int hash = 0;
        if (cache != null)
        {
            // A publisher mostly repeats its subject (nats-server keeps a per-client results cache for this): the
            // last entry answers after one compare, with no hash and no probe, while no entry has been evicted.
            final int last = lastEntry;
            if (last >= 0 && lastEvictions == cache.evictions() && cache.holds(last, subject, offset, length))
            {
                cacheHits++;
                return cache.result(last);
            }
            hash = Bytes.hash(subject, offset, length);
            final int entry = cache.lookup(subject, offset, length, hash);
            if (entry >= 0)
            {
                cacheHits++;
                lastEntry = entry;
                lastEvictions = cache.evictions();
                return cache.result(entry);
            }
        }
        if (length <= 0 || !split(subject, offset, length))
        {
            return emptyResult;
        }
        final MatchResult result;
        if (cache == null)
        {
            result = scratchResult;
        }
        else
        {
            final int entry = cache.insert(subject, offset, length, hash);
            lastEntry = entry;
            lastEvictions = cache.evictions();
            result = cache.result(entry);
        }
        result.reset();
        // No shortcut for an empty table: a branch that only an empty table takes would be a deoptimisation
        // waiting for the first publisher on a server nobody subscribed to yet.
        resolveTokens(subject);
        matchedGroupCount = 0;
        matchFrom(ROOT, 0, result);
        if (matchedGroupCount > 0)
        {
            buildGroups(result);
        }
        return result;
    }

    /** Live subscriptions. */
    /** The capacity it was made with (another account's table is made alike). */
    public int cacheCapacity()
    {
        return cacheCapacity;
    }

    public int count()
    {
        return count;
    }

    /** Calls of {@link #match}. */
    public long matches()
    {
        return matches;
    }

    /** Matches answered from the cache. */
    public long cacheHits()
    {
        return cacheHits;
    }

    /** Subscriptions added. */
    public long inserts()
    {
        return inserts;
    }

    /** Subscriptions removed. */
    public long removes()
    {
        return removes;
    }

    /** Results currently cached. */
    public long cacheEntries()
    {
        return cache == null ? 0 : cache.size();
    }

    /** Bumped by every add and remove, like sublist.go's genid, for callers that keep their own caches. */
    public long generation()
    {
        return generation;
    }

    /** Trie nodes in use, root included. */
    public int nodeCount()
    {
        return nodeCount;
    }

    /** Distinct tokens and queue names interned. */
    public int internedCount()
    {
        return tokens.size();
    }

    /**
     * Bytes held by the table's arrays, maps and off-heap arenas (capacity, not use), for sizing reports. Object
     * headers are ignored; they are a constant handful.
     */
    public long memoryBytes()
    {
        long bytes = 4L * (nodeParent.length * 7L + slotSubId.length * 5L + groupQueue.length * 5L);
        bytes += 16L * edges.capacity() + 8L * slotsBySubId.capacity();
        bytes += 4L * (tokenStart.length * 3L + matchedGroups.length + queueStamp.length * 2L + path.length);
        bytes += tokens.memoryBytes() + keyScratch.capacity();
        if (cache != null)
        {
            bytes += cache.memoryBytes();
        }
        return bytes;
    }

    /** Off-heap bytes (token arena, cache key arena, scratch), a subset of {@link #memoryBytes()}. */
    public long offHeapBytes()
    {
        return tokens.offHeapBytes() + keyScratch.capacity() + (cache == null ? 0 : cache.offHeapBytes());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Matching

    /**
     * sublist.go's matchLevel over our node ids: at every level the '>' child matches the rest, the '*' child recurses
     * on the remaining tokens, and the literal child continues the walk.
     */
    private void matchFrom(final int start, final int first, final MatchResult result)
    {
        final int last = tokenCount - 1;
        int node = start;
        for (int k = first; k <= last; k++)
        {
            final int fwc = nodeFwc[node];
            if (fwc != NONE)
            {
                collect(fwc, result);
            }
            final int pwc = nodePwc[node];
            if (pwc != NONE && k != last)
            {
                matchFrom(pwc, k + 1, result);
            }
            final int id = tokenId[k];
            final int child = id == TokenDictionary.MISSING ? NONE : (int)edges.get(edgeKey(node, id));
            if (k == last)
            {
                // As sublist.go: on the last level the literal node's subscribers come before the '*' node's.
                if (child != NONE)
                {
                    collect(child, result);
                }
                if (pwc != NONE)
                {
                    collect(pwc, result);
                }
                return;
            }
            if (child == NONE)
            {
                return;
            }
            node = child;
        }
    }

    private void collect(final int node, final MatchResult result)
    {
        for (int s = nodePlainHead[node]; s != NONE; s = slotNext[s])
        {
            result.addPlain(slotSubId[s]);
        }
        for (int g = nodeGroupHead[node]; g != NONE; g = groupNext[g])
        {
            if (matchedGroupCount == matchedGroups.length)
            {
                matchedGroups = Arrays.copyOf(matchedGroups, matchedGroupCount * 2);
            }
            matchedGroups[matchedGroupCount++] = g;
        }
    }

    /** Merges the matched per-node groups by queue name (a counting sort keyed by interned queue id). */
    private void buildGroups(final MatchResult result)
    {
        final int idLimit = tokens.idLimit();
        if (queueStamp.length < idLimit)
        {
            final int capacity = Math.max(idLimit, queueStamp.length * 2);
            queueStamp = Arrays.copyOf(queueStamp, capacity);
            queueGroup = Arrays.copyOf(queueGroup, capacity);
        }
        if (++stamp == 0)
        {
            Arrays.fill(queueStamp, 0);
            stamp = 1;
        }
        for (int i = 0; i < matchedGroupCount; i++)
        {
            final int g = matchedGroups[i];
            final int queueId = groupQueue[g];
            if (queueStamp[queueId] != stamp)
            {
                queueStamp[queueId] = stamp;
                queueGroup[queueId] = result.addGroup(queueId);
            }
            result.addToGroupSize(queueGroup[queueId], groupSize[g]);
        }
        result.layoutGroups();
        for (int i = 0; i < matchedGroupCount; i++)
        {
            final int g = matchedGroups[i];
            final int target = queueGroup[groupQueue[g]];
            for (int s = groupHead[g]; s != NONE; s = slotNext[s])
            {
                result.putMember(target, slotSubId[s]);
            }
        }
        result.finishGroups();
    }

    private void resolveTokens(final DirectBuffer subject)
    {
        for (int k = 0; k < tokenCount; k++)
        {
            final int off = tokenStart[k];
            final int len = tokenLength[k];
            tokenId[k] = tokens.find(subject, off, len, Bytes.hash(subject, off, len));
        }
    }

    /** Splits on '.' into the token scratch arrays; false if a token is empty. */
    private boolean split(final DirectBuffer subject, final int offset, final int length)
    {
        final int end = offset + length;
        int count = 0;
        int start = offset;
        for (int i = offset; i <= end; i++)
        {
            if (i == end || subject.getByte(i) == '.')
            {
                if (i == start)
                {
                    return false;
                }
                if (count == tokenStart.length)
                {
                    growTokens();
                }
                tokenStart[count] = start;
                tokenLength[count] = i - start;
                count++;
                start = i + 1;
            }
        }
        tokenCount = count;
        return true;
    }

    private void growTokens()
    {
        final int capacity = tokenStart.length * 2;
        tokenStart = Arrays.copyOf(tokenStart, capacity);
        tokenLength = Arrays.copyOf(tokenLength, capacity);
        tokenId = Arrays.copyOf(tokenId, capacity);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Structure

    /**
     * The edges map key of {@code (parent, tokenId)}, scrambled by a bijective mixer (so still unique): Agrona hashes a
     * long key by folding its halves, and parent and token ids grow together, which would cluster the probes.
     */
    private static long edgeKey(final int parent, final int tokenId)
    {
        long x = ((long)parent << 32) | (tokenId & 0xFFFF_FFFFL);
        x = (x ^ (x >>> 33)) * 0xFF51AFD7ED558CCDL;
        x = (x ^ (x >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return x ^ (x >>> 33);
    }

    private int childFor(final int node, final DirectBuffer subject, final int off, final int len)
    {
        if (len == 1)
        {
            final byte c = subject.getByte(off);
            if (c == '*')
            {
                int child = nodePwc[node];
                if (child == NONE)
                {
                    child = newNode(node, PWC_TOKEN);
                    nodePwc[node] = child;
                    nodeChildren[node]++;
                }
                return child;
            }
            if (c == '>')
            {
                int child = nodeFwc[node];
                if (child == NONE)
                {
                    child = newNode(node, FWC_TOKEN);
                    nodeFwc[node] = child;
                    nodeChildren[node]++;
                }
                return child;
            }
        }
        final int hash = Bytes.hash(subject, off, len);
        final int existing = tokens.find(subject, off, len, hash);
        if (existing != TokenDictionary.MISSING)
        {
            final int child = (int)edges.get(edgeKey(node, existing));
            if (child != NONE)
            {
                return child;
            }
        }
        final int id = tokens.acquire(subject, off, len, hash); // the edge holds this reference
        final int child = newNode(node, id);
        edges.put(edgeKey(node, id), child);
        nodeChildren[node]++;
        return child;
    }

    private int groupFor(final int node, final DirectBuffer queue, final int off, final int len)
    {
        final int hash = Bytes.hash(queue, off, len);
        final int queueId = tokens.find(queue, off, len, hash);
        if (queueId != TokenDictionary.MISSING)
        {
            for (int g = nodeGroupHead[node]; g != NONE; g = groupNext[g])
            {
                if (groupQueue[g] == queueId)
                {
                    return g;
                }
            }
        }
        final int group = newGroup();
        groupQueue[group] = tokens.acquire(queue, off, len, hash); // the group holds this reference
        groupHead[group] = NONE;
        groupSize[group] = 0;
        final int head = nodeGroupHead[node];
        groupNext[group] = head;
        groupPrev[group] = NONE;
        if (head != NONE)
        {
            groupPrev[head] = group;
        }
        nodeGroupHead[node] = group;
        return group;
    }

    private void dropGroup(final int node, final int group)
    {
        final int next = groupNext[group];
        final int prev = groupPrev[group];
        if (next != NONE)
        {
            groupPrev[next] = prev;
        }
        if (prev != NONE)
        {
            groupNext[prev] = next;
        }
        else
        {
            nodeGroupHead[node] = next;
        }
        tokens.release(groupQueue[group]);
        groupNext[group] = freeGroup;
        freeGroup = group;
    }

    /** Frees empty nodes from {@code start} up towards the root. */
    private void prune(final int start)
    {
        int node = start;
        while (node != ROOT && nodePlainHead[node] == NONE && nodeGroupHead[node] == NONE && nodeChildren[node] == 0)
        {
            final int parent = nodeParent[node];
            final int token = nodeToken[node];
            if (token == PWC_TOKEN)
            {
                nodePwc[parent] = NONE;
            }
            else if (token == FWC_TOKEN)
            {
                nodeFwc[parent] = NONE;
            }
            else
            {
                edges.remove(edgeKey(parent, token));
                tokens.release(token);
            }
            nodeChildren[parent]--;
            nodeParent[node] = freeNode;
            freeNode = node;
            nodeCount--;
            node = parent;
        }
    }

    private void linkSlot(final int slot, final int head)
    {
        slotNext[slot] = head;
        slotPrev[slot] = NONE;
        if (head != NONE)
        {
            slotPrev[head] = slot;
        }
    }

    private int newNode(final int parent, final int token)
    {
        final int node;
        if (freeNode != NONE)
        {
            node = freeNode;
            freeNode = nodeParent[node];
        }
        else
        {
            node = nodeLimit++;
            if (node == nodeParent.length)
            {
                final int capacity = node + (node >> 1);
                nodeParent = Arrays.copyOf(nodeParent, capacity);
                nodeToken = Arrays.copyOf(nodeToken, capacity);
                nodePwc = Arrays.copyOf(nodePwc, capacity);
                nodeFwc = Arrays.copyOf(nodeFwc, capacity);
                nodeChildren = Arrays.copyOf(nodeChildren, capacity);
                nodePlainHead = Arrays.copyOf(nodePlainHead, capacity);
                nodeGroupHead = Arrays.copyOf(nodeGroupHead, capacity);
            }
        }
        nodeParent[node] = parent;
        nodeToken[node] = token;
        nodePwc[node] = NONE;
        nodeFwc[node] = NONE;
        nodeChildren[node] = 0;
        nodePlainHead[node] = NONE;
        nodeGroupHead[node] = NONE;
        nodeCount++;
        return node;
    }

    private int newSlot()
    {
        if (freeSlot != NONE)
        {
            final int slot = freeSlot;
            freeSlot = slotNext[slot];
            return slot;
        }
        final int slot = slotLimit++;
        if (slot == slotSubId.length)
        {
            final int capacity = slot + (slot >> 1);
            slotSubId = Arrays.copyOf(slotSubId, capacity);
            slotNode = Arrays.copyOf(slotNode, capacity);
            slotGroup = Arrays.copyOf(slotGroup, capacity);
            slotNext = Arrays.copyOf(slotNext, capacity);
            slotPrev = Arrays.copyOf(slotPrev, capacity);
        }
        return slot;
    }

    private int newGroup()
    {
        if (freeGroup != NONE)
        {
            final int group = freeGroup;
            freeGroup = groupNext[group];
            return group;
        }
        final int group = groupLimit++;
        if (group == groupQueue.length)
        {
            final int capacity = group * 2;
            groupQueue = Arrays.copyOf(groupQueue, capacity);
            groupHead = Arrays.copyOf(groupHead, capacity);
            groupSize = Arrays.copyOf(groupSize, capacity);
            groupNext = Arrays.copyOf(groupNext, capacity);
            groupPrev = Arrays.copyOf(groupPrev, capacity);
        }
        return group;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cache invalidation

    /**
     * Evicts the cached results a subscription on {@code node} takes part in. A literal subject has at most one: it is
     * rebuilt from the interned tokens and looked up. A wildcard subject is matched against every cached key (at most
     * the cache capacity), as sublist.go does on insert and remove.
     */
    private void invalidateCache(final int node)
    {
        final MatchCache cache = this.cache;
        if (cache == null || cache.size() == 0)
        {
            return;
        }
        int depth = 0;
        boolean literal = true;
        for (int n = node; n != ROOT; n = nodeParent[n])
        {
            if (depth == path.length)
            {
                path = Arrays.copyOf(path, depth * 2);
            }
            final int token = nodeToken[n];
            literal &= token >= 0;
            path[depth++] = token;
        }
        if (literal)
        {
            final DirectBuffer bytes = tokens.bytes();
            int at = 0;
            for (int d = depth - 1; d >= 0; d--)
            {
                final int token = path[d];
                final int len = tokens.length(token);
                keyScratch.putBytes(at, bytes, tokens.offset(token), len);
                at += len;
                if (d > 0)
                {
                    keyScratch.putByte(at++, (byte)'.');
                }
            }
            cache.invalidate(keyScratch, 0, at);
            return;
        }
        final DirectBuffer keys = cache.keyBytes();
        for (int i = cache.liveCount() - 1; i >= 0; i--)
        {
            final int entry = cache.liveEntry(i);
            if (keyMatchesPath(keys, cache.keyOffset(entry), cache.keyLength(entry), depth))
            {
                cache.evict(entry); // swaps the last live entry into i, which was already checked
            }
        }
    }

    /** Whether a cached literal key matches the pattern held reversed in {@code path[0, depth)}. */
    private boolean keyMatchesPath(final DirectBuffer key, final int offset, final int length, final int depth)
    {
        final int end = offset + length;
        final DirectBuffer bytes = tokens.bytes();
        int pos = offset;
        for (int d = depth - 1; d >= 0; d--)
        {
            if (pos > end)
            {
                return false;
            }
            final int token = path[d];
            if (token == FWC_TOKEN)
            {
                return true; // pos <= end and cached keys have no empty token, so at least one token is left
            }
            int tokenEnd = pos;
            while (tokenEnd < end && key.getByte(tokenEnd) != '.')
            {
                tokenEnd++;
            }
            if (token != PWC_TOKEN)
            {
                final int len = tokens.length(token);
                if (len != tokenEnd - pos || !Bytes.equal(key, pos, bytes, tokens.offset(token), len))
                {
                    return false;
                }
            }
            pos = tokenEnd + 1;
        }
        return pos == end + 1;
    }
}
