package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.util.Arrays;

/**
 * An interval of members in unsigned byte order with an open or closed end on each side, or an infinite end, as
 * ZRANGEBYLEX, ZLEXCOUNT and ZREMRANGEBYLEX take it (Redis's zlexrangespec); meaningful on a sorted set whose
 * scores are all equal.
 */
public final class LexRange implements ElementRange {

    /** What one end of the range is: "-" (below every member), "[member", "(member", or "+" (above every member). */
    public enum Bound {
        NEGATIVE_INFINITY, INCLUSIVE, EXCLUSIVE, POSITIVE_INFINITY;

        boolean isInfinite() {
            return this == NEGATIVE_INFINITY || this == POSITIVE_INFINITY;
        }
    }

    private static final byte[] NONE = new byte[0];

    private final Bound minBound;
    private final byte[] min;
    private final Bound maxBound;
    private final byte[] max;

    /**
     * A range from its two ends; {@code min} and {@code max} are the members of finite ends and are copied, and are
     * ignored (may be null) for infinite ones.
     */
    public LexRange(Bound minBound, byte[] min, Bound maxBound, byte[] max) {
        this.minBound = minBound;
        this.min = minBound.isInfinite() ? NONE : min.clone();
        this.maxBound = maxBound;
        this.max = maxBound.isInfinite() ? NONE : max.clone();
    }

    /** Every member: ["-", "+"]. */
    public static LexRange all() {
        return new LexRange(Bound.NEGATIVE_INFINITY, null, Bound.POSITIVE_INFINITY, null);
    }

    /** Parses two command arguments, as {@link #parse(byte[], int, int, byte[], int, int)}. */
    public static LexRange parse(byte[] min, byte[] max) {
        return parse(min, 0, min.length, max, 0, max.length);
    }

    /**
     * Parses ZRANGEBYLEX's min and max as Redis 7.0's zslParseLexRange does: "-" and "+" are the infinities, "[m"
     * includes member m and "(m" excludes it (m may be empty or hold any bytes). As in Redis, which reads the sign as
     * a C string, "-" or "+" followed by a NUL byte is still an infinity.
     *
     * @throws InvalidRangeException with {@link InvalidRangeException#NOT_A_STRING_RANGE_ITEM} for anything else
     */
    public static LexRange parse(byte[] min, int minOffset, int minLength, byte[] max, int maxOffset, int maxLength) {
        Bound minBound = parseBound(min, minOffset, minLength);
        Bound maxBound = parseBound(max, maxOffset, maxLength);
        return new LexRange(minBound, memberOf(minBound, min, minOffset, minLength),
                maxBound, memberOf(maxBound, max, maxOffset, maxLength));
    }

    private static byte[] memberOf(Bound bound, byte[] item, int offset, int length) {
        return bound.isInfinite() ? null : Arrays.copyOfRange(item, offset + 1, offset + length);
    }

    private static Bound parseBound(byte[] item, int offset, int length) {
        if (length > 0) {
            boolean signAlone = length == 1 || item[offset + 1] == 0;
            switch (item[offset]) {
                case '-' -> {
                    if (signAlone) {
                        return Bound.NEGATIVE_INFINITY;
                    }
                }
                case '+' -> {
                    if (signAlone) {
                        return Bound.POSITIVE_INFINITY;
                    }
                }
                case '[' -> {
                    return Bound.INCLUSIVE;
                }
                case '(' -> {
                    return Bound.EXCLUSIVE;
                }
                default -> {
                }
            }
        }
        throw new InvalidRangeException(InvalidRangeException.NOT_A_STRING_RANGE_ITEM);
    }

    public Bound minBound() {
        return minBound;
    }

    /** The lower end's member (a copy); empty for an infinite end. */
    public byte[] min() {
        return min.clone();
    }

    public Bound maxBound() {
        return maxBound;
    }

    /** The upper end's member (a copy); empty for an infinite end. */
    public byte[] max() {
        return max.clone();
    }

    /** Whether {@code member[offset, offset + length)} is at or past the lower end (Redis's zslLexValueGteMin). */
    public boolean satisfiesMin(byte[] member, int offset, int length) {
        return insideMin(minBound.isInfinite() ? 0 : Arrays.compareUnsigned(member, offset, offset + length, min, 0, min.length));
    }

    /** Whether {@code member[offset, offset + length)} is at or before the upper end (Redis's zslLexValueLteMax). */
    public boolean satisfiesMax(byte[] member, int offset, int length) {
        return insideMax(maxBound.isInfinite() ? 0 : Arrays.compareUnsigned(member, offset, offset + length, max, 0, max.length));
    }

    /** {@link #satisfiesMin(byte[], int, int)} for the {@code length} bytes at {@code address}. */
    public boolean satisfiesMin(Memory memory, long address, int length) {
        return insideMin(minBound.isInfinite() ? 0 : UnsignedBytes.compare(memory, address, length, min, 0, min.length));
    }

    /** {@link #satisfiesMax(byte[], int, int)} for the {@code length} bytes at {@code address}. */
    public boolean satisfiesMax(Memory memory, long address, int length) {
        return insideMax(maxBound.isInfinite() ? 0 : UnsignedBytes.compare(memory, address, length, max, 0, max.length));
    }

    /** Whether a member that compares as {@code order} against the lower end's member is on the inside of that end. */
    private boolean insideMin(int order) {
        return switch (minBound) {
            case NEGATIVE_INFINITY -> true;
            case POSITIVE_INFINITY -> false;
            case INCLUSIVE -> order >= 0;
            case EXCLUSIVE -> order > 0;
        };
    }

    /** Whether a member that compares as {@code order} against the upper end's member is on the inside of that end. */
    private boolean insideMax(int order) {
        return switch (maxBound) {
            case NEGATIVE_INFINITY -> false;
            case POSITIVE_INFINITY -> true;
            case INCLUSIVE -> order <= 0;
            case EXCLUSIVE -> order < 0;
        };
    }

    public boolean contains(byte[] member) {
        return contains(member, 0, member.length);
    }

    public boolean contains(byte[] member, int offset, int length) {
        return satisfiesMin(member, offset, length) && satisfiesMax(member, offset, length);
    }

    public boolean contains(Memory memory, long address, int length) {
        return satisfiesMin(memory, address, length) && satisfiesMax(memory, address, length);
    }

    /** True when min is past max, or they are equal and either is open (an infinity counts as open, as in Redis). */
    @Override
    public boolean isEmpty() {
        int order = compareEnds();
        boolean eitherOpen = minBound != Bound.INCLUSIVE || maxBound != Bound.INCLUSIVE;
        return order > 0 || (order == 0 && eitherOpen);
    }

    /** Redis's sdscmplex of the two ends: "-" below every member, "+" above, each equal to itself. */
    private int compareEnds() {
        int minRank = infinityRank(minBound);
        int maxRank = infinityRank(maxBound);
        if (minRank != 0 || maxRank != 0) {
            return Integer.compare(minRank, maxRank);
        }
        return Arrays.compareUnsigned(min, max);
    }

    private static int infinityRank(Bound bound) {
        return switch (bound) {
            case NEGATIVE_INFINITY -> -1;
            case POSITIVE_INFINITY -> 1;
            case INCLUSIVE, EXCLUSIVE -> 0;
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LexRange range && minBound == range.minBound && maxBound == range.maxBound
                && Arrays.equals(min, range.min) && Arrays.equals(max, range.max);
    }

    @Override
    public int hashCode() {
        return ((minBound.ordinal() * 31 + Arrays.hashCode(min)) * 31 + maxBound.ordinal()) * 31 + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return "LexRange[" + describe(minBound, min) + ", " + describe(maxBound, max) + "]";
    }

    private static String describe(Bound bound, byte[] member) {
        return switch (bound) {
            case NEGATIVE_INFINITY -> "-";
            case POSITIVE_INFINITY -> "+";
            case INCLUSIVE -> "[" + Arrays.toString(member);
            case EXCLUSIVE -> "(" + Arrays.toString(member);
        };
    }
}
