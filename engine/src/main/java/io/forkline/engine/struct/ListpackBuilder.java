package io.forkline.engine.struct;

import io.forkline.pages.alloc.Allocator;

import java.util.Arrays;
import java.util.Objects;

import static io.forkline.engine.struct.ListpackDescriptor.COUNT_UNKNOWN;
import static io.forkline.engine.struct.ListpackDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.ListpackDescriptor.INT_13BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_16BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_24BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.INT_64BIT;
import static io.forkline.engine.struct.ListpackDescriptor.MAX_12BIT_STRING;
import static io.forkline.engine.struct.ListpackDescriptor.MAX_6BIT_STRING;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_12BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_32BIT;
import static io.forkline.engine.struct.ListpackDescriptor.STRING_6BIT;
import static io.forkline.engine.struct.ListpackDescriptor.TERMINATOR;

/**
 * Builds a listpack on the heap, entry after entry, and copies it into paged memory in one allocation and one
 * write: the same bytes as {@link Listpack#create} followed by one {@link Listpack#append} per entry, without
 * moving the listpack at every append. For a loader that knows every entry up front. Reusable: {@link #clear}
 * keeps the buffer.
 *
 * <p>As {@link Listpack#append}: a canonical integer is stored as an integer in its smallest encoding, the
 * count saturates at 65535 ("unknown"), and no listpack grows past {@link ListpackDescriptor#MAX_TOTAL_BYTES}.
 */
public final class ListpackBuilder {

    private byte[] bytes = new byte[256];
    /** Bytes written, the header included; the terminator comes at {@link #build}. */
    private int length = HEADER_SIZE;
    private int count;

    /** Empties it for the next listpack. */
    public ListpackBuilder clear() {
        length = HEADER_SIZE;
        count = 0;
        return this;
    }

    /** Entries added. */
    public int count() {
        return count;
    }

    /** The bytes the listpack would have now, header and terminator included ({@link Listpack#totalBytes}). */
    public long totalBytes() {
        return length + 1L;
    }

    /** Adds a value, as {@link Listpack#append} stores it. */
    public ListpackBuilder add(byte[] value, int offset, int valueLength) {
        Objects.checkFromIndexSize(offset, valueLength, value.length);
        if (IntegerText.isCanonicalLong(value, offset, valueLength)) {
            return addInteger(IntegerText.parseCanonicalLong(value, offset, valueLength));
        }
        int header = ListpackDescriptor.stringHeaderSize(valueLength);
        long encoded = (long) header + valueLength;
        int at = reserve(encoded + ListpackDescriptor.backlenSize(encoded));
        if (valueLength <= MAX_6BIT_STRING) {
            bytes[at] = (byte) (STRING_6BIT | valueLength);
        } else if (valueLength <= MAX_12BIT_STRING) {
            bytes[at] = (byte) (STRING_12BIT | valueLength >>> 8);
            bytes[at + 1] = (byte) valueLength;
        } else {
            bytes[at] = (byte) STRING_32BIT;
            putLittleEndian(at + 1, valueLength, 4);
        }
        System.arraycopy(value, offset, bytes, at + header, valueLength);
        writeBacklen(at + (int) encoded, encoded);
        return this;
    }

    public ListpackBuilder add(byte[] value) {
        return add(value, 0, value.length);
    }

    /** Adds an integer in its smallest encoding, as {@link Listpack#appendInteger}. */
    public ListpackBuilder addInteger(long value) {
        int encoded = ListpackDescriptor.integerEncodedSize(value);
        int at = reserve(encoded + ListpackDescriptor.backlenSize(encoded));
        switch (encoded) {
            case 1 -> bytes[at] = (byte) value;
            case 2 -> {
                long unsigned = value < 0 ? (1 << 13) + value : value;
                bytes[at] = (byte) (INT_13BIT | unsigned >>> 8);
                bytes[at + 1] = (byte) unsigned;
            }
            case 3 -> {
                bytes[at] = (byte) INT_16BIT;
                putLittleEndian(at + 1, value, 2);
            }
            case 4 -> {
                bytes[at] = (byte) INT_24BIT;
                putLittleEndian(at + 1, value, 3);
            }
            case 5 -> {
                bytes[at] = (byte) INT_32BIT;
                putLittleEndian(at + 1, value, 4);
            }
            default -> {
                bytes[at] = (byte) INT_64BIT;
                putLittleEndian(at + 1, value, 8);
            }
        }
        writeBacklen(at + encoded, encoded);
        return this;
    }

    /** A new listpack in paged memory holding the entries added; returns its address. The builder is unchanged. */
    public long build(Allocator allocator) {
        return build(allocator, 0);
    }

    /**
     * {@link #build}, in an allocation of at least {@code capacity} bytes, so that appends fill it without moving
     * it (a stream's node, as Redis preallocates one).
     */
    public long build(Allocator allocator, long capacity) {
        int total = length + 1;
        putLittleEndian(ListpackDescriptor.TOTAL_BYTES_OFFSET, total, 4);
        putLittleEndian(ListpackDescriptor.COUNT_OFFSET, Math.min(count, COUNT_UNKNOWN), 2);
        ensure(1);
        bytes[length] = (byte) TERMINATOR;
        long listpack = allocator.allocate(Math.max(total, capacity));
        allocator.memory().putBytes(listpack, bytes, 0, total);
        return listpack;
    }

    /** The listpack's bytes as {@link #build} would write them, for tests. */
    byte[] toBlob() {
        ensure(1);
        putLittleEndian(ListpackDescriptor.TOTAL_BYTES_OFFSET, length + 1, 4);
        putLittleEndian(ListpackDescriptor.COUNT_OFFSET, Math.min(count, COUNT_UNKNOWN), 2);
        bytes[length] = (byte) TERMINATOR;
        return Arrays.copyOf(bytes, length + 1);
    }

    /** Room for one entry of {@code size} bytes; returns where it starts. */
    private int reserve(long size) {
        long newTotal = length + size + 1;
        if (newTotal > ListpackDescriptor.MAX_TOTAL_BYTES) {
            throw new ListpackFullException(length + 1L, newTotal);
        }
        ensure((int) size);
        int at = length;
        length += (int) size;
        count++;
        return at;
    }

    private void ensure(int more) {
        if (bytes.length - length < more) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) length + more, 2L * bytes.length)));
        }
    }

    private void putLittleEndian(int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            bytes[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** The backlen of an entry of {@code encoded} bytes, leftmost byte first, as {@link ListpackCodec#writeBacklen}. */
    private void writeBacklen(int at, long encoded) {
        int size = ListpackDescriptor.backlenSize(encoded);
        bytes[at] = (byte) (encoded >>> 7 * (size - 1));
        for (int i = 1; i < size; i++) {
            bytes[at + i] = (byte) ((encoded >>> 7 * (size - 1 - i)) & 127 | 128);
        }
    }
}
