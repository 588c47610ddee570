package io.forkline.engine.struct;

/**
 * The byte layout of an intset, exactly as Redis writes it ({@code src/intset.h}): a sorted array of
 * distinct integers, all of one width.
 *
 * <pre>
 *   offset 0            4            8                                    8 + length * encoding
 *         +------------+------------+---------+---------+-- ... --+-----+
 *         | encoding   | length     | value 0 | value 1 |         | ... |
 *         | u32 LE     | u32 LE     |         |         |         |     |
 *         +------------+------------+---------+---------+-- ... --+-----+
 *   encoding: the width of every value in bytes, 2 (int16), 4 (int32) or 8 (int64)
 *   length:   the number of values
 *   values:   signed little-endian, strictly ascending (no duplicates)
 * </pre>
 *
 * The width grows when a value needs it (to the smallest that holds the value) and never shrinks.
 * A blob in an RDB file must hold at least one value.
 */
public final class IntsetDescriptor {

    public static final int ENCODING_OFFSET = 0;
    public static final int LENGTH_OFFSET = 4;
    public static final int HEADER_SIZE = 8;

    public static final int ENCODING_INT16 = 2;
    public static final int ENCODING_INT32 = 4;
    public static final int ENCODING_INT64 = 8;

    private IntsetDescriptor() {
    }

    /** The smallest encoding that holds {@code value}. */
    public static int encodingFor(long value) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            return ENCODING_INT64;
        } else if (value < Short.MIN_VALUE || value > Short.MAX_VALUE) {
            return ENCODING_INT32;
        }
        return ENCODING_INT16;
    }

    public static boolean isEncoding(long encoding) {
        return encoding == ENCODING_INT16 || encoding == ENCODING_INT32 || encoding == ENCODING_INT64;
    }
}
