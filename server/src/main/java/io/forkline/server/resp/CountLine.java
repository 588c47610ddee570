package io.forkline.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Reads one RESP count line ({@code *<count>} or {@code $<length>}) across any number of reads, with
 * Redis 7.0's framing: the line ends at the first {@code '\r'} and the one byte after it, whatever that
 * byte is; a NUL byte before the {@code '\r'} hides it (Redis searches with {@code strchr}), so such a
 * line never ends; a line that has not ended after {@link #MAXIMUM_LENGTH} bytes is an error.
 *
 * <p>Not thread-safe; reused by {@link #reset()} for every line.
 */
final class CountLine {

    /** Redis's PROTO_INLINE_MAX_SIZE: the most bytes a line may hold before its end must show. */
    static final int MAXIMUM_LENGTH = 64 * 1024;

    /** A number of 21 characters or more is never valid (Redis's LONG_STR_SIZE). */
    private static final int MAXIMUM_NUMBER_LENGTH = 20;

    /** Stops at the byte that ends a line or hides its end. */
    private static final ByteProcessor NOT_CR_OR_NUL = value -> value != '\r' && value != 0;

    private final String tooLongMessage;
    private final byte[] number = new byte[MAXIMUM_NUMBER_LENGTH];
    private int length;
    private int firstByte;
    private boolean endHidden;
    private boolean carriageReturnSeen;

    /** @param tooLongMessage the protocol error for a line longer than {@link #MAXIMUM_LENGTH} */
    CountLine(String tooLongMessage) {
        this.tooLongMessage = tooLongMessage;
    }

    void reset() {
        length = 0;
        firstByte = '\r';
        endHidden = false;
        carriageReturnSeen = false;
    }

    /**
     * Consumes bytes of the line from {@code in}, and nothing after it.
     *
     * @return true once the whole line, its {@code '\r'} and the byte after it are consumed
     */
    boolean read(ByteBuf in) throws ProtocolException {
        if (length == 0 && !carriageReturnSeen && readWhole(in)) {
            return true;
        }
        while (in.isReadable()) {
            byte next = in.readByte();
            if (carriageReturnSeen) {
                return true;
            }
            if (next == '\r' && !endHidden) {
                carriageReturnSeen = true;
            } else {
                append(next);
            }
        }
        return false;
    }

    /**
     * The common case, a fresh line that is whole in {@code in} and short enough to be a count: taken with one
     * search and one copy instead of a read per byte. False, having consumed nothing, otherwise (cut by the read,
     * long, or holding a NUL); the byte loop then takes the line, with the same result.
     */
    private boolean readWhole(ByteBuf in) {
        int start = in.readerIndex();
        int span = Math.min(in.readableBytes(), MAXIMUM_NUMBER_LENGTH + 2);   // first byte, a number, '\r'
        int end = span == 0 ? -1 : in.forEachByte(start, span, NOT_CR_OR_NUL);
        if (end < 0 || in.getByte(end) != '\r' || end + 1 >= in.writerIndex()) {
            return false;
        }
        int lineLength = end - start;
        if (lineLength > 0) {
            firstByte = in.getByte(start) & 0xFF;
            in.getBytes(start + 1, number, 0, lineLength - 1);
        }
        length = lineLength;
        in.readerIndex(end + 2);
        return true;
    }

    private void append(byte next) throws ProtocolException {
        endHidden |= next == 0;
        if (length == 0) {
            firstByte = next & 0xFF;
        } else if (length <= MAXIMUM_NUMBER_LENGTH) {
            number[length - 1] = next;
        }
        length++;
        if (length > MAXIMUM_LENGTH) {
            throw new ProtocolException(tooLongMessage);
        }
    }

    /** The line's first byte ({@code '*'} or {@code '$'} when well formed); {@code '\r'} for an empty line. */
    int firstByte() {
        return firstByte;
    }

    /** True if the bytes after the first one are a number as Redis's string2ll reads them. */
    boolean hasNumber() {
        int digits = length - 1;
        if (digits < 1 || digits > MAXIMUM_NUMBER_LENGTH) {
            return false;
        }
        if (digits == 1 && number[0] == '0') {
            return true;
        }
        int start = number[0] == '-' ? 1 : 0;
        if (start == digits || number[start] < '1' || number[start] > '9') {
            return false;
        }
        for (int i = start + 1; i < digits; i++) {
            if (number[i] < '0' || number[i] > '9') {
                return false;
            }
        }
        return fitsInLong(start, digits);
    }

    /** The number after the first byte; only meaningful when {@link #hasNumber()}. */
    long number() {
        int digits = length - 1;
        boolean negative = number[0] == '-';
        long value = 0;
        for (int i = negative ? 1 : 0; i < digits; i++) {
            value = value * 10 - (number[i] - '0');
        }
        return negative ? value : -value;
    }

    /** Accumulating downwards reaches Long.MIN_VALUE, which only a negative number may be. */
    private boolean fitsInLong(int start, int digits) {
        long value = 0;
        for (int i = start; i < digits; i++) {
            int digit = number[i] - '0';
            if (value < (Long.MIN_VALUE + digit) / 10) {
                return false;
            }
            value = value * 10 - digit;
        }
        return start == 1 || value != Long.MIN_VALUE;
    }
}
