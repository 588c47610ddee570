package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.Objects;

import static io.forkline.engine.struct.ListpackDescriptor.COUNT_OFFSET;
import static io.forkline.engine.struct.ListpackDescriptor.COUNT_UNKNOWN;
import static io.forkline.engine.struct.ListpackDescriptor.EMPTY_SIZE;
import static io.forkline.engine.struct.ListpackDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.ListpackDescriptor.TERMINATOR;
import static io.forkline.engine.struct.ListpackDescriptor.TOTAL_BYTES_OFFSET;

/**
 * Redis 7's listpack, byte for byte, in paged memory: a sequence of strings and integers in one
 * allocation, which is what small hashes, sets, sorted sets and list nodes are, and what an RDB file
 * holds verbatim. The layout is {@link ListpackDescriptor}'s.
 *
 * <p>A listpack is named by its address. Entries are named by their <em>position</em>: the byte
 * offset of the entry from the listpack's start, which stays meaningful when a write moves the
 * listpack; -1 means none. A position is valid until the next write, except that a write returns
 * nothing about positions, so re-derive them ({@link #first}, {@link #seek}, {@link #find}).
 *
 * <p>Reads take a {@link Memory} and never write, so they serve the live memory on the writer and a
 * fork's view on a snapshot thread alike. Writes take the {@link Allocator}, run on the writer, and
 * return the listpack's address, which may have changed. Writes behave as Redis's {@code lpInsert},
 * {@code lpDeleteRange} and friends do, so that the bytes are the ones Redis would have: a canonical
 * integer string is stored as an integer in its smallest encoding, and a count of 65535 ("unknown")
 * stays unknown across writes. Unlike Redis's {@code lpLength}, {@link #size} never rewrites the
 * header to a count it walked, since reads do not write.
 *
 * <p>Writes at the head depart from Redis in where the bytes sit, not in what they are: {@link #prepend}
 * keeps free room <em>before</em> a listpack of 256 bytes to 8 KiB, so that pushing at the head moves the 6-byte
 * header back instead of every entry forward, and deleting the first entries moves the header forward
 * over them instead of the rest back (Redis's {@code lpInsert} moves them all, which makes LPUSH and
 * LPOP on an 8 KiB quicklist node copy 4 KiB on average). Such a listpack starts inside its
 * allocation; the writes here and {@link #free} find the allocation from any address in it
 * ({@link Allocator#allocationOf}), and nothing else may free or reallocate a listpack.
 */
public final class Listpack {

    private Listpack() {
    }

    // ---------------------------------------------------------------------------------------------
    // Whole listpack

    /** A new, empty listpack (7 bytes). */
    public static long create(Allocator allocator) {
        long listpack = allocator.allocate(EMPTY_SIZE);
        Memory memory = allocator.memory();
        memory.putInt(listpack + TOTAL_BYTES_OFFSET, EMPTY_SIZE);
        memory.putShort(listpack + COUNT_OFFSET, (short) 0);
        memory.putByte(listpack + HEADER_SIZE, (byte) TERMINATOR);
        return listpack;
    }

    /** The listpack's bytes, header and terminator included. */
    public static long totalBytes(Memory memory, long listpack) {
        return memory.getInt(listpack + TOTAL_BYTES_OFFSET) & 0xFFFF_FFFFL;
    }

    /** The number of entries; walks them when the header says "unknown" (65535). */
    public static int size(Memory memory, long listpack) {
        int count = headerCount(memory, listpack);
        if (count != COUNT_UNKNOWN) {
            return count;
        }
        int walked = 0;
        for (int position = first(memory, listpack); position != -1; position = next(memory, listpack, position)) {
            walked++;
        }
        return walked;
    }

    /** Copies a blob into a new listpack, after checking it deeply ({@link #validate(byte[], boolean)}). */
    public static long fromBlob(Allocator allocator, byte[] blob) {
        validate(blob, true);
        long listpack = allocator.allocate(blob.length);
        allocator.memory().putBytes(listpack, blob, 0, blob.length);
        return listpack;
    }

    /** The listpack's exact bytes, as an RDB file holds them. */
    public static byte[] toBlob(Memory memory, long listpack) {
        long total = totalBytes(memory, listpack);
        byte[] blob = new byte[Math.toIntExact(total)];
        memory.getBytes(listpack, blob, 0, blob.length);
        return blob;
    }

    /**
     * Checks a blob as Redis's {@code lpValidateIntegrity} does.
     *
     * @param deep false: header total and terminator only; true: every entry, and the count
     * @throws CorruptEncodingException naming the offset, what was expected and what was found
     */
    public static void validate(byte[] blob, boolean deep) {
        ListpackValidator.validate(blob, deep);
    }

    public static void free(Allocator allocator, long listpack) {
        allocator.free(allocator.allocationOf(listpack));
    }

    // ---------------------------------------------------------------------------------------------
    // Walking

    /** The position of the first entry, or -1 if the listpack is empty. */
    public static int first(Memory memory, long listpack) {
        return isTerminator(memory, listpack, HEADER_SIZE) ? -1 : HEADER_SIZE;
    }

    /** The position of the last entry, or -1 if the listpack is empty. */
    public static int last(Memory memory, long listpack) {
        return previousOf(memory, listpack, terminatorPosition(memory, listpack));
    }

    /** The position of the entry after {@code position}, or -1 past the last. */
    public static int next(Memory memory, long listpack, int position) {
        checkPosition(memory, listpack, position);
        int next = position + ListpackCodec.entrySize(memory, listpack, position);
        return isTerminator(memory, listpack, next) ? -1 : next;
    }

    /** The position of the entry before {@code position}, or -1 before the first. */
    public static int prev(Memory memory, long listpack, int position) {
        checkPosition(memory, listpack, position);
        return previousOf(memory, listpack, position);
    }

    /**
     * The position of the entry at {@code index}, 0-based, or counted from the end when negative (-1
     * is the last); -1 if out of range. Walks from whichever end is nearer, as {@code lpSeek} does.
     */
    public static int seek(Memory memory, long listpack, long index) {
        int count = headerCount(memory, listpack);
        boolean forward = true;
        if (count != COUNT_UNKNOWN) {
            if (index < 0) {
                index += count;
            }
            if (index < 0 || index >= count) {
                return -1;
            }
            if (index > count / 2) {
                forward = false;
                index -= count;
            }
        } else if (index < 0) {
            forward = false;
        }
        return forward ? walkForward(memory, listpack, index) : walkBackward(memory, listpack, index);
    }

    private static int walkForward(Memory memory, long listpack, long steps) {
        int position = first(memory, listpack);
        for (long i = 0; i < steps && position != -1; i++) {
            position = next(memory, listpack, position);
        }
        return position;
    }

    /** From the last entry, {@code -1 - index} steps back ({@code index} is negative). */
    private static int walkBackward(Memory memory, long listpack, long index) {
        int position = last(memory, listpack);
        for (long i = index; i < -1 && position != -1; i++) {
            position = previousOf(memory, listpack, position);
        }
        return position;
    }

    // ---------------------------------------------------------------------------------------------
    // Reading entries

    /** Fills {@code out} with the value of the entry at {@code position}. */
    public static void get(Memory memory, long listpack, int position, Element out) {
        checkPosition(memory, listpack, position);
        ListpackCodec.read(memory, listpack, position, out);
    }

    /** Whether the entry's string form (an integer's decimal text) equals {@code value[offset, offset + length)}. */
    public static boolean entryEquals(Memory memory, long listpack, int position, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        checkPosition(memory, listpack, position);
        int first = memory.getByte(listpack + position) & 0xFF;
        if (ListpackDescriptor.isInteger(first)) {
            return IntegerText.isCanonicalLong(value, offset, length)
                    && IntegerText.parseCanonicalLong(value, offset, length) == integerAt(memory, listpack, position);
        }
        return stringEquals(memory, listpack, position, value, offset, length);
    }

    /**
     * Like Redis's {@code lpFind}: compares the entry at {@code fromPosition}, then every
     * {@code (skip + 1)}-th entry after it (skip 1 visits a hash's fields and not its values), by
     * string form. Returns the position of the first equal entry, or -1; -1 too when
     * {@code fromPosition} is -1, so that {@code find(m, lp, first(m, lp), ...)} works on an empty listpack.
     */
    public static int find(Memory memory, long listpack, int fromPosition, byte[] value, int offset, int length, int skip) {
        Objects.checkFromIndexSize(offset, length, value.length);
        if (skip < 0) {
            throw new IllegalArgumentException("negative skip " + skip);
        }
        if (fromPosition == -1) {
            return -1;
        }
        checkPosition(memory, listpack, fromPosition);
        boolean valueIsInteger = IntegerText.isCanonicalLong(value, offset, length);
        long valueAsInteger = valueIsInteger ? IntegerText.parseCanonicalLong(value, offset, length) : 0;
        int position = fromPosition;
        int toSkip = 0;
        while (true) {
            long at = listpack + position;
            int first = memory.getByte(at) & 0xFF;
            long encoded;
            // the first byte alone decides the common entries: small integers and strings of up to 63 bytes
            if (first < ListpackDescriptor.STRING_6BIT) {
                if (toSkip == 0 && valueIsInteger && first == valueAsInteger) {
                    return position;
                }
                encoded = 1;
            } else if (first < ListpackDescriptor.INT_13BIT) {
                int stringLength = first & 0x3F;
                if (toSkip == 0 && stringLength == length && memory.contentEquals(at + 1, value, offset, length)) {
                    return position;
                }
                encoded = 1 + stringLength;
            } else if (first == TERMINATOR) {
                return -1;
            } else {
                if (toSkip == 0) {
                    boolean equal = ListpackDescriptor.isInteger(first)
                            ? valueIsInteger && integerAt(memory, listpack, position) == valueAsInteger
                            : stringEquals(memory, listpack, position, value, offset, length);
                    if (equal) {
                        return position;
                    }
                }
                encoded = ListpackCodec.encodedSize(memory, listpack, position);
            }
            toSkip = toSkip == 0 ? skip : toSkip - 1;
            position += (int) (encoded + ListpackDescriptor.backlenSize(encoded));
        }
    }

    private static long integerAt(Memory memory, long listpack, int position) {
        long at = listpack + position;
        return ListpackCodec.integerValue(memory, at, memory.getByte(at) & 0xFF);
    }

    private static boolean stringEquals(Memory memory, long listpack, int position, byte[] value, int offset, int length) {
        long at = listpack + position;
        int first = memory.getByte(at) & 0xFF;
        long encoded = ListpackCodec.encodedSize(memory, listpack, position);
        int header = ListpackDescriptor.encodingSize(first);
        return encoded - header == length && memory.contentEquals(at + header, value, offset, length);
    }

    // ---------------------------------------------------------------------------------------------
    // Writing

    /** Appends a value (stored as an integer when it is a canonical integer); returns the listpack's new address. */
    public static long append(Allocator allocator, long listpack, byte[] value, int offset, int length) {
        return insertValue(allocator, listpack, terminatorPosition(allocator.memory(), listpack), 0, value, offset, length);
    }

    /** Appends an integer in its smallest encoding; returns the listpack's new address. */
    public static long appendInteger(Allocator allocator, long listpack, long value) {
        return insertInteger(allocator, listpack, terminatorPosition(allocator.memory(), listpack), 0, value);
    }

    /**
     * Inserts a value before the first entry; returns the listpack's new address, which is lower than
     * the old one when there was room before it ({@link #HEAD_ROOM_LIMIT}).
     */
    public static long prepend(Allocator allocator, long listpack, byte[] value, int offset, int length) {
        return insertValue(allocator, listpack, PREPEND, 0, value, offset, length);
    }

    /** Inserts a value before or after the entry at {@code position}; returns the listpack's new address. */
    public static long insert(Allocator allocator, long listpack, int position, boolean after, byte[] value, int offset,
                              int length) {
        Memory memory = allocator.memory();
        checkPosition(memory, listpack, position);
        int at = after ? position + ListpackCodec.entrySize(memory, listpack, position) : position;
        return insertValue(allocator, listpack, at, 0, value, offset, length);
    }

    /** Replaces the entry at {@code position} with a value; returns the listpack's new address. */
    public static long replace(Allocator allocator, long listpack, int position, byte[] value, int offset, int length) {
        Memory memory = allocator.memory();
        checkPosition(memory, listpack, position);
        return insertValue(allocator, listpack, position, ListpackCodec.entrySize(memory, listpack, position), value,
                offset, length);
    }

    /** Replaces the entry at {@code position} with an integer; returns the listpack's new address. */
    public static long replaceInteger(Allocator allocator, long listpack, int position, long value) {
        Memory memory = allocator.memory();
        checkPosition(memory, listpack, position);
        return insertInteger(allocator, listpack, position, ListpackCodec.entrySize(memory, listpack, position), value);
    }

    /** Gives back the room a listpack was made with beyond its bytes (lpShrinkToFit); returns its address. */
    public static long shrinkToFit(Allocator allocator, long listpack) {
        long total = totalBytes(allocator.memory(), listpack);
        long allocation = allocator.allocationOf(listpack);
        if (allocation == listpack) {
            return allocator.usableSize(listpack) > total ? allocator.reallocate(listpack, total) : listpack;
        }
        return relocate(allocator, listpack, allocation, total, total);   // the room before it goes too
    }

    /** Removes the entry at {@code position}; the entry after it, if any, now starts there. */
    public static long delete(Allocator allocator, long listpack, int position) {
        Memory memory = allocator.memory();
        checkPosition(memory, listpack, position);
        listpack = makeRoom(allocator, listpack, position, ListpackCodec.entrySize(memory, listpack, position), 0);
        addToCount(allocator.memory(), listpack, -1);
        return listpack;
    }

    /**
     * Like Redis's {@code lpDeleteRange}: removes up to {@code count} entries starting at
     * {@code index} (negative counts from the end); nothing when {@code index} is out of range.
     */
    public static long deleteRange(Allocator allocator, long listpack, long index, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        Memory memory = allocator.memory();
        int position = count == 0 ? -1 : seek(memory, listpack, index);
        if (position == -1) {
            return listpack;
        }
        int known = headerCount(memory, listpack);
        if (known != COUNT_UNKNOWN && index < 0) {
            index += known;
        }
        if (known != COUNT_UNKNOWN && known - index <= count) {
            return truncate(allocator, listpack, position, (int) index);
        }
        int end = position;
        int deleted = 0;
        while (deleted < count && !isTerminator(memory, listpack, end)) {
            end += ListpackCodec.entrySize(memory, listpack, end);
            deleted++;
        }
        listpack = makeRoom(allocator, listpack, position, end - position, 0);
        addToCount(allocator.memory(), listpack, -deleted);
        return listpack;
    }

    /** Ends the listpack at {@code position}, which becomes the terminator; {@code remaining} entries stay. */
    private static long truncate(Allocator allocator, long listpack, int position, int remaining) {
        Memory memory = allocator.memory();
        memory.putByte(listpack + position, (byte) TERMINATOR);
        memory.putInt(listpack + TOTAL_BYTES_OFFSET, position + 1);
        memory.putShort(listpack + COUNT_OFFSET, (short) remaining);
        return resize(allocator, listpack, position + 1);
    }

    /** {@link #prepend}'s position for {@link #makeRoom}: before the first entry, using room before the listpack. */
    private static final int PREPEND = -1;

    /** Where an entry written at {@code position} (which may be {@link #PREPEND}) starts once the room is made. */
    private static int entryAt(int position) {
        return position == PREPEND ? HEADER_SIZE : position;
    }

    /**
     * Room before a listpack is kept in allocations of at most this many bytes, Redis's default quicklist
     * node ({@code list-max-listpack-size -2}): a prepend that finds none moves the listpack to the end of
     * an allocation of twice its size up to this, and deleting the first entries leaves it. Larger
     * listpacks grow and shrink at the head in place, as Redis's do.
     */
    public static final int HEAD_ROOM_LIMIT = 8192;

    /**
     * Nor is room kept before a listpack or an allocation smaller than this: moving a few hundred bytes
     * costs little, and small lists, hashes and sorted sets keep the memory Redis gives them.
     */
    public static final int HEAD_ROOM_MIN = 256;

    private static long insertValue(Allocator allocator, long listpack, int position, int replaced, byte[] value, int offset,
                                    int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        if (IntegerText.isCanonicalLong(value, offset, length)) {
            return insertInteger(allocator, listpack, position, replaced, IntegerText.parseCanonicalLong(value, offset, length));
        }
        long encoded = (long) ListpackDescriptor.stringHeaderSize(length) + length;
        int size = Math.toIntExact(encoded + ListpackDescriptor.backlenSize(encoded));
        listpack = makeRoom(allocator, listpack, position, replaced, size);
        ListpackCodec.writeString(allocator.memory(), listpack + entryAt(position), value, offset, length);
        if (replaced == 0) {
            addToCount(allocator.memory(), listpack, 1);
        }
        return listpack;
    }

    private static long insertInteger(Allocator allocator, long listpack, int position, int replaced, long value) {
        int encoded = ListpackDescriptor.integerEncodedSize(value);
        listpack = makeRoom(allocator, listpack, position, replaced, encoded + ListpackDescriptor.backlenSize(encoded));
        ListpackCodec.writeInteger(allocator.memory(), listpack + entryAt(position), value);
        if (replaced == 0) {
            addToCount(allocator.memory(), listpack, 1);
        }
        return listpack;
    }

    /**
     * Turns the {@code oldSize} bytes at {@code position} into {@code newSize} bytes (contents
     * unspecified), moving the tail and the terminator, updating the total, and growing before (only
     * when the allocation is too small, so a listpack made with room to spare fills it in place) or
     * shrinking after the move, as {@code lpInsert} does. Returns the listpack's address.
     * {@link #PREPEND} makes {@code newSize} bytes before the first entry ({@code oldSize} 0).
     */
    private static long makeRoom(Allocator allocator, long listpack, int position, int oldSize, int newSize) {
        Memory memory = allocator.memory();
        long oldTotal = totalBytes(memory, listpack);
        long newTotal = oldTotal - oldSize + newSize;
        if (newTotal > ListpackDescriptor.MAX_TOTAL_BYTES) {
            throw new ListpackFullException(oldTotal, newTotal);
        }
        if (position == PREPEND) {
            long moved = makeRoomBefore(allocator, listpack, oldTotal, newSize);
            if (moved != 0) {
                return moved;
            }
            position = HEADER_SIZE;
        } else if (position == HEADER_SIZE && newSize == 0) {
            long moved = dropFirst(allocator, listpack, oldTotal, oldSize);
            if (moved != 0) {
                return moved;
            }
        }
        if (newSize == oldSize) {
            return listpack;   // a same-size replacement: nothing moves
        }
        if (newTotal > oldTotal && newTotal > room(allocator, listpack)) {
            listpack = resize(allocator, listpack, newTotal);   // grows only past its allocation, as lpInsert
        }
        long tail = listpack + position + oldSize;
        memory.copy(tail, listpack + position + newSize, listpack + oldTotal - tail);
        memory.putInt(listpack + TOTAL_BYTES_OFFSET, (int) newTotal);
        if (newTotal < oldTotal) {
            listpack = resize(allocator, listpack, newTotal);
        }
        return listpack;
    }

    /**
     * Makes {@code size} bytes before the first entry by moving the header back into the room before
     * the listpack, or, when that room is short and the listpack {@link #HEAD_ROOM_MIN} bytes or more, by moving the listpack to the
     * end of a new allocation of twice its size. Returns the new address, or 0 when the listpack is too
     * large for either and must grow at its head as Redis's does.
     */
    private static long makeRoomBefore(Allocator allocator, long listpack, long oldTotal, int size) {
        Memory memory = allocator.memory();
        long newTotal = oldTotal + size;
        long allocation = allocator.allocationOf(listpack);
        long moved;
        if (listpack - allocation >= size) {
            moved = listpack - size;
            memory.copy(listpack, moved, HEADER_SIZE);
        } else if (newTotal >= HEAD_ROOM_MIN && newTotal < HEAD_ROOM_LIMIT) {
            long grown = allocator.allocate(Math.min(2 * newTotal, HEAD_ROOM_LIMIT));
            moved = grown + allocator.usableSize(grown) - newTotal;
            memory.copy(listpack, moved, HEADER_SIZE);
            memory.copy(listpack + HEADER_SIZE, moved + HEADER_SIZE + size, oldTotal - HEADER_SIZE);
            allocator.free(allocation);
        } else {
            return 0;
        }
        memory.putInt(moved + TOTAL_BYTES_OFFSET, (int) newTotal);
        return moved;
    }

    /**
     * Removes the {@code size} bytes after the header by moving the header forward over them, when the
     * listpack's allocation is {@link #HEAD_ROOM_MIN} to {@link #HEAD_ROOM_LIMIT} bytes; the room left
     * before it serves the next prepend, until the listpack fills a quarter of the allocation or less
     * ({@link #resize}). Returns the new address, or 0 for another allocation, whose entries move back
     * as Redis's do.
     */
    private static long dropFirst(Allocator allocator, long listpack, long oldTotal, int size) {
        long allocation = allocator.allocationOf(listpack);
        long usable = allocator.usableSize(allocation);
        if (usable < HEAD_ROOM_MIN || usable > HEAD_ROOM_LIMIT) {
            return 0;
        }
        Memory memory = allocator.memory();
        long moved = listpack + size;
        memory.copy(listpack, moved, HEADER_SIZE);
        memory.putInt(moved + TOTAL_BYTES_OFFSET, (int) (oldTotal - size));
        return resize(allocator, moved, oldTotal - size);
    }

    /** The bytes from the listpack's address to the end of its allocation. */
    private static long room(Allocator allocator, long listpack) {
        long allocation = allocator.allocationOf(listpack);
        return allocator.usableSize(allocation) - (listpack - allocation);
    }

    /**
     * {@link Allocator#reallocate} for a listpack that may start inside its allocation: one that does
     * stays where it is while it fits and fills more than a quarter of the allocation, and otherwise
     * moves to an allocation of its own size (the room before it given back). Returns its address.
     */
    static long resize(Allocator allocator, long listpack, long newSize) {
        long allocation = allocator.allocationOf(listpack);
        if (allocation == listpack) {
            return allocator.reallocate(listpack, newSize);
        }
        long usable = allocator.usableSize(allocation);
        long room = usable - (listpack - allocation);
        if (newSize <= room && newSize > usable / 4) {
            return listpack;
        }
        return relocate(allocator, listpack, allocation, newSize, Math.min(room, newSize));
    }

    /** Moves {@code kept} bytes of the listpack to the start of a new allocation of {@code size}, freeing the old one. */
    private static long relocate(Allocator allocator, long listpack, long allocation, long size, long kept) {
        long moved = allocator.allocate(size);
        allocator.memory().copy(listpack, moved, kept);
        allocator.free(allocation);
        return moved;
    }

    /** Adds to a known count; an unknown count (65535) stays unknown, and reaching 65535 makes it so. */
    private static void addToCount(Memory memory, long listpack, int delta) {
        int count = headerCount(memory, listpack);
        if (count != COUNT_UNKNOWN) {
            memory.putShort(listpack + COUNT_OFFSET, (short) Math.min(COUNT_UNKNOWN, count + delta));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private static int headerCount(Memory memory, long listpack) {
        return memory.getShort(listpack + COUNT_OFFSET) & 0xFFFF;
    }

    private static int terminatorPosition(Memory memory, long listpack) {
        return (int) totalBytes(memory, listpack) - 1;
    }

    private static boolean isTerminator(Memory memory, long listpack, int position) {
        return (memory.getByte(listpack + position) & 0xFF) == TERMINATOR;
    }

    /** The entry before {@code position}, which is an entry or the terminator. */
    private static int previousOf(Memory memory, long listpack, int position) {
        if (position == HEADER_SIZE) {
            return -1;
        }
        long encoded = ListpackCodec.decodeBacklen(memory, listpack + position - 1);
        return (int) (position - encoded - ListpackDescriptor.backlenSize(encoded));
    }

    /** A cheap guard against a stale or made-up position: it must lie between the header and the terminator. */
    private static void checkPosition(Memory memory, long listpack, int position) {
        if (position < HEADER_SIZE || position >= terminatorPosition(memory, listpack)) {
            throw new IndexOutOfBoundsException("position " + position + " is not inside the entries of a listpack of "
                    + totalBytes(memory, listpack) + " bytes");
        }
    }
}
