package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import static io.forkline.engine.struct.IntsetDescriptor.ENCODING_INT16;
import static io.forkline.engine.struct.IntsetDescriptor.ENCODING_OFFSET;
import static io.forkline.engine.struct.IntsetDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.IntsetDescriptor.LENGTH_OFFSET;

/**
 * Redis's intset, byte for byte, in paged memory: a small set of integers as one sorted array, which
 * is how Redis keeps a set whose members are all integers and that an RDB file holds verbatim. The
 * layout is {@link IntsetDescriptor}'s.
 *
 * <p>Reads take a {@link Memory} and never write (the live memory or a fork's view); writes take the
 * {@link Allocator}, run on the writer and return the intset's address, which may have changed.
 * Writes behave as Redis's {@code intsetAdd} and {@code intsetRemove}: adding a value that needs a
 * wider encoding upgrades every value, and removing never downgrades.
 */
public final class Intset {

    private static final String STRUCTURE = "intset";

    private Intset() {
    }

    /** A new, empty intset of 16-bit encoding (8 bytes). */
    public static long create(Allocator allocator) {
        long intset = allocator.allocate(HEADER_SIZE);
        Memory memory = allocator.memory();
        memory.putInt(intset + ENCODING_OFFSET, ENCODING_INT16);
        memory.putInt(intset + LENGTH_OFFSET, 0);
        return intset;
    }

    /** Adds {@code value} unless present; returns the intset's new address. */
    public static long add(Allocator allocator, long intset, long value) {
        Memory memory = allocator.memory();
        int encoding = encoding(memory, intset);
        if (IntsetDescriptor.encodingFor(value) > encoding) {
            return upgradeAndAdd(allocator, intset, value);
        }
        int found = search(memory, intset, value);
        if (found >= 0) {
            return intset;
        }
        int index = -found - 1;
        int length = size(memory, intset);
        intset = allocator.reallocate(intset, bytesFor(encoding, length + 1));
        memory.copy(valueAddress(intset, encoding, index), valueAddress(intset, encoding, index + 1),
                (long) (length - index) * encoding);
        put(memory, intset, encoding, index, value);
        memory.putInt(intset + LENGTH_OFFSET, length + 1);
        return intset;
    }

    /** Widens every value to the encoding {@code value} needs, then puts it first (negative) or last (positive). */
    private static long upgradeAndAdd(Allocator allocator, long intset, long value) {
        Memory memory = allocator.memory();
        int oldEncoding = encoding(memory, intset);
        int newEncoding = IntsetDescriptor.encodingFor(value);
        int length = size(memory, intset);
        int shift = value < 0 ? 1 : 0;
        intset = allocator.reallocate(intset, bytesFor(newEncoding, length + 1));
        for (int index = length - 1; index >= 0; index--) {   // back to front: a wider slot never overwrites an unread value
            put(memory, intset, newEncoding, index + shift, read(memory, intset, oldEncoding, index));
        }
        put(memory, intset, newEncoding, value < 0 ? 0 : length, value);
        memory.putInt(intset + ENCODING_OFFSET, newEncoding);
        memory.putInt(intset + LENGTH_OFFSET, length + 1);
        return intset;
    }

    /**
     * A new intset holding {@code values[0, count)}, which must be strictly ascending: the bytes that adding them
     * one by one to an empty intset gives (the narrowest encoding that holds them all, 16 bits at least), in one
     * allocation. For a loader that has the members at hand.
     *
     * @throws IllegalArgumentException if the values are not strictly ascending
     */
    public static long fromSorted(Allocator allocator, long[] values, int count) {
        java.util.Objects.checkFromIndexSize(0, count, values.length);
        int encoding = IntsetDescriptor.ENCODING_INT16;
        for (int i = 0; i < count; i++) {
            if (i > 0 && values[i] <= values[i - 1]) {
                throw new IllegalArgumentException("intset values must be strictly ascending: " + values[i - 1] + " then "
                        + values[i] + " at index " + i);
            }
        }
        if (count > 0) {
            encoding = Math.max(IntsetDescriptor.encodingFor(values[0]), IntsetDescriptor.encodingFor(values[count - 1]));
            encoding = Math.max(encoding, IntsetDescriptor.ENCODING_INT16);
        }
        byte[] blob = new byte[Math.toIntExact(bytesFor(encoding, count))];
        putLittleEndian(blob, ENCODING_OFFSET, encoding, 4);
        putLittleEndian(blob, LENGTH_OFFSET, count, 4);
        for (int i = 0; i < count; i++) {
            putLittleEndian(blob, HEADER_SIZE + i * encoding, values[i], encoding);
        }
        long intset = allocator.allocate(blob.length);
        allocator.memory().putBytes(intset, blob, 0, blob.length);
        return intset;
    }

    private static void putLittleEndian(byte[] blob, int at, long value, int width) {
        for (int i = 0; i < width; i++) {
            blob[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** Removes {@code value} if present; returns the intset's new address. The encoding stays. */
    public static long remove(Allocator allocator, long intset, long value) {
        Memory memory = allocator.memory();
        int encoding = encoding(memory, intset);
        if (IntsetDescriptor.encodingFor(value) > encoding) {
            return intset;
        }
        int index = search(memory, intset, value);
        if (index < 0) {
            return intset;
        }
        int length = size(memory, intset);
        memory.copy(valueAddress(intset, encoding, index + 1), valueAddress(intset, encoding, index),
                (long) (length - index - 1) * encoding);
        memory.putInt(intset + LENGTH_OFFSET, length - 1);
        return allocator.reallocate(intset, bytesFor(encoding, length - 1));
    }

    public static boolean contains(Memory memory, long intset, long value) {
        return IntsetDescriptor.encodingFor(value) <= encoding(memory, intset) && search(memory, intset, value) >= 0;
    }

    public static int size(Memory memory, long intset) {
        return memory.getInt(intset + LENGTH_OFFSET);
    }

    /** The value at {@code index} in ascending order. */
    public static long get(Memory memory, long intset, int index) {
        int length = size(memory, intset);
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " in an intset of " + length + " values");
        }
        return read(memory, intset, encoding(memory, intset), index);
    }

    /** The width of every value in bytes: 2, 4 or 8. */
    public static int encoding(Memory memory, long intset) {
        return memory.getInt(intset + ENCODING_OFFSET);
    }

    public static long totalBytes(Memory memory, long intset) {
        return bytesFor(encoding(memory, intset), size(memory, intset));
    }

    /** Copies a blob into a new intset, after checking it deeply ({@link #validate(byte[], boolean)}). */
    public static long fromBlob(Allocator allocator, byte[] blob) {
        validate(blob, true);
        long intset = allocator.allocate(blob.length);
        allocator.memory().putBytes(intset, blob, 0, blob.length);
        return intset;
    }

    /** The intset's exact bytes, as an RDB file holds them. */
    public static byte[] toBlob(Memory memory, long intset) {
        byte[] blob = new byte[Math.toIntExact(totalBytes(memory, intset))];
        memory.getBytes(intset, blob, 0, blob.length);
        return blob;
    }

    /**
     * Checks a blob as Redis's {@code intsetValidateIntegrity} does: an encoding of 2, 4 or 8, a size
     * of exactly {@code 8 + length * encoding}, at least one value, and when {@code deep}, values in
     * strictly ascending order.
     *
     * @throws CorruptEncodingException naming the offset, what was expected and what was found
     */
    public static void validate(byte[] blob, boolean deep) {
        if (blob.length < HEADER_SIZE) {
            throw corrupt(blob.length, "at least the " + HEADER_SIZE + "-byte header", "a blob of " + blob.length + " bytes");
        }
        long encoding = uint32(blob, ENCODING_OFFSET);
        if (!IntsetDescriptor.isEncoding(encoding)) {
            throw corrupt(ENCODING_OFFSET, "an encoding of 2, 4 or 8", Long.toString(encoding));
        }
        long length = uint32(blob, LENGTH_OFFSET);
        if (HEADER_SIZE + length * encoding != blob.length) {
            throw corrupt(LENGTH_OFFSET, "a length that fills the blob: " + HEADER_SIZE + " + length * " + encoding + " = "
                    + blob.length + " bytes", "length " + length + ", which needs " + (HEADER_SIZE + length * encoding) + " bytes");
        }
        if (length == 0) {
            throw corrupt(LENGTH_OFFSET, "at least one value", "0");
        }
        if (deep) {
            checkAscending(blob, (int) encoding, (int) length);
        }
    }

    public static void free(Allocator allocator, long intset) {
        allocator.free(intset);
    }

    // ---------------------------------------------------------------------------------------------

    private static void checkAscending(byte[] blob, int encoding, int length) {
        long previous = blobValue(blob, encoding, 0);
        for (int index = 1; index < length; index++) {
            long current = blobValue(blob, encoding, index);
            if (current <= previous) {
                throw corrupt(HEADER_SIZE + (long) index * encoding,
                        "a value above " + previous + " (ascending, no duplicates)", Long.toString(current));
            }
            previous = current;
        }
    }

    /** The index of {@code value}, or {@code -(insertion point) - 1} when absent, as {@link java.util.Arrays#binarySearch}. */
    private static int search(Memory memory, long intset, long value) {
        int encoding = encoding(memory, intset);
        int low = 0;
        int high = size(memory, intset) - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long current = read(memory, intset, encoding, middle);
            if (current < value) {
                low = middle + 1;
            } else if (current > value) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -low - 1;
    }

    private static long read(Memory memory, long intset, int encoding, int index) {
        long at = valueAddress(intset, encoding, index);
        return switch (encoding) {
            case 2 -> memory.getShort(at);
            case 4 -> memory.getInt(at);
            default -> memory.getLong(at);
        };
    }

    private static void put(Memory memory, long intset, int encoding, int index, long value) {
        long at = valueAddress(intset, encoding, index);
        switch (encoding) {
            case 2 -> memory.putShort(at, (short) value);
            case 4 -> memory.putInt(at, (int) value);
            default -> memory.putLong(at, value);
        }
    }

    private static long valueAddress(long intset, int encoding, int index) {
        return intset + HEADER_SIZE + (long) index * encoding;
    }

    private static long bytesFor(int encoding, int length) {
        return HEADER_SIZE + (long) length * encoding;
    }

    private static long blobValue(byte[] blob, int encoding, int index) {
        int at = HEADER_SIZE + index * encoding;
        long value = 0;
        for (int i = encoding - 1; i >= 0; i--) {
            value = value << 8 | (blob[at + i] & 0xFF);
        }
        int unused = 64 - 8 * encoding;
        return value << unused >> unused;   // sign-extend
    }

    private static long uint32(byte[] blob, int offset) {
        return (blob[offset] & 0xFFL) | (blob[offset + 1] & 0xFFL) << 8 | (blob[offset + 2] & 0xFFL) << 16
                | (blob[offset + 3] & 0xFFL) << 24;
    }

    private static CorruptEncodingException corrupt(long offset, String expected, String found) {
        return new CorruptEncodingException(STRUCTURE, offset, expected, found);
    }
}
