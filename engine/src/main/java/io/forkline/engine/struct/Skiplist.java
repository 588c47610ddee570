package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;

import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_BYTES_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_HEAD_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_LENGTH_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_LEVEL_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.SkiplistDescriptor.HEADER_TAIL_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.LEVEL_SIZE;
import static io.forkline.engine.struct.SkiplistDescriptor.MAX_LEVEL;
import static io.forkline.engine.struct.SkiplistDescriptor.NODE_BACKWARD_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.NODE_LEVELS_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.NODE_LEVEL_COUNT_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.NODE_SCORE_OFFSET;
import static io.forkline.engine.struct.SkiplistDescriptor.forwardOffset;
import static io.forkline.engine.struct.SkiplistDescriptor.memberLengthOffset;
import static io.forkline.engine.struct.SkiplistDescriptor.nodeSize;
import static io.forkline.engine.struct.SkiplistDescriptor.readVarint;
import static io.forkline.engine.struct.SkiplistDescriptor.spanOffset;
import static io.forkline.engine.struct.SkiplistDescriptor.varintSize;
import static io.forkline.engine.struct.SkiplistDescriptor.writeVarint;

/**
 * A sorted set's ordered index in paged memory: Redis's zskiplist, elements ordered by score and then by member
 * bytes, with ranks; the layout is {@link SkiplistDescriptor}'s.
 *
 * <h2>Design</h2>
 * A skiplist (W. Pugh, "Skip Lists: A Probabilistic Alternative to Balanced Trees", CACM 1990) as Redis's
 * t_zset.c builds it. Every element is one node linked at level 0 into the sorted list; a node drawn to have L
 * levels is also linked into the lists of levels 1..L-1, each sparser than the one below by a factor of 1/p = 4,
 * so a search walks right along a high level while the next node still orders before its target and then drops a
 * level: O(log n) expected steps. Redis's three additions are kept:
 * <ul>
 *   <li>the order breaks score ties by member bytes (unsigned, as memcmp, shorter first), so (score, member) is a
 *       total order and equal scores are still sorted, which is what ZRANGEBYLEX relies on;</li>
 *   <li>each forward link records its <em>span</em>, the number of level-0 steps it jumps, so summing spans along
 *       a search path gives an element's 1-based rank, and walking by spans finds the element of a rank
 *       (ZRANK, ZRANGE by index, ZREMRANGEBYRANK), all in O(log n);</li>
 *   <li>a backward link at level 0 for walking down from the tail (ZREVRANGE).</li>
 * </ul>
 * The head node has all 32 levels and no element; the header records it, the tail, the length, the highest
 * level in use and the bytes allocated. A node's level is 1 + the number of low pairs of bits that are zero in one
 * {@code nextLong()} of the caller's generator, capped at 32: exactly geometric with p = 1/4, one draw per insert,
 * and reproducible from a seed.
 *
 * <h2>Assumptions and guarantees</h2>
 * <ul>
 *   <li>Reads take a {@link Memory} and never write: the same call reads the live memory on the writer thread or
 *       a fork's frozen view on a snapshot thread. Writes take the {@link Allocator} and run on the writer only.</li>
 *   <li>Each member appears once: the sorted set's dict knows which members exist; {@link #insert} refuses only a
 *       (score, member) pair that is already there. Scores are never NaN.</li>
 *   <li>The header never moves, so its address is the structure's address for its whole life; nodes move only when
 *       {@link #updateScore} re-inserts one, which returns the new address.</li>
 *   <li>Writes keep their search path in a per-thread scratch of 2 x 32 longs, so an insert or delete allocates
 *       nothing on the heap.</li>
 * </ul>
 */
public final class Skiplist {

    private Skiplist() {
    }

    // ---------------------------------------------------------------------------------------------
    // Create, insert, delete, update

    /** A new empty skiplist; returns its header's address. */
    public static long create(Allocator allocator) {
        PagedMemory memory = allocator.memory();
        long header = allocator.allocate(HEADER_SIZE);
        long headSize = nodeSize(MAX_LEVEL, 0);
        long head = allocator.allocate(headSize);
        memory.putLong(head + NODE_SCORE_OFFSET, 0L);
        memory.putLong(head + NODE_BACKWARD_OFFSET, 0L);
        memory.putByte(head + NODE_LEVEL_COUNT_OFFSET, (byte) MAX_LEVEL);
        memory.fill(head + NODE_LEVELS_OFFSET, (long) MAX_LEVEL * LEVEL_SIZE, (byte) 0);
        writeVarint(memory, head + memberLengthOffset(MAX_LEVEL), 0);
        memory.putLong(header + HEADER_HEAD_OFFSET, head);
        memory.putLong(header + HEADER_TAIL_OFFSET, 0L);
        memory.putLong(header + HEADER_LENGTH_OFFSET, 0L);
        memory.putLong(header + HEADER_BYTES_OFFSET, allocator.usableSize(header) + allocator.usableSize(head));
        memory.putByte(header + HEADER_LEVEL_OFFSET, (byte) 1);
        return header;
    }

    /**
     * Adds {@code member[offset, offset + length)} with {@code score} and returns its node (Redis's zslInsert). The
     * member must not be in the set at any score; the caller's dict knows.
     *
     * @throws IllegalArgumentException for a NaN score, or when this very (score, member) pair is already here
     */
    public static long insert(Allocator allocator, long zsl, double score, byte[] member, int offset, int length,
                              RandomGenerator random) {
        requireScore(score);
        Scratch scratch = Scratch.borrow();
        try {
            return insert(allocator, zsl, score, member, offset, length, random, scratch);
        } finally {
            scratch.release();
        }
    }

    private static long insert(Allocator allocator, long zsl, double score, byte[] member, int offset, int length,
                               RandomGenerator random, Scratch scratch) {
        PagedMemory memory = allocator.memory();
        long[] update = scratch.update;
        long[] rank = scratch.rank;
        long head = head(memory, zsl);
        int levels = level(memory, zsl);
        long node = head;
        for (int level = levels - 1; level >= 0; level--) {
            rank[level] = level == levels - 1 ? 0 : rank[level + 1];
            for (long next = forward(memory, node, level); next != 0 && before(memory, next, score, member, offset, length);
                 next = forward(memory, node, level)) {
                rank[level] += span(memory, node, level);
                node = next;
            }
            update[level] = node;
        }
        long successor = forward(memory, node, 0);
        if (successor != 0 && equal(memory, successor, score, member, offset, length)) {
            throw new IllegalArgumentException("the skiplist already holds this member at score " + score);
        }
        int newLevel = randomLevel(random);
        if (newLevel > levels) {
            for (int level = levels; level < newLevel; level++) {
                rank[level] = 0;
                update[level] = head;
                setSpan(memory, head, level, length(memory, zsl));
            }
            memory.putByte(zsl + HEADER_LEVEL_OFFSET, (byte) newLevel);
        }
        long inserted = newNode(allocator, zsl, newLevel, score, member, offset, length);
        link(memory, zsl, inserted, newLevel, update, rank);
        return inserted;
    }

    /** Links a new node of {@code nodeLevels} levels after the {@code update} nodes, whose ranks are in {@code rank}. */
    private static void link(Memory memory, long zsl, long node, int nodeLevels, long[] update, long[] rank) {
        for (int level = 0; level < nodeLevels; level++) {
            long before = update[level];
            setForward(memory, node, level, forward(memory, before, level));
            setForward(memory, before, level, node);
            long stepsFromBefore = rank[0] - rank[level];
            setSpan(memory, node, level, span(memory, before, level) - stepsFromBefore);
            setSpan(memory, before, level, stepsFromBefore + 1);
        }
        for (int level = nodeLevels; level < level(memory, zsl); level++) {
            setSpan(memory, update[level], level, span(memory, update[level], level) + 1);
        }
        long previous = update[0] == head(memory, zsl) ? 0 : update[0];
        memory.putLong(node + NODE_BACKWARD_OFFSET, previous);
        long next = forward(memory, node, 0);
        if (next != 0) {
            memory.putLong(next + NODE_BACKWARD_OFFSET, node);
        } else {
            memory.putLong(zsl + HEADER_TAIL_OFFSET, node);
        }
        memory.putLong(zsl + HEADER_LENGTH_OFFSET, length(memory, zsl) + 1);
    }

    /** Removes the element (score, member) if present (Redis's zslDelete); returns whether it was. */
    public static boolean delete(Allocator allocator, long zsl, double score, byte[] member, int offset, int length) {
        PagedMemory memory = allocator.memory();
        Scratch scratch = Scratch.borrow();
        try {
            long node = findPredecessors(memory, zsl, score, member, offset, length, scratch.update);
            if (node == 0 || !equal(memory, node, score, member, offset, length)) {
                return false;
            }
            unlink(memory, zsl, node, scratch.update);
            freeNode(allocator, zsl, node);
            return true;
        } finally {
            scratch.release();
        }
    }

    /**
     * Changes the score of the element ({@code currentScore}, member) to {@code newScore} and returns its node (Redis's
     * zslUpdateScore): in place when the node stays strictly between its neighbours' scores, else it is removed and
     * inserted anew, at a new address and with a new random level.
     *
     * @throws NoSuchElementException when the element is not here at {@code currentScore}
     * @throws IllegalArgumentException for a NaN new score
     */
    public static long updateScore(Allocator allocator, long zsl, double currentScore, byte[] member, int offset, int length,
                                   double newScore, RandomGenerator random) {
        requireScore(newScore);
        PagedMemory memory = allocator.memory();
        Scratch scratch = Scratch.borrow();
        try {
            long node = findPredecessors(memory, zsl, currentScore, member, offset, length, scratch.update);
            if (node == 0 || !equal(memory, node, currentScore, member, offset, length)) {
                throw new NoSuchElementException("the skiplist has no such member at score " + currentScore);
            }
            long previous = backward(memory, node);
            long next = forward(memory, node, 0);
            if ((previous == 0 || score(memory, previous) < newScore) && (next == 0 || score(memory, next) > newScore)) {
                memory.putLong(node + NODE_SCORE_OFFSET, Double.doubleToRawLongBits(newScore));
                return node;
            }
            unlink(memory, zsl, node, scratch.update);
            freeNode(allocator, zsl, node);
            return insert(allocator, zsl, newScore, member, offset, length, random, scratch);
        } finally {
            scratch.release();
        }
    }

    /**
     * Fills {@code update[level]} with the last node at each level that orders before (score, member), and returns
     * the node after it at level 0: the element itself when present, else the first after it, or 0.
     */
    private static long findPredecessors(Memory memory, long zsl, double score, byte[] member, int offset, int length,
                                         long[] update) {
        long node = head(memory, zsl);
        for (int level = level(memory, zsl) - 1; level >= 0; level--) {
            for (long next = forward(memory, node, level); next != 0 && before(memory, next, score, member, offset, length);
                 next = forward(memory, node, level)) {
                node = next;
            }
            update[level] = node;
        }
        return forward(memory, node, 0);
    }

    /** Takes {@code node} out of every level it is in; {@code update} holds its predecessors (Redis's zslDeleteNode). */
    private static void unlink(Memory memory, long zsl, long node, long[] update) {
        int levels = level(memory, zsl);
        for (int level = 0; level < levels; level++) {
            long before = update[level];
            if (forward(memory, before, level) == node) {
                setSpan(memory, before, level, span(memory, before, level) + span(memory, node, level) - 1);
                setForward(memory, before, level, forward(memory, node, level));
            } else {
                setSpan(memory, before, level, span(memory, before, level) - 1);
            }
        }
        long next = forward(memory, node, 0);
        if (next != 0) {
            memory.putLong(next + NODE_BACKWARD_OFFSET, backward(memory, node));
        } else {
            memory.putLong(zsl + HEADER_TAIL_OFFSET, backward(memory, node));
        }
        long head = head(memory, zsl);
        while (levels > 1 && forward(memory, head, levels - 1) == 0) {
            levels--;
        }
        memory.putByte(zsl + HEADER_LEVEL_OFFSET, (byte) levels);
        memory.putLong(zsl + HEADER_LENGTH_OFFSET, length(memory, zsl) - 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Range deletes

    /**
     * Removes every element whose score is in {@code range} (Redis's zslDeleteRangeByScore); {@code beforeFree}
     * sees each node once it is unlinked and before its memory is freed, and must not change this skiplist.
     * Returns how many were removed.
     */
    public static long deleteRange(Allocator allocator, long zsl, ScoreRange range, LongConsumer beforeFree) {
        return deleteInRange(allocator, zsl, range, beforeFree);
    }

    /** Removes every element whose member is in {@code range}, as {@link #deleteRange(Allocator, long, ScoreRange, LongConsumer)}. */
    public static long deleteRange(Allocator allocator, long zsl, LexRange range, LongConsumer beforeFree) {
        return deleteInRange(allocator, zsl, range, beforeFree);
    }

    private static long deleteInRange(Allocator allocator, long zsl, ElementRange range, LongConsumer beforeFree) {
        PagedMemory memory = allocator.memory();
        Scratch scratch = Scratch.borrow();
        try {
            long[] update = scratch.update;
            long node = head(memory, zsl);
            for (int level = level(memory, zsl) - 1; level >= 0; level--) {
                for (long next = forward(memory, node, level); next != 0 && !satisfiesMin(memory, next, range);
                     next = forward(memory, node, level)) {
                    node = next;
                }
                update[level] = node;
            }
            long removed = 0;
            for (node = forward(memory, node, 0); node != 0 && satisfiesMax(memory, node, range); removed++) {
                node = remove(allocator, zsl, node, update, beforeFree);
            }
            return removed;
        } finally {
            scratch.release();
        }
    }

    /**
     * Removes the elements of ranks {@code start} to {@code end}, 1-based and inclusive (Redis's
     * zslDeleteRangeByRank); an {@code end} past the length stops at the last element. {@code beforeFree} is as for
     * {@link #deleteRange(Allocator, long, ScoreRange, LongConsumer)}. Returns how many were removed.
     *
     * @throws IllegalArgumentException when {@code start} is below 1
     */
    public static long deleteRangeByRank(Allocator allocator, long zsl, long start, long end, LongConsumer beforeFree) {
        if (start < 1) {
            throw new IllegalArgumentException("ranks start at 1, got " + start);
        }
        PagedMemory memory = allocator.memory();
        Scratch scratch = Scratch.borrow();
        try {
            long[] update = scratch.update;
            long traversed = 0;
            long node = head(memory, zsl);
            for (int level = level(memory, zsl) - 1; level >= 0; level--) {
                for (long next = forward(memory, node, level); next != 0 && traversed + span(memory, node, level) < start;
                     next = forward(memory, node, level)) {
                    traversed += span(memory, node, level);
                    node = next;
                }
                update[level] = node;
            }
            long removed = 0;
            for (node = forward(memory, node, 0), traversed++; node != 0 && traversed <= end; traversed++, removed++) {
                node = remove(allocator, zsl, node, update, beforeFree);
            }
            return removed;
        } finally {
            scratch.release();
        }
    }

    /** Unlinks {@code node}, shows it to {@code beforeFree}, frees it; returns the node that followed it. */
    private static long remove(Allocator allocator, long zsl, long node, long[] update, LongConsumer beforeFree) {
        Memory memory = allocator.memory();
        long next = forward(memory, node, 0);
        unlink(memory, zsl, node, update);
        beforeFree.accept(node);
        freeNode(allocator, zsl, node);
        return next;
    }

    /** Frees the skiplist: every node, the head node and the header. */
    public static void free(Allocator allocator, long zsl) {
        Memory memory = allocator.memory();
        long head = head(memory, zsl);
        long node = forward(memory, head, 0);
        while (node != 0) {
            long next = forward(memory, node, 0);
            allocator.free(node);
            node = next;
        }
        allocator.free(head);
        allocator.free(zsl);
    }

    // ---------------------------------------------------------------------------------------------
    // Reads: the header and single nodes

    public static long length(Memory memory, long zsl) {
        return memory.getLong(zsl + HEADER_LENGTH_OFFSET);
    }

    /** Usable bytes of the header, the head node and every node, as the allocator counts them (MEMORY USAGE). */
    public static long totalBytes(Memory memory, long zsl) {
        return memory.getLong(zsl + HEADER_BYTES_OFFSET);
    }

    /** The lowest element's node, or 0 when empty. */
    public static long first(Memory memory, long zsl) {
        return forward(memory, head(memory, zsl), 0);
    }

    /** The highest element's node, or 0 when empty. */
    public static long last(Memory memory, long zsl) {
        return memory.getLong(zsl + HEADER_TAIL_OFFSET);
    }

    /** The node after {@code node}, or 0 after the last. */
    public static long next(Memory memory, long node) {
        return forward(memory, node, 0);
    }

    /** The node before {@code node}, or 0 before the first. */
    public static long previous(Memory memory, long node) {
        return backward(memory, node);
    }

    public static double score(Memory memory, long node) {
        return Double.longBitsToDouble(memory.getLong(node + NODE_SCORE_OFFSET));
    }

    public static int memberLength(Memory memory, long node) {
        return readVarint(memory, node + memberLengthOffset(levelCount(memory, node)));
    }

    /** The address of the member's first byte; its length is {@link #memberLength}. */
    public static long memberAddress(Memory memory, long node) {
        long lengthAt = node + memberLengthOffset(levelCount(memory, node));
        return lengthAt + varintSize(readVarint(memory, lengthAt));
    }

    /** A copy of the member's bytes. */
    public static byte[] memberBytes(Memory memory, long node) {
        byte[] member = new byte[memberLength(memory, node)];
        memory.getBytes(memberAddress(memory, node), member, 0, member.length);
        return member;
    }

    // ---------------------------------------------------------------------------------------------
    // Reads: ranks

    /** The 1-based rank of the element (score, member), or 0 when it is not here (Redis's zslGetRank). */
    public static long rank(Memory memory, long zsl, double score, byte[] member, int offset, int length) {
        long head = head(memory, zsl);
        long node = head;
        long rank = 0;
        for (int level = level(memory, zsl) - 1; level >= 0; level--) {
            for (long next = forward(memory, node, level); next != 0 && atOrBefore(memory, next, score, member, offset, length);
                 next = forward(memory, node, level)) {
                rank += span(memory, node, level);
                node = next;
            }
            if (node != head && equal(memory, node, score, member, offset, length)) {
                return rank;
            }
        }
        return 0;
    }

    /** The node of 1-based {@code rank}, or 0 when the rank is below 1 or past the length (Redis's zslGetElementByRank). */
    public static long byRank(Memory memory, long zsl, long rank) {
        if (rank < 1) {
            return 0;
        }
        long node = head(memory, zsl);
        long traversed = 0;
        for (int level = level(memory, zsl) - 1; level >= 0; level--) {
            for (long next = forward(memory, node, level); next != 0 && traversed + span(memory, node, level) <= rank;
                 next = forward(memory, node, level)) {
                traversed += span(memory, node, level);
                node = next;
            }
            if (traversed == rank) {
                return node;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------------------------------------
    // Reads: ranges

    /** The lowest node whose score is in {@code range}, or 0 (Redis's zslNthInRange with n = 0). */
    public static long firstInRange(Memory memory, long zsl, ScoreRange range) {
        return firstIn(memory, zsl, range);
    }

    /** The highest node whose score is in {@code range}, or 0. */
    public static long lastInRange(Memory memory, long zsl, ScoreRange range) {
        return lastIn(memory, zsl, range);
    }

    /** The lowest node whose member is in {@code range}, or 0; all scores are assumed equal, as ZRANGEBYLEX does. */
    public static long firstInRange(Memory memory, long zsl, LexRange range) {
        return firstIn(memory, zsl, range);
    }

    /** The highest node whose member is in {@code range}, or 0; all scores are assumed equal. */
    public static long lastInRange(Memory memory, long zsl, LexRange range) {
        return lastIn(memory, zsl, range);
    }

    private static long firstIn(Memory memory, long zsl, ElementRange range) {
        if (!mayOverlap(memory, zsl, range)) {
            return 0;
        }
        long node = head(memory, zsl);
        for (int level = level(memory, zsl) - 1; level >= 0; level--) {
            for (long next = forward(memory, node, level); next != 0 && !satisfiesMin(memory, next, range);
                 next = forward(memory, node, level)) {
                node = next;
            }
        }
        node = forward(memory, node, 0);
        return node != 0 && satisfiesMax(memory, node, range) ? node : 0;
    }

    private static long lastIn(Memory memory, long zsl, ElementRange range) {
        if (!mayOverlap(memory, zsl, range)) {
            return 0;
        }
        long head = head(memory, zsl);
        long node = head;
        for (int level = level(memory, zsl) - 1; level >= 0; level--) {
            for (long next = forward(memory, node, level); next != 0 && satisfiesMax(memory, next, range);
                 next = forward(memory, node, level)) {
                node = next;
            }
        }
        return node != head && satisfiesMin(memory, node, range) ? node : 0;
    }

    /** False when the range is empty or lies wholly before the first or after the last element (Redis's zslIsInRange). */
    private static boolean mayOverlap(Memory memory, long zsl, ElementRange range) {
        if (range.isEmpty()) {
            return false;
        }
        long tail = last(memory, zsl);
        if (tail == 0 || !satisfiesMin(memory, tail, range)) {
            return false;
        }
        return satisfiesMax(memory, first(memory, zsl), range);
    }

    private static boolean satisfiesMin(Memory memory, long node, ElementRange range) {
        return switch (range) {
            case ScoreRange scores -> scores.satisfiesMin(score(memory, node));
            case LexRange members -> members.satisfiesMin(memory, memberAddress(memory, node), memberLength(memory, node));
        };
    }

    private static boolean satisfiesMax(Memory memory, long node, ElementRange range) {
        return switch (range) {
            case ScoreRange scores -> scores.satisfiesMax(score(memory, node));
            case LexRange members -> members.satisfiesMax(memory, memberAddress(memory, node), memberLength(memory, node));
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Order

    /** Whether {@code node} orders before (score, member): a lower score, or the same and a smaller member. */
    private static boolean before(Memory memory, long node, double score, byte[] member, int offset, int length) {
        double nodeScore = score(memory, node);
        return nodeScore < score || (nodeScore == score && compareMember(memory, node, member, offset, length) < 0);
    }

    /** Whether {@code node} orders before or is (score, member). */
    private static boolean atOrBefore(Memory memory, long node, double score, byte[] member, int offset, int length) {
        double nodeScore = score(memory, node);
        return nodeScore < score || (nodeScore == score && compareMember(memory, node, member, offset, length) <= 0);
    }

    private static boolean equal(Memory memory, long node, double score, byte[] member, int offset, int length) {
        return score(memory, node) == score
                && UnsignedBytes.equal(memory, memberAddress(memory, node), memberLength(memory, node), member, offset, length);
    }

    private static int compareMember(Memory memory, long node, byte[] member, int offset, int length) {
        return UnsignedBytes.compare(memory, memberAddress(memory, node), memberLength(memory, node), member, offset, length);
    }

    private static void requireScore(double score) {
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException("a sorted set score is never NaN");
        }
    }

    /** 1 + the number of zero bit pairs at the low end of one random long: P(level &gt; k) = 4^-k, at most 32. */
    static int randomLevel(RandomGenerator random) {
        return 1 + Math.min(MAX_LEVEL - 1, Long.numberOfTrailingZeros(random.nextLong()) / 2);
    }

    // ---------------------------------------------------------------------------------------------
    // Fields (package-private ones are for tests that check the links and spans)

    static long head(Memory memory, long zsl) {
        return memory.getLong(zsl + HEADER_HEAD_OFFSET);
    }

    static int level(Memory memory, long zsl) {
        return memory.getByte(zsl + HEADER_LEVEL_OFFSET);
    }

    static int levelCount(Memory memory, long node) {
        return memory.getByte(node + NODE_LEVEL_COUNT_OFFSET);
    }

    static long forward(Memory memory, long node, int level) {
        return memory.getLong(node + forwardOffset(level));
    }

    static long span(Memory memory, long node, int level) {
        return memory.getLong(node + spanOffset(level));
    }

    private static long backward(Memory memory, long node) {
        return memory.getLong(node + NODE_BACKWARD_OFFSET);
    }

    private static void setForward(Memory memory, long node, int level, long next) {
        memory.putLong(node + forwardOffset(level), next);
    }

    private static void setSpan(Memory memory, long node, int level, long span) {
        memory.putLong(node + spanOffset(level), span);
    }

    /** Allocates and fills a node's score, level count and member; links are set by {@link #link}. */
    private static long newNode(Allocator allocator, long zsl, int levels, double score, byte[] member, int offset, int length) {
        PagedMemory memory = allocator.memory();
        long node = allocator.allocate(nodeSize(levels, length));
        memory.putLong(node + NODE_SCORE_OFFSET, Double.doubleToRawLongBits(score));
        memory.putByte(node + NODE_LEVEL_COUNT_OFFSET, (byte) levels);
        long lengthAt = node + memberLengthOffset(levels);
        memory.putBytes(lengthAt + writeVarint(memory, lengthAt, length), member, offset, length);
        addBytes(memory, zsl, allocator.usableSize(node));
        return node;
    }

    private static void freeNode(Allocator allocator, long zsl, long node) {
        addBytes(allocator.memory(), zsl, -allocator.usableSize(node));
        allocator.free(node);
    }

    private static void addBytes(Memory memory, long zsl, long bytes) {
        memory.putLong(zsl + HEADER_BYTES_OFFSET, totalBytes(memory, zsl) + bytes);
    }

    /**
     * The search path of one write: {@code update[level]} is the last node before the target at each level and
     * {@code rank[level]} its rank. One per thread; a write reached from inside another (a {@code beforeFree} that
     * writes to a skiplist) gets a fresh one.
     */
    private static final class Scratch {

        private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

        final long[] update = new long[MAX_LEVEL];
        final long[] rank = new long[MAX_LEVEL];
        private boolean inUse;

        static Scratch borrow() {
            Scratch scratch = PER_THREAD.get();
            if (scratch.inUse) {
                scratch = new Scratch();
            }
            scratch.inUse = true;
            return scratch;
        }

        void release() {
            inUse = false;
        }
    }
}
