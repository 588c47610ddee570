package io.forkline.server.resp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.Arrays;

/**
 * Gathers one inline request line across any number of reads, with Redis 7.0's framing: the line ends
 * at the first {@code '\n'}, a {@code '\r'} just before it is dropped, a NUL byte before the
 * {@code '\n'} hides it (Redis searches with {@code strchr}) so that the line never ends, and a line
 * that has not ended after {@link CountLine#MAXIMUM_LENGTH} bytes is an error.
 *
 * <p>Not thread-safe; reused by {@link #reset()} for every line. Its buffer grows to the longest line
 * seen, at most 64 KiB, and is kept.
 */
final class InlineLine {

    private static final ByteProcessor NOT_END_OR_NUL = value -> value != '\n' && value != 0;

    private byte[] bytes = new byte[128];
    private int length;
    private long hiddenLength;

    void reset() {
        length = 0;
        hiddenLength = -1;
    }

    /**
     * Consumes bytes of the line from {@code in}, and nothing after it.
     *
     * @return true once the whole line and its {@code '\n'} are consumed
     */
    boolean read(ByteBuf in) throws ProtocolException {
        if (hiddenLength >= 0) {
            return skipHidden(in);
        }
        int stop = in.forEachByte(NOT_END_OR_NUL);
        int chunk = (stop < 0 ? in.writerIndex() : stop) - in.readerIndex();
        checkLength(length + (long) chunk);
        append(in, chunk);
        if (stop < 0) {
            return false;
        }
        if (in.readByte() == '\n') {
            return true;
        }
        hiddenLength = length + 1L;
        checkLength(hiddenLength);
        return skipHidden(in);
    }

    /** After a NUL, Redis sees no end: every byte counts towards the limit. */
    private boolean skipHidden(ByteBuf in) throws ProtocolException {
        hiddenLength += in.readableBytes();
        checkLength(hiddenLength);
        in.skipBytes(in.readableBytes());
        return false;
    }

    private static void checkLength(long bytesWithoutEnd) throws ProtocolException {
        if (bytesWithoutEnd > CountLine.MAXIMUM_LENGTH) {
            throw new ProtocolException("Protocol error: too big inline request");
        }
    }

    private void append(ByteBuf in, int chunk) {
        if (bytes.length < length + chunk) {
            bytes = Arrays.copyOf(bytes, Math.min(CountLine.MAXIMUM_LENGTH, Math.max(length + chunk, bytes.length * 2)));
        }
        in.readBytes(bytes, length, chunk);
        length += chunk;
    }

    /** The line's bytes, from 0 to {@link #length()}; the splitter may overwrite them. */
    byte[] bytes() {
        return bytes;
    }

    /** The line's length without its {@code '\n'}, and without a {@code '\r'} just before it. */
    int length() {
        return length > 0 && bytes[length - 1] == '\r' ? length - 1 : length;
    }
}
