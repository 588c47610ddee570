package io.forkline.snapshot.io;

import java.util.Arrays;

/** A {@link ByteSink} into a growing array (DUMP payloads, tests). */
public final class BufferSink implements ByteSink {

    private byte[] bytes;
    private int length;

    public BufferSink() {
        this(256);
    }

    public BufferSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensure(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    @Override
    public void write(int value) {
        ensure(1);
        bytes[length++] = (byte) value;
    }

    @Override
    public long position() {
        return length;
    }

    /** The bytes written, as a new array. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** The internal array; its first {@link #position()} bytes are the content. */
    public byte[] array() {
        return bytes;
    }

    public void reset() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            long wanted = Math.max((long) bytes.length * 2, (long) length + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer would exceed 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
