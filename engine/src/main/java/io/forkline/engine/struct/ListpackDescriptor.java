package io.forkline.engine.struct;

/**
 * The byte layout of a listpack, exactly as Redis 7 writes it ({@code src/listpack.c}): offsets,
 * encoding bytes, and the size rules every reader and writer must agree on.
 *
 * <pre>
 *   offset 0          4          6                                              total - 1
 *         +----------+----------+---------+---------+-- ... --+-------------+------+
 *         | total    | count    | entry 0 | entry 1 |         | entry n - 1 | 0xFF |
 *         | u32 LE   | u16 LE   |         |         |         |             |      |
 *         +----------+----------+---------+---------+-- ... --+-------------+------+
 *   total: bytes of the whole listpack, header and terminator included
 *   count: number of entries; 65535 means "unknown, count by walking"
 *
 *   entry = | encoding [+ length] [+ data] |  backlen  |
 *           |<------------ L bytes ------->|<- 1..5 ->|
 *
 *   first byte(s)                 kind                                    L
 *   0xxxxxxx                      unsigned int 0..127 in the low 7 bits   1
 *   10llllll                      string, length 0..63                    1 + length
 *   110vvvvv vvvvvvvv             13-bit two's complement int             2
 *   1110llll llllllll             string, length 64..4095 (high nibble    2 + length
 *                                 in the first byte)
 *   11110000 + u32 LE length      string, length 4096 and more            5 + length
 *   11110001 + 2 bytes LE         int16                                   3
 *   11110010 + 3 bytes LE         int24                                   4
 *   11110011 + 4 bytes LE         int32                                   5
 *   11110100 + 8 bytes LE         int64                                   9
 *   11110101 .. 11111110          invalid
 *   11111111                      the terminator
 *
 *   backlen encodes L so that it can be read from its last byte leftwards, 7 bits a byte, every
 *   byte but the leftmost with bit 7 set. Left to right, as stored:
 *   L <= 127                 [L]
 *   L <  16383               [L >> 7] [L & 127 | 128]
 *   L <  2097151             [L >> 14] [L >> 7 & 127 | 128] [L & 127 | 128]
 *   L <  268435455           [L >> 21] [L >> 14 & 127 | 128] [L >> 7 & 127 | 128] [L & 127 | 128]
 *   otherwise                [L >> 28] [L >> 21 & 127 | 128] ... [L & 127 | 128]   (5 bytes)
 * </pre>
 *
 * The odd thresholds (16383, not 16384) are Redis's and load-bearing: a forward walk recomputes the
 * backlen's size from L with them, and validation requires the stored backlen to decode to L.
 * A value is written as an integer, in the smallest integer encoding, when it is a canonical integer
 * ({@link IntegerText}); otherwise as a string in the smallest string encoding.
 */
public final class ListpackDescriptor {

    public static final int TOTAL_BYTES_OFFSET = 0;
    public static final int COUNT_OFFSET = 4;
    public static final int HEADER_SIZE = 6;
    /** An empty listpack: header and terminator. */
    public static final int EMPTY_SIZE = HEADER_SIZE + 1;
    public static final int COUNT_UNKNOWN = 0xFFFF;
    public static final int TERMINATOR = 0xFF;

    /** Redis's {@code LISTPACK_MAX_SAFETY_SIZE}: no write lets a listpack grow past 1 GiB. */
    public static final long MAX_TOTAL_BYTES = 1L << 30;

    public static final int STRING_6BIT = 0x80;
    public static final int INT_13BIT = 0xC0;
    public static final int STRING_12BIT = 0xE0;
    public static final int STRING_32BIT = 0xF0;
    public static final int INT_16BIT = 0xF1;
    public static final int INT_24BIT = 0xF2;
    public static final int INT_32BIT = 0xF3;
    public static final int INT_64BIT = 0xF4;

    public static final int MAX_6BIT_STRING = 63;
    public static final int MAX_12BIT_STRING = 4095;

    private ListpackDescriptor() {
    }

    /** The bytes of the backlen that encodes an entry length {@code entryLength} (encoding + data). */
    public static int backlenSize(long entryLength) {
        if (entryLength <= 127) {
            return 1;
        } else if (entryLength < 16383) {
            return 2;
        } else if (entryLength < 2097151) {
            return 3;
        } else if (entryLength < 268435455) {
            return 4;
        }
        return 5;
    }

    /** The encoding + data bytes of {@code value} in its smallest integer encoding. */
    public static int integerEncodedSize(long value) {
        if (value >= 0 && value <= 127) {
            return 1;
        } else if (value >= -4096 && value <= 4095) {
            return 2;
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            return 3;
        } else if (value >= -(1 << 23) && value < (1 << 23)) {
            return 4;
        } else if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return 5;
        }
        return 9;
    }

    /** The encoding bytes before a string's data: 1, 2 or 5. */
    public static int stringHeaderSize(long length) {
        return length <= MAX_6BIT_STRING ? 1 : length <= MAX_12BIT_STRING ? 2 : 5;
    }

    /**
     * The bytes of an entry's encoding, its string length included, known from its first byte: 1, 2
     * or 5; 1 for the terminator; 0 for an invalid byte (Redis's {@code lpCurrentEncodedSizeBytes}).
     */
    public static int encodingSize(int firstByte) {
        if (firstByte < STRING_12BIT || (firstByte >= INT_16BIT && firstByte <= INT_64BIT) || firstByte == TERMINATOR) {
            return 1;
        } else if (firstByte < STRING_32BIT) {
            return 2;
        } else if (firstByte == STRING_32BIT) {
            return 5;
        }
        return 0;
    }

    /** Whether {@code firstByte} starts an integer entry. */
    public static boolean isInteger(int firstByte) {
        return firstByte < STRING_6BIT || (firstByte >= INT_13BIT && firstByte < STRING_12BIT)
                || (firstByte >= INT_16BIT && firstByte <= INT_64BIT);
    }

    /** Whether {@code firstByte} starts an entry (neither the terminator nor an invalid byte). */
    public static boolean isEntry(int firstByte) {
        return firstByte != TERMINATOR && encodingSize(firstByte) != 0;
    }
}
