package io.forkline.engine.types;

import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

/**
 * A small hash as one {@link Listpack}: field, value, field, value, ... in the order the fields were
 * added, byte for byte what Redis 7 holds and writes to an RDB file. Fields are found by a linear walk,
 * which is what makes this encoding only for small hashes.
 */
final class HashListpack {

    private HashListpack() {
    }

    /** The number of fields: half the entries. */
    static long size(Memory memory, long listpack) {
        return Listpack.size(memory, listpack) / 2;
    }

    /** The position of the field's entry, or -1. */
    static int findField(Memory memory, long listpack, byte[] field, int offset, int length) {
        return Listpack.find(memory, listpack, Listpack.first(memory, listpack), field, offset, length, 1);
    }

    /** Fills {@code out} with the field's value; false if the hash has no such field. */
    static boolean get(Memory memory, long listpack, byte[] field, int offset, int length, Element out) {
        int position = findField(memory, listpack, field, offset, length);
        if (position == -1) {
            return false;
        }
        Listpack.get(memory, listpack, Listpack.next(memory, listpack, position), out);
        return true;
    }

    /** Replaces the field's value, or appends the pair; returns the listpack's address. */
    static long set(Allocator allocator, long listpack, byte[] field, int fieldOffset, int fieldLength,
                    byte[] value, int valueOffset, int valueLength) {
        Memory memory = allocator.memory();
        int position = findField(memory, listpack, field, fieldOffset, fieldLength);
        if (position != -1) {
            int valuePosition = Listpack.next(memory, listpack, position);
            return Listpack.replace(allocator, listpack, valuePosition, value, valueOffset, valueLength);
        }
        listpack = Listpack.append(allocator, listpack, field, fieldOffset, fieldLength);
        return Listpack.append(allocator, listpack, value, valueOffset, valueLength);
    }

    /** Removes the field and its value if present; returns the listpack's address. */
    static long delete(Allocator allocator, long listpack, byte[] field, int offset, int length) {
        int position = findField(allocator.memory(), listpack, field, offset, length);
        if (position == -1) {
            return listpack;
        }
        listpack = Listpack.delete(allocator, listpack, position);   // the field; its value now starts there
        return Listpack.delete(allocator, listpack, position);
    }

    /** Passes every pair, in listpack order, through two reused holders. */
    static void forEach(Memory memory, long listpack, HashValue.FieldVisitor visitor) {
        Element field = new Element();
        Element value = new Element();
        for (int position = Listpack.first(memory, listpack); position != -1; ) {
            int valuePosition = Listpack.next(memory, listpack, position);
            Listpack.get(memory, listpack, position, field);
            Listpack.get(memory, listpack, valuePosition, value);
            visitor.visit(field, value);
            position = Listpack.next(memory, listpack, valuePosition);
        }
    }

    /**
     * The positions of the fields, in order: what random picks index into, so that a pick costs no walk.
     */
    static int[] fieldPositions(Memory memory, long listpack) {
        int[] positions = new int[Math.toIntExact(size(memory, listpack))];
        int position = Listpack.first(memory, listpack);
        for (int i = 0; i < positions.length; i++) {
            positions[i] = position;
            position = Listpack.next(memory, listpack, Listpack.next(memory, listpack, position));
        }
        return positions;
    }

    /** Fills the holders with the pair whose field is at {@code position}. */
    static void pairAt(Memory memory, long listpack, int position, Element field, Element value) {
        Listpack.get(memory, listpack, position, field);
        Listpack.get(memory, listpack, Listpack.next(memory, listpack, position), value);
    }

    /** A copy of the listpack, for COPY. */
    static long duplicate(Allocator allocator, long listpack) {
        long bytes = Listpack.totalBytes(allocator.memory(), listpack);
        long copy = allocator.allocate(bytes);
        allocator.memory().copy(listpack, copy, bytes);
        return copy;
    }
}
