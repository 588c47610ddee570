package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

/**
 * A hash value in paged memory, in either of Redis 7's encodings, with the reads a snapshot uses (they
 * take any {@link Memory}, a fork's view included) and the writes the hash commands use.
 *
 * <h2>Layouts</h2>
 * <b>LISTPACK</b> ({@link HashListpack}): the key's value field is the address of one Redis 7 listpack
 * (layout in {@code ListpackDescriptor}) holding field, value, field, value, ... in insertion order;
 * a canonical integer is stored as a listpack integer, exactly as Redis does, so the bytes are what an
 * RDB file's {@code RDB_TYPE_HASH_LISTPACK} holds.
 *
 * <p><b>HASHTABLE</b> ({@link HashDict}): the key's value field is the address of a {@code Dict} with
 * {@value #PAYLOAD_BYTES} bytes of payload per entry. The entry's key is the field; its payload is the
 * address of the value string:
 * <pre>
 *  dict entry payload                     value string (one allocation)
 *  0                   8                  0          4                    4+length
 *  +-------------------+                  +----------+--------------------+
 *  | value address     | ---------------> | length   | bytes              |
 *  | 8 bytes, LE       |                  | u32, LE  | length bytes       |
 *  +-------------------+                  +----------+--------------------+
 * </pre>
 * A value string is allocated with at least one byte of room, and is rewritten in place when a new
 * value fits its allocation snugly.
 *
 * <h2>Conversions</h2>
 * A new hash is a listpack. It becomes a hashtable, and never back, when it would hold a field or value
 * longer than {@code hash-max-listpack-value} or more than {@code hash-max-listpack-entries} fields:
 * {@link HashCommands} decides when, {@link #toHashtable} converts.
 */
public final class HashValue implements ValueHandler {

    public static final HashValue HANDLER = new HashValue();

    /** Bytes of payload in a hashtable's dict entries: the value string's address. */
    static final int PAYLOAD_BYTES = 8;
    /** The value string's length prefix. */
    static final int VALUE_HEADER = 4;

    /** What {@link #forEach} passes each pair to. */
    @FunctionalInterface
    public interface FieldVisitor {

        /**
         * One field and its value. The holders are reused for the next pair, and a string's address is valid
         * until the hash is next written: copy what must outlive the call.
         */
        void visit(Element field, Element value);
    }

    private HashValue() {
    }

    // ---------------------------------------------------------------------------------------------
    // Reads: any Memory, never writing

    /** The number of fields. */
    public static long size(Memory memory, long hash, Encoding encoding) {
        return switch (encoding) {
            case LISTPACK -> HashListpack.size(memory, hash);
            case HASHTABLE -> HashDict.size(memory, hash);
            default -> throw unknown(encoding);
        };
    }

    /** Fills {@code out} with the field's value; false if the hash has no such field. */
    public static boolean get(Memory memory, long hash, Encoding encoding, byte[] field, int offset, int length,
                              Element out) {
        return switch (encoding) {
            case LISTPACK -> HashListpack.get(memory, hash, field, offset, length, out);
            case HASHTABLE -> HashDict.get(memory, hash, field, offset, length, out);
            default -> throw unknown(encoding);
        };
    }

    /** Passes every field and value: in insertion order for a listpack, table order for a hashtable. */
    public static void forEach(Memory memory, long hash, Encoding encoding, FieldVisitor visitor) {
        switch (encoding) {
            case LISTPACK -> HashListpack.forEach(memory, hash, visitor);
            case HASHTABLE -> HashDict.forEach(memory, hash, visitor);
            default -> throw unknown(encoding);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Writes: on the writer, returning the hash's maybe-moved address

    /** A new, empty hash: a listpack. */
    public static long create(Allocator allocator) {
        return Listpack.create(allocator);
    }

    /**
     * Sets a field to a value, adding the field if it is new, in the hash's current encoding (converting is
     * the caller's decision). Returns the hash's address, which moves when a listpack grows.
     */
    public static long set(Allocator allocator, long hash, Encoding encoding, byte[] field, int fieldOffset,
                           int fieldLength, byte[] value, int valueOffset, int valueLength) {
        return switch (encoding) {
            case LISTPACK -> HashListpack.set(allocator, hash, field, fieldOffset, fieldLength, value, valueOffset,
                    valueLength);
            case HASHTABLE -> {
                HashDict.set(allocator, hash, field, fieldOffset, fieldLength, value, valueOffset, valueLength);
                yield hash;
            }
            default -> throw unknown(encoding);
        };
    }

    /** Removes a field if present; returns the hash's address, which moves when a listpack shrinks. */
    public static long delete(Allocator allocator, long hash, Encoding encoding, byte[] field, int offset, int length) {
        return switch (encoding) {
            case LISTPACK -> HashListpack.delete(allocator, hash, field, offset, length);
            case HASHTABLE -> {
                HashDict.delete(allocator, hash, field, offset, length);
                yield hash;
            }
            default -> throw unknown(encoding);
        };
    }

    /** The same pairs as a hashtable, added in listpack order; frees the listpack. Returns the dict. */
    public static long toHashtable(Allocator allocator, long listpack) {
        Memory memory = allocator.memory();
        long dict = HashDict.create(allocator);
        byte[][] scratch = {new byte[64], new byte[64]};
        HashListpack.forEach(memory, listpack, (field, value) -> {
            scratch[0] = copyOf(memory, field, scratch[0]);
            scratch[1] = copyOf(memory, value, scratch[1]);
            HashDict.set(allocator, dict, scratch[0], 0, field.stringLength(), scratch[1], 0, value.stringLength());
        });
        Listpack.free(allocator, listpack);
        return dict;
    }

    /** The element's string form in {@code buffer}, or in a larger buffer returned in its place. */
    static byte[] copyOf(Memory memory, Element element, byte[] buffer) {
        int length = element.stringLength();
        byte[] target = buffer.length >= length ? buffer : new byte[Math.max(length, 2 * buffer.length)];
        element.copyTo(memory, target, 0);
        return target;
    }

    // ---------------------------------------------------------------------------------------------
    // ValueHandler

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        switch (encoding) {
            case LISTPACK -> Listpack.free(allocator, value);
            case HASHTABLE -> HashDict.free(allocator, value);
            default -> throw unknown(encoding);
        }
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        return switch (encoding) {
            case LISTPACK -> HashListpack.duplicate(allocator, value);
            case HASHTABLE -> HashDict.duplicate(allocator, value);
            default -> throw unknown(encoding);
        };
    }

    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        return switch (encoding) {
            case LISTPACK -> Listpack.totalBytes(memory, value);
            case HASHTABLE -> HashDict.memoryUsage(memory, value, samples);
            default -> throw unknown(encoding);
        };
    }

    private static IllegalArgumentException unknown(Encoding encoding) {
        return new IllegalArgumentException("a hash is never encoded as " + encoding.encodingName());
    }
}
