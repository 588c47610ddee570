package io.forkline.engine.types;

import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

import static io.forkline.engine.types.HashValue.PAYLOAD_BYTES;
import static io.forkline.engine.types.HashValue.VALUE_HEADER;

/**
 * A large hash as a {@link Dict}: the field is the entry's key and the entry's payload is the address of
 * the value, a length-prefixed string of its own ({@link HashValue}'s layout). Deletes shrink the table
 * when it gets sparse, as Redis 7.0's {@code hashTypeDelete} does.
 */
final class HashDict {

    /** Entries sampled per fair random pick, as Redis's {@code GETFAIR_NUM_ENTRIES}. */
    static final int FAIR_SAMPLE = 20;
    /** A value's allocation is kept on overwrite when the new value fills at least about half of it. */
    private static final int REUSE_SLACK = 64;

    private HashDict() {
    }

    static long create(Allocator allocator) {
        return Dict.create(allocator, PAYLOAD_BYTES);
    }

    static long size(Memory memory, long dict) {
        return Dict.size(memory, dict);
    }

    /** The address of the value string of a dict entry. */
    static long valueOf(Memory memory, long entry) {
        return memory.getLong(Dict.payload(entry));
    }

    /** Fills {@code out} with the entry's field, as a string in paged memory. */
    static void field(Memory memory, long entry, Element out) {
        out.setString(Dict.keyAddress(memory, entry), Dict.keyLength(memory, entry));
    }

    /** Fills {@code out} with the entry's value, as a string in paged memory. */
    static void value(Memory memory, long entry, Element out) {
        long value = valueOf(memory, entry);
        out.setString(value + VALUE_HEADER, memory.getInt(value));
    }

    /** Fills {@code out} with the field's value; false if the hash has no such field. */
    static boolean get(Memory memory, long dict, byte[] field, int offset, int length, Element out) {
        long entry = Dict.find(memory, dict, field, offset, length);
        if (entry == 0) {
            return false;
        }
        value(memory, entry, out);
        return true;
    }

    /** Sets the field's value, adding the field if it is new. The dict's address never changes. */
    static void set(Allocator allocator, long dict, byte[] field, int fieldOffset, int fieldLength,
                    byte[] value, int valueOffset, int valueLength) {
        long entry = Dict.findForWrite(allocator, dict, field, fieldOffset, fieldLength);
        Memory memory = allocator.memory();
        if (entry == 0) {
            entry = Dict.insert(allocator, dict, field, fieldOffset, fieldLength);
            memory.putLong(Dict.payload(entry), newValue(allocator, value, valueOffset, valueLength));
            return;
        }
        long old = valueOf(memory, entry);
        long capacity = allocator.usableSize(old) - VALUE_HEADER;
        if (capacity >= valueLength && capacity <= 2L * valueLength + REUSE_SLACK) {
            memory.putInt(old, valueLength);
            memory.putBytes(old + VALUE_HEADER, value, valueOffset, valueLength);
        } else {
            allocator.free(old);
            memory.putLong(Dict.payload(entry), newValue(allocator, value, valueOffset, valueLength));
        }
    }

    /** Removes the field if present, then shrinks a sparse table; returns whether it was present. */
    static boolean delete(Allocator allocator, long dict, byte[] field, int offset, int length) {
        long entry = Dict.unlink(allocator, dict, field, offset, length);
        if (entry == 0) {
            return false;
        }
        allocator.free(valueOf(allocator.memory(), entry));
        Dict.freeEntry(allocator, entry);
        Dict.shrinkIfSparse(allocator, dict);
        return true;
    }

    /** A new value string holding the bytes. */
    static long newValue(Allocator allocator, byte[] bytes, int offset, int length) {
        long value = allocator.allocate(VALUE_HEADER + Math.max(length, 1));
        Memory memory = allocator.memory();
        memory.putInt(value, length);
        memory.putBytes(value + VALUE_HEADER, bytes, offset, length);
        return value;
    }

    /** Passes every pair, in table order, through two reused holders. */
    static void forEach(Memory memory, long dict, HashValue.FieldVisitor visitor) {
        Element field = new Element();
        Element value = new Element();
        Dict.forEach(memory, dict, entry -> {
            field(memory, entry, field);
            value(memory, entry, value);
            visitor.visit(field, value);
        });
    }

    /** One step of a SCAN over the entries (Dict's cursor); returns the next cursor, 0 when done. */
    static long scan(Memory memory, long dict, long cursor, LongConsumer entries) {
        return Dict.scan(memory, dict, cursor, entries);
    }

    /**
     * A random entry as Redis's {@code dictGetFairRandomKey} picks it: one of up to {@value #FAIR_SAMPLE}
     * entries sampled from a random stretch of buckets, which evens out the bias of long chains that a
     * single random bucket has. {@code sample} is scratch of {@value #FAIR_SAMPLE} slots; the dict must not
     * be empty.
     */
    static long fairRandomEntry(Memory memory, long dict, RandomGenerator random, long[] sample) {
        int[] taken = {0};
        Dict.sample(memory, dict, sample.length, random, entry -> sample[taken[0]++] = entry);
        return taken[0] == 0 ? Dict.randomEntry(memory, dict, random) : sample[random.nextInt(taken[0])];
    }

    static void free(Allocator allocator, long dict) {
        Memory memory = allocator.memory();
        Dict.free(allocator, dict, entry -> allocator.free(valueOf(memory, entry)));
    }

    /** A deep copy, for COPY: every field and value copied into a new dict. */
    static long duplicate(Allocator allocator, long dict) {
        Memory memory = allocator.memory();
        long copy = create(allocator);
        byte[][] scratch = {new byte[64]};
        Dict.forEach(memory, dict, entry -> {
            int length = Dict.keyLength(memory, entry);
            if (scratch[0].length < length) {
                scratch[0] = new byte[Math.max(length, 2 * scratch[0].length)];
            }
            memory.getBytes(Dict.keyAddress(memory, entry), scratch[0], 0, length);
            long target = Dict.insert(allocator, copy, scratch[0], 0, length);
            long value = valueOf(memory, entry);
            long bytes = VALUE_HEADER + (long) memory.getInt(value);
            long duplicate = allocator.allocate(Math.max(bytes, VALUE_HEADER + 1));
            memory.copy(value, duplicate, bytes);
            memory.putLong(Dict.payload(target), duplicate);
        });
        return copy;
    }

    /**
     * Bytes the hash takes, as Redis's {@code objectComputeSize} estimates it: the table, plus the average of
     * {@code samples} entries (0 = all) with their values, times the number of entries.
     */
    static long memoryUsage(Memory memory, long dict, int samples) {
        long size = Dict.size(memory, dict);
        long wanted = samples == 0 ? size : Math.min(samples, size);
        long[] measured = {0, 0};   // entries, bytes
        long cursor = 0;
        do {
            cursor = Dict.scan(memory, dict, cursor, entry -> {
                if (measured[0] < wanted) {
                    measured[0]++;
                    measured[1] += entryBytes(memory, entry);
                }
            });
        } while (cursor != 0 && measured[0] < wanted);
        long elements = measured[0] == 0 ? 0 : Math.round((double) measured[1] / measured[0] * size);
        return Dict.tableBytes(memory, dict) + elements;
    }

    /** An entry's bytes: next word, payload, key length and key, plus its value string. */
    private static long entryBytes(Memory memory, long entry) {
        int keyLength = Dict.keyLength(memory, entry);
        long keyBytes = Dict.keyAddress(memory, entry) - entry + keyLength;
        return keyBytes + VALUE_HEADER + memory.getInt(valueOf(memory, entry));
    }
}
