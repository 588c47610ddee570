package io.forkline.engine.struct;

/** A range of sorted-set elements that the skiplist can seek: by score, or by member when all scores are equal. */
sealed interface ElementRange permits ScoreRange, LexRange {

    /** True when no element can lie in the range, whatever the set holds. */
    boolean isEmpty();
}
