package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A fast, well-mixed 64-bit hash of a byte string, the same for the bytes on the heap and in paged memory.
 *
 * <h2>Design</h2>
 *
 * In the spirit of wyhash and xxHash64: the input is read as little-endian 64-bit words, and each pair of
 * words is folded into the state by one full 64x64-to-128-bit multiplication whose two halves are xored
 * ({@link #mix}); the high half carries the top input bits down and the low half carries the low bits up,
 * so one multiplication spreads every input bit across the word. The length is folded in at the start, so
 * that strings differing only in trailing zero bytes differ, and a last {@code mix} by a constant avalanches
 * the result. The tail of 0..16 bytes is read without going past the end: two overlapping 8-byte or 4-byte
 * reads, or for 1..3 bytes the first, middle and last byte (the length tells the cases apart).
 *
 * <p>The heap and memory forms read the same bytes in the same order, so they agree for every input; a
 * dict hashes a caller's key on the heap and rehashes its stored copy in paged memory, possibly across a
 * page boundary. The seed is fixed: this hash spreads keys well but does not resist deliberate collisions
 * (hash flooding), which Redis answers with a randomly keyed SipHash.
 */
public final class Hashing {

    private static final long SEED = 0xAED09B824CA87FC3L;
    private static final long K0 = 0x668DC8F46A423CF9L;
    private static final long K1 = 0xBF416C30F1F0742BL;
    private static final long K2 = 0x26AD41EF88C279D9L;
    private static final long K3 = 0xDD63D2A5D1764461L;
    private static final long K4 = 0xD17737815438A5B5L;

    private static final VarHandle LONG_LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LITTLE_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Hashing() {
    }

    /** The hash of {@code bytes[offset, offset + length)}. */
    public static long hash(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        long state = start(length);
        int at = offset;
        int end = offset + length;
        while (end - at > 16) {
            state = mix(long64(bytes, at) ^ K1, long64(bytes, at + 8) ^ state);
            at += 16;
        }
        int rest = end - at;
        long first;
        long second;
        if (rest > 8) {
            first = long64(bytes, at);
            second = long64(bytes, end - 8);
        } else if (rest >= 4) {
            first = int32(bytes, at);
            second = int32(bytes, end - 4);
        } else if (rest > 0) {
            first = (bytes[at] & 0xFFL) << 16 | (bytes[at + (rest >>> 1)] & 0xFFL) << 8 | (bytes[end - 1] & 0xFFL);
            second = 0;
        } else {
            first = 0;
            second = 0;
        }
        return finish(state, first, second);
    }

    /** The hash of the {@code length} bytes at {@code address}: equal to the heap form's for the same bytes. */
    public static long hash(Memory memory, long address, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        long state = start(length);
        long at = address;
        long end = address + length;
        while (end - at > 16) {
            state = mix(memory.getLong(at) ^ K1, memory.getLong(at + 8) ^ state);
            at += 16;
        }
        long rest = end - at;
        long first;
        long second;
        if (rest > 8) {
            first = memory.getLong(at);
            second = memory.getLong(end - 8);
        } else if (rest >= 4) {
            first = memory.getInt(at) & 0xFFFF_FFFFL;
            second = memory.getInt(end - 4) & 0xFFFF_FFFFL;
        } else if (rest > 0) {
            first = (memory.getByte(at) & 0xFFL) << 16 | (memory.getByte(at + (rest >>> 1)) & 0xFFL) << 8
                    | (memory.getByte(end - 1) & 0xFFL);
            second = 0;
        } else {
            first = 0;
            second = 0;
        }
        return finish(state, first, second);
    }

    private static long start(int length) {
        return SEED ^ mix(length ^ K0, K1);
    }

    private static long finish(long state, long first, long second) {
        return mix(mix(first ^ K2, second ^ state ^ K3) ^ K0, K4);
    }

    /** The 128-bit product of two words, folded to 64 bits by xoring its halves. */
    static long mix(long a, long b) {
        return a * b ^ Math.unsignedMultiplyHigh(a, b);
    }

    private static long long64(byte[] bytes, int at) {
        return (long) LONG_LITTLE_ENDIAN.get(bytes, at);
    }

    private static long int32(byte[] bytes, int at) {
        return (int) INT_LITTLE_ENDIAN.get(bytes, at) & 0xFFFF_FFFFL;
    }
}
