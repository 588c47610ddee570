package io.forkline.engine.stream;

import io.forkline.engine.command.CommandError;
import io.forkline.engine.struct.IntegerText;

import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID, {@code <ms>-<seq>}: two unsigned 64-bit numbers, ordered as one 128-bit number. Kept in Java
 * longs, compared and printed unsigned.
 */
public record StreamId(long ms, long seq) implements Comparable<StreamId> {

    public static final StreamId MIN = new StreamId(0, 0);
    public static final StreamId MAX = new StreamId(-1L, -1L);
    public static final int BYTES = 16;

    static final CommandError INVALID = CommandError.of("ERR Invalid stream ID specified as stream command argument");

    @Override
    public int compareTo(StreamId other) {
        int byMs = Long.compareUnsigned(ms, other.ms);
        return byMs != 0 ? byMs : Long.compareUnsigned(seq, other.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    public boolean isMax() {
        return ms == -1L && seq == -1L;
    }

    /** The smallest ID after this one, or null after {@link #MAX} (Redis's streamIncrID). */
    public StreamId next() {
        if (seq != -1L) {
            return new StreamId(ms, seq + 1);
        }
        return ms == -1L ? null : new StreamId(ms + 1, 0);
    }

    /** The largest ID before this one, or null before {@link #MIN} (streamDecrID). */
    public StreamId previous() {
        if (seq != 0) {
            return new StreamId(ms, seq - 1);
        }
        return ms == 0 ? null : new StreamId(ms - 1, -1L);
    }

    /** Big-endian, so that byte order is ID order: the key of a stream node or a pending entry. */
    public void encode(byte[] into, int offset) {
        for (int i = 0; i < 8; i++) {
            into[offset + i] = (byte) (ms >>> (56 - 8 * i));
            into[offset + 8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
    }

    public byte[] encoded() {
        byte[] bytes = new byte[BYTES];
        encode(bytes, 0);
        return bytes;
    }

    public static StreamId decode(byte[] bytes, int offset) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (bytes[offset + i] & 0xFF);
            seq = (seq << 8) | (bytes[offset + 8 + i] & 0xFF);
        }
        return new StreamId(ms, seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    /** {@link #toString}'s bytes, written straight into an array of their length (every XADD replies one). */
    public byte[] text() {
        if (ms < 0 || seq < 0) {
            return toString().getBytes(StandardCharsets.US_ASCII);   // past 2^63: unsigned text
        }
        byte[] text = new byte[IntegerText.decimalLength(ms) + 1 + IntegerText.decimalLength(seq)];
        int at = IntegerText.formatLong(ms, text, 0);
        text[at++] = '-';
        IntegerText.formatLong(seq, text, at);
        return text;
    }

    // ---------------------------------------------------------------------------------------------
    // Parsing, as Redis's streamGenericParseIDOrReply

    /**
     * An ID argument: {@code <ms>-<seq>}, or {@code <ms>} with {@code missingSeq}; "-" and "+" unless
     * {@code strict}. Anything else is Redis's "Invalid stream ID" error.
     */
    public static StreamId parse(byte[] buffer, int offset, int length, long missingSeq, boolean strict) {
        if (length > 127 || length == 0) {
            throw INVALID;
        }
        if (length == 1 && (buffer[offset] == '-' || buffer[offset] == '+')) {
            if (strict) {
                throw INVALID;
            }
            return buffer[offset] == '-' ? MIN : MAX;
        }
        int dash = indexOf(buffer, offset, length, (byte) '-');
        if (dash < 0) {
            return new StreamId(unsigned(buffer, offset, length), missingSeq);
        }
        return new StreamId(unsigned(buffer, offset, dash - offset),
                unsigned(buffer, dash + 1, offset + length - dash - 1));
    }

    /** XADD's explicit ID; {@code seqGiven} false for the {@code <ms>-*} form, whose sequence is then 0. */
    record ForAdd(StreamId id, boolean seqGiven) {
    }

    /** XADD's ID: as {@link #parse} strictly, and also {@code <ms>-*}. */
    static ForAdd parseForAdd(byte[] buffer, int offset, int length) {
        int dash = indexOf(buffer, offset, length, (byte) '-');
        if (length <= 127 && dash > offset && dash == offset + length - 2 && buffer[dash + 1] == '*') {
            return new ForAdd(new StreamId(unsigned(buffer, offset, dash - offset), 0), false);
        }
        return new ForAdd(parse(buffer, offset, length, 0, true), true);
    }

    private static int indexOf(byte[] buffer, int offset, int length, byte b) {
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An unsigned 64-bit decimal as Redis's string2ull reads it: digits, optionally after leading blanks and a
     * '+' (what strtoull accepts), with no overflow.
     */
    private static long unsigned(byte[] buffer, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end && (buffer[i] == ' ' || buffer[i] == '\t')) {
            i++;
        }
        if (i < end && buffer[i] == '+') {
            i++;
        }
        if (i == end) {
            throw INVALID;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                throw INVALID;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, 10)) > 0) {
                throw INVALID;
            }
            long next = value * 10 + digit;
            if (Long.compareUnsigned(next, value * 10) < 0) {
                throw INVALID;
            }
            value = next;
        }
        return value;
    }
}
