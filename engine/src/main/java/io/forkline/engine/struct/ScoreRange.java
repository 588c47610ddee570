package io.forkline.engine.struct;

/**
 * An interval of scores with an open or closed end on each side, as ZRANGEBYSCORE, ZCOUNT and ZREMRANGEBYSCORE take
 * it (Redis's zrangespec); scores compare as doubles do, so -0 and 0 are the same score.
 *
 * @param min          the lower end, possibly -inf or +inf, never NaN
 * @param minExclusive whether a score equal to {@code min} is outside
 * @param max          the upper end, possibly -inf or +inf, never NaN
 * @param maxExclusive whether a score equal to {@code max} is outside
 */
public record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) implements ElementRange {

    public ScoreRange {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("a score range has no NaN end: [" + min + ", " + max + "]");
        }
    }

    /** Every score: [-inf, +inf]. */
    public static ScoreRange all() {
        return new ScoreRange(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);
    }

    /** Parses two command arguments, as {@link #parse(byte[], int, int, byte[], int, int)}. */
    public static ScoreRange parse(byte[] min, byte[] max) {
        return parse(min, 0, min.length, max, 0, max.length);
    }

    /**
     * Parses ZRANGEBYSCORE's min and max as Redis 7.0's zslParseRange does: an optional "(" for an open end, then
     * what C's strtod reads in the whole argument up to its first NUL byte. So "1.5", "(1.5", "-inf", "+inf", "inf",
     * "0x10" and "1e400" (+inf) are bounds; "nan", "1.5x" and " 1 " are not; and, as in Redis, "" and "(" mean 0.
     *
     * @throws InvalidRangeException with {@link InvalidRangeException#NOT_A_FLOAT} when either end does not parse
     */
    public static ScoreRange parse(byte[] min, int minOffset, int minLength, byte[] max, int maxOffset, int maxLength) {
        boolean minExclusive = minLength > 0 && min[minOffset] == '(';
        boolean maxExclusive = maxLength > 0 && max[maxOffset] == '(';
        int minSkip = minExclusive ? 1 : 0;
        int maxSkip = maxExclusive ? 1 : 0;
        try {
            double low = DoubleText.parseRangeItem(min, minOffset + minSkip, minLength - minSkip);
            double high = DoubleText.parseRangeItem(max, maxOffset + maxSkip, maxLength - maxSkip);
            return new ScoreRange(low, minExclusive, high, maxExclusive);
        } catch (NumberFormatException notANumber) {
            throw new InvalidRangeException(InvalidRangeException.NOT_A_FLOAT);
        }
    }

    /** Whether {@code score} is at or past the lower end (Redis's zslValueGteMin). */
    public boolean satisfiesMin(double score) {
        return minExclusive ? score > min : score >= min;
    }

    /** Whether {@code score} is at or before the upper end (Redis's zslValueLteMax). */
    public boolean satisfiesMax(double score) {
        return maxExclusive ? score < max : score <= max;
    }

    public boolean contains(double score) {
        return satisfiesMin(score) && satisfiesMax(score);
    }

    /** True when min &gt; max, or min == max with an open end. */
    @Override
    public boolean isEmpty() {
        return min > max || (min == max && (minExclusive || maxExclusive));
    }
}
