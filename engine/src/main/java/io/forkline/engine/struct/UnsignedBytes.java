package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Redis's {@code sdscmp} order, unsigned bytes compared as memcmp does and then the shorter first, between bytes in
 * paged memory and bytes on the heap.
 */
final class UnsignedBytes {

    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private UnsignedBytes() {
    }

    /**
     * Negative, zero or positive as the {@code length} bytes at {@code address} order before, equal to or after
     * {@code bytes[offset, offset + byteLength)}.
     */
    static int compare(Memory memory, long address, int length, byte[] bytes, int offset, int byteLength) {
        int common = Math.min(length, byteLength);
        int index = 0;
        // eight bytes at a time: memory reads little-endian, so reverse to put the first byte highest
        for (; index + Long.BYTES <= common; index += Long.BYTES) {
            long left = Long.reverseBytes(memory.getLong(address + index));
            long right = (long) BIG_ENDIAN_LONGS.get(bytes, offset + index);
            if (left != right) {
                return Long.compareUnsigned(left, right);
            }
        }
        for (; index < common; index++) {
            int difference = (memory.getByte(address + index) & 0xFF) - (bytes[offset + index] & 0xFF);
            if (difference != 0) {
                return difference;
            }
        }
        return Integer.compare(length, byteLength);
    }

    static boolean equal(Memory memory, long address, int length, byte[] bytes, int offset, int byteLength) {
        return length == byteLength && memory.contentEquals(address, bytes, offset, byteLength);
    }
}
