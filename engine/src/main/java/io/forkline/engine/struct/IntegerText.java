package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.util.Objects;

/**
 * Decimal text of 64-bit integers with Redis's rules ({@code string2ll} and {@code ll2string}): a
 * string is a <em>canonical</em> integer when formatting its value gives back exactly the same bytes.
 * That is: an optional {@code '-'}, then {@code "0"} alone or a digit 1-9 followed by digits, in the
 * range of a long, at most 20 bytes; no {@code '+'}, no spaces, no leading zeros, and {@code "-0"} is
 * not canonical. Only canonical strings may be stored as integers without changing what a client
 * reads back, which is why listpacks, intsets and INCR all use this one test.
 *
 * <p>Static, allocation-free except for {@link #formatLong(long)}; reads through a {@link Memory}
 * never write.
 */
public final class IntegerText {

    /** The longest canonical integer: {@code "-9223372036854775808"}. */
    public static final int MAX_LENGTH = 20;

    private IntegerText() {
    }

    /** Whether {@code bytes[offset, offset + length)} is a canonical integer. */
    public static boolean isCanonicalLong(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length <= 0 || length > MAX_LENGTH) {
            return false;
        }
        int first = bytes[offset];
        if ((first < '0' || first > '9') && first != '-') {
            return false;   // most members and values are not numbers: this is where they leave
        }
        return check(bytes, null, offset, length);
    }

    /** Whether the {@code length} bytes at {@code address} are a canonical integer. */
    public static boolean isCanonicalLong(Memory memory, long address, int length) {
        return check(null, memory, address, length);
    }

    /**
     * The value of a canonical integer.
     *
     * @throws NumberFormatException if the bytes are not a canonical integer
     */
    public static long parseCanonicalLong(byte[] bytes, int offset, int length) {
        if (!isCanonicalLong(bytes, offset, length)) {
            throw notCanonical(length);
        }
        return valueOf(bytes, null, offset, length);
    }

    /**
     * The value of the canonical integer at {@code address}.
     *
     * @throws NumberFormatException if the bytes are not a canonical integer
     */
    public static long parseCanonicalLong(Memory memory, long address, int length) {
        if (!check(null, memory, address, length)) {
            throw notCanonical(length);
        }
        return valueOf(null, memory, address, length);
    }

    /** The number of bytes {@code value} takes in decimal, its sign included. */
    public static int decimalLength(long value) {
        int sign = value < 0 ? 1 : 0;
        long rest = value < 0 ? value : -value;   // negative, so that Long.MIN_VALUE fits
        long bound = -10;
        for (int digits = 1; digits < 19; digits++) {   // compares, not divisions
            if (rest > bound) {
                return digits + sign;
            }
            bound *= 10;
        }
        return 19 + sign;
    }

    /** "00" to "99": two digits per table read when formatting. */
    private static final byte[] DIGIT_PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGIT_PAIRS[2 * i] = (byte) ('0' + i / 10);
            DIGIT_PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /**
     * Writes {@code value} in decimal at {@code destination[offset]}.
     *
     * @return the number of bytes written, {@link #decimalLength(long)}
     */
    public static int formatLong(long value, byte[] destination, int offset) {
        int length = decimalLength(value);
        Objects.checkFromIndexSize(offset, length, destination.length);
        long rest = value < 0 ? value : -value;   // negative, so that Long.MIN_VALUE fits
        int at = offset + length;
        while (rest <= -100) {
            long quotient = rest / 100;
            int pair = (int) (quotient * 100 - rest);
            destination[--at] = DIGIT_PAIRS[2 * pair + 1];
            destination[--at] = DIGIT_PAIRS[2 * pair];
            rest = quotient;
        }
        int last = (int) -rest;   // 0..99
        destination[--at] = DIGIT_PAIRS[2 * last + 1];
        if (last >= 10) {
            destination[--at] = DIGIT_PAIRS[2 * last];
        }
        if (value < 0) {
            destination[offset] = '-';
        }
        return length;
    }

    /** {@code value} in decimal, as a new array. */
    public static byte[] formatLong(long value) {
        byte[] text = new byte[decimalLength(value)];
        formatLong(value, text, 0);
        return text;
    }

    // ---------------------------------------------------------------------------------------------
    // One algorithm over either source: a heap array (memory == null) or paged memory (bytes == null).

    private static int byteAt(byte[] bytes, Memory memory, long start, int index) {
        return bytes != null ? bytes[(int) start + index] : memory.getByte(start + index);
    }

    private static boolean check(byte[] bytes, Memory memory, long start, int length) {
        if (length <= 0 || length > MAX_LENGTH) {
            return false;
        }
        int first = byteAt(bytes, memory, start, 0);
        if (length == 1) {
            return first >= '0' && first <= '9';
        }
        int index = first == '-' ? 1 : 0;
        int lead = byteAt(bytes, memory, start, index);
        if (lead < '1' || lead > '9') {
            return false;   // a leading zero, "-0", a lone '-' followed by junk, or not a digit
        }
        long limit = index == 1 ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long accumulated = 0;   // accumulated negatively, so that Long.MIN_VALUE fits
        for (; index < length; index++) {
            int digit = byteAt(bytes, memory, start, index) - '0';
            if (digit < 0 || digit > 9 || accumulated < limit / 10) {
                return false;
            }
            accumulated *= 10;
            if (accumulated < limit + digit) {
                return false;
            }
            accumulated -= digit;
        }
        return true;
    }

    /** The value of text already known to be canonical. */
    private static long valueOf(byte[] bytes, Memory memory, long start, int length) {
        boolean negative = byteAt(bytes, memory, start, 0) == '-';
        long accumulated = 0;
        for (int index = negative ? 1 : 0; index < length; index++) {
            accumulated = accumulated * 10 - (byteAt(bytes, memory, start, index) - '0');
        }
        return negative ? accumulated : -accumulated;
    }

    private static NumberFormatException notCanonical(int length) {
        return new NumberFormatException("not a canonical 64-bit integer (" + length
                + " bytes): expected an optional '-' and digits without leading zeros, in range, at most "
                + MAX_LENGTH + " bytes");
    }
}
