package io.forkline.engine.types;

import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.LexRange;
import io.forkline.engine.struct.ScoreRange;
import io.forkline.engine.struct.Skiplist;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.function.LongConsumer;

/**
 * A range of a sorted set's elements, by score (ZRANGEBYSCORE, ZCOUNT, ZREMRANGEBYSCORE) or by member (ZRANGEBYLEX,
 * ZLEXCOUNT, ZREMRANGEBYLEX), tested on the element under a {@link SortedSetCursor} in either encoding. Holds a
 * scratch buffer for integer members, so one instance serves one command on one thread.
 */
final class SortedSetRange {

    private final ScoreRange scores;
    private final LexRange members;
    private final byte[] digits = new byte[IntegerText.MAX_LENGTH];

    private SortedSetRange(ScoreRange scores, LexRange members) {
        this.scores = scores;
        this.members = members;
    }

    static SortedSetRange of(ScoreRange scores) {
        return new SortedSetRange(scores, null);
    }

    static SortedSetRange of(LexRange members) {
        return new SortedSetRange(null, members);
    }

    /** True when no element can be in the range, whatever the set holds. */
    boolean isEmpty() {
        return scores != null ? scores.isEmpty() : members.isEmpty();
    }

    /** Whether the cursor's element is at or past the lower end. */
    boolean satisfiesMin(SortedSetCursor cursor) {
        if (scores != null) {
            return scores.satisfiesMin(cursor.score());
        }
        Element member = cursor.member();
        return member.isInteger()
                ? members.satisfiesMin(digits, 0, IntegerText.formatLong(member.integer(), digits, 0))
                : members.satisfiesMin(cursor.memory(), member.address(), member.length());
    }

    /** Whether the cursor's element is at or before the upper end. */
    boolean satisfiesMax(SortedSetCursor cursor) {
        if (scores != null) {
            return scores.satisfiesMax(cursor.score());
        }
        Element member = cursor.member();
        return member.isInteger()
                ? members.satisfiesMax(digits, 0, IntegerText.formatLong(member.integer(), digits, 0))
                : members.satisfiesMax(cursor.memory(), member.address(), member.length());
    }

    /** The skiplist's lowest node in the range, or 0. */
    long firstNode(Memory memory, long skiplist) {
        return scores != null ? Skiplist.firstInRange(memory, skiplist, scores) : Skiplist.firstInRange(memory, skiplist, members);
    }

    /** Removes the skiplist's nodes in the range, showing each to {@code beforeFree}; returns how many went. */
    long deleteFromSkiplist(Allocator allocator, long skiplist, LongConsumer beforeFree) {
        return scores != null ? Skiplist.deleteRange(allocator, skiplist, scores, beforeFree)
                : Skiplist.deleteRange(allocator, skiplist, members, beforeFree);
    }

    /** The skiplist's highest node in the range, or 0. */
    long lastNode(Memory memory, long skiplist) {
        return scores != null ? Skiplist.lastInRange(memory, skiplist, scores) : Skiplist.lastInRange(memory, skiplist, members);
    }
}
