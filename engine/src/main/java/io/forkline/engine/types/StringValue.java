package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.struct.IntegerText;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

/**
 * A string value: {@code [length: 4 bytes][bytes]} in one allocation (RAW and EMBSTR), or, for a
 * canonical integer of at most 20 characters, the number itself in the key's value field (INT), as
 * Redis's tryObjectEncoding chooses. Spare room after the bytes (the allocation's usable size) lets
 * APPEND and SETRANGE grow in place, as an sds string's free space does.
 */
public final class StringValue implements ValueHandler {

    public static final StringValue HANDLER = new StringValue();

    /** Redis 7.0's OBJ_ENCODING_EMBSTR_SIZE_LIMIT: longer strings report "raw". */
    public static final int EMBSTR_LIMIT = 44;
    static final int HEADER = 4;
    /**
     * The longest string: its length is a 32-bit field (and its bytes one allocation an int can size), so
     * 2 GiB less its header, even when proto-max-bulk-len allows more (Redis's sds lengths are 64-bit).
     */
    public static final long MAX_LENGTH = Integer.MAX_VALUE - HEADER;
    /** Growth past this is linear, as sds's SDS_MAX_PREALLOC. */
    private static final int MAX_PREALLOCATION = 1024 * 1024;

    private StringValue() {
    }

    /** The encoding Redis would give these bytes when a client sets them. */
    public static Encoding encodingFor(byte[] bytes, int offset, int length) {
        if (length <= 20 && IntegerText.isCanonicalLong(bytes, offset, length)) {
            return Encoding.INT;
        }
        return length <= EMBSTR_LIMIT ? Encoding.EMBSTR : Encoding.RAW;
    }

    /** The value field for bytes stored with {@code encoding}: the number for INT, else a new allocation. */
    public static long create(Allocator allocator, byte[] bytes, int offset, int length, Encoding encoding) {
        if (encoding == Encoding.INT) {
            return IntegerText.parseCanonicalLong(bytes, offset, length);
        }
        long value = allocator.allocate(HEADER + Math.max(length, 1));
        Memory memory = allocator.memory();
        memory.putInt(value, length);
        memory.putBytes(value + HEADER, bytes, offset, length);
        return value;
    }

    /** The bytes' length, for either encoding. */
    public static int length(Memory memory, long value, Encoding encoding) {
        return encoding == Encoding.INT ? IntegerText.decimalLength(value) : memory.getInt(value);
    }

    /** Where the bytes of an allocated (non-INT) string start. */
    public static long bytesAddress(long value) {
        return value + HEADER;
    }

    /** The bytes, for either encoding. */
    public static byte[] bytes(Memory memory, long value, Encoding encoding) {
        if (encoding == Encoding.INT) {
            return IntegerText.formatLong(value);
        }
        byte[] bytes = new byte[memory.getInt(value)];
        memory.getBytes(value + HEADER, bytes, 0, bytes.length);
        return bytes;
    }

    /**
     * Makes room for {@code newLength} bytes in an allocated string, growing as sds does (double below
     * 1 MiB, then 1 MiB more), and sets its length; new bytes are zero. Returns the maybe-moved value.
     */
    public static long resize(Allocator allocator, long value, int newLength) {
        Memory memory = allocator.memory();
        int oldLength = memory.getInt(value);
        long capacity = allocator.usableSize(value) - HEADER;
        if (newLength > capacity) {
            long wanted = newLength < MAX_PREALLOCATION ? 2L * newLength : (long) newLength + MAX_PREALLOCATION;
            value = allocator.reallocate(value, HEADER + wanted);
        }
        if (newLength > oldLength) {
            memory.fill(value + HEADER + oldLength, newLength - oldLength, (byte) 0);
        }
        memory.putInt(value, newLength);
        return value;
    }

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        if (encoding != Encoding.INT) {
            allocator.free(value);
        }
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        if (encoding == Encoding.INT) {
            return value;
        }
        Memory memory = allocator.memory();
        int length = memory.getInt(value);
        long copy = allocator.allocate(HEADER + Math.max(length, 1));
        memory.copy(value, copy, HEADER + (long) length);
        return copy;
    }

    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        return encoding == Encoding.INT ? 0 : HEADER + memory.getInt(value);
    }
}
