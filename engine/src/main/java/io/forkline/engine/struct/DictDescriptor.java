package io.forkline.engine.struct;

import io.forkline.pages.Memory;

/**
 * The binary layout of a {@link Dict} in paged memory: its header, its bucket arrays and its entries, as
 * offsets, with the reads and writes of each field. All values are little-endian.
 *
 * <h2>Header: one allocation of {@value #HEADER_BYTES} bytes, at the dict's address</h2>
 * <pre>
 *  0          8          16         24         32         40   41   42   43         48
 *  +----------+----------+----------+----------+----------+----+----+----+----------+
 *  | table 0  | table 0  | table 1  | table 1  | rehash   |exp |exp |pay-|  zero    |
 *  | buckets  | used     | buckets  | used     | index    | 0  | 1  |load|          |
 *  +----------+----------+----------+----------+----------+----+----+----+----------+
 * </pre>
 * <ul>
 *   <li>buckets: the address of the table's bucket array, 0 when the table has none (a new dict has no
 *   table 0; table 1 has one only while rehashing).
 *   <li>used: the entries linked into the table.
 *   <li>rehash index: the next bucket of table 0 to move into table 1, or -1 when not rehashing.
 *   <li>exp: log2 of the table's bucket count (one byte), meaningful only when it has buckets.
 *   <li>payload: the bytes of payload in every entry of this dict, 0 to {@value #MAX_PAYLOAD_BYTES}, a
 *   multiple of 4.
 * </ul>
 *
 * <h2>Bucket array: one allocation of 8 &times; 2<sup>exp</sup> bytes</h2>
 * Slot {@code i} holds the address of the first entry of bucket {@code i}'s chain, 0 when empty. A key's
 * bucket is the low {@code exp} bits of its {@link Hashing#hash}.
 *
 * <h2>Entry: one allocation of 8 + P + (1 to 5) + key-length bytes</h2>
 * <pre>
 *  0                        8               8+P               8+P+v
 *  +----------------+-------+---------------+-----------------+-----------------+
 *  | next entry     | P / 4 | payload       | key length      | key bytes       |
 *  | bits 63..4     | 3..0  | P bytes       | v = 1..5 bytes  |                 |
 *  +----------------+-------+---------------+-----------------+-----------------+
 * </pre>
 * The first word is the address of the next entry in the bucket's chain (0 at its end) with the entry's
 * payload size, in units of 4 bytes, in its low 4 bits: allocations are 16-byte aligned, like malloc's on
 * a 64-bit machine, so those bits of an address are always zero. Keeping the payload size in the entry
 * lets {@link Dict#keyLength} find the key from the entry alone without spending a byte per entry. The
 * key length is an unsigned LEB128 varint (7 bits per byte, low group first, high bit set on every byte
 * but the last).
 */
final class DictDescriptor {

    static final int TABLE_0_BUCKETS_OFFSET = 0;
    static final int TABLE_0_USED_OFFSET = 8;
    static final int TABLE_1_BUCKETS_OFFSET = 16;
    static final int TABLE_1_USED_OFFSET = 24;
    static final int REHASH_INDEX_OFFSET = 32;
    static final int TABLE_0_EXPONENT_OFFSET = 40;
    static final int TABLE_1_EXPONENT_OFFSET = 41;
    static final int PAYLOAD_BYTES_OFFSET = 42;
    static final int HEADER_BYTES = 48;

    /** Between table 0's fields and table 1's. */
    private static final int TABLE_STRIDE = 16;

    static final int BUCKET_BYTES = 8;

    static final int NEXT_OFFSET = 0;
    static final int PAYLOAD_OFFSET = 8;
    /** The low bits of an entry's first word that hold its payload size in units of 4 bytes. */
    static final long PAYLOAD_UNITS_MASK = 0xF;
    static final int PAYLOAD_UNIT = 4;
    static final int MAX_PAYLOAD_BYTES = (int) PAYLOAD_UNITS_MASK * PAYLOAD_UNIT;
    static final int MAX_KEY_LENGTH_BYTES = 5;

    private DictDescriptor() {
    }

    // ---------------------------------------------------------------------------------------------
    // Header

    static long buckets(Memory memory, long dict, int table) {
        return memory.getLong(dict + TABLE_0_BUCKETS_OFFSET + table * TABLE_STRIDE);
    }

    static void buckets(Memory memory, long dict, int table, long buckets) {
        memory.putLong(dict + TABLE_0_BUCKETS_OFFSET + table * TABLE_STRIDE, buckets);
    }

    static long used(Memory memory, long dict, int table) {
        return memory.getLong(dict + TABLE_0_USED_OFFSET + table * TABLE_STRIDE);
    }

    static void used(Memory memory, long dict, int table, long used) {
        memory.putLong(dict + TABLE_0_USED_OFFSET + table * TABLE_STRIDE, used);
    }

    static int exponent(Memory memory, long dict, int table) {
        return memory.getByte(dict + TABLE_0_EXPONENT_OFFSET + table);
    }

    static void exponent(Memory memory, long dict, int table, int exponent) {
        memory.putByte(dict + TABLE_0_EXPONENT_OFFSET + table, (byte) exponent);
    }

    /** The table's bucket count, 0 when it has no bucket array. */
    static long tableSize(Memory memory, long dict, int table) {
        return buckets(memory, dict, table) == 0 ? 0 : 1L << exponent(memory, dict, table);
    }

    static long rehashIndex(Memory memory, long dict) {
        return memory.getLong(dict + REHASH_INDEX_OFFSET);
    }

    static void rehashIndex(Memory memory, long dict, long index) {
        memory.putLong(dict + REHASH_INDEX_OFFSET, index);
    }

    static int payloadBytes(Memory memory, long dict) {
        return memory.getByte(dict + PAYLOAD_BYTES_OFFSET);
    }

    /** Writes an empty dict's header: no tables, not rehashing. */
    static void initialize(Memory memory, long dict, int payloadBytes) {
        memory.fill(dict, HEADER_BYTES, (byte) 0);
        rehashIndex(memory, dict, -1);
        memory.putByte(dict + PAYLOAD_BYTES_OFFSET, (byte) payloadBytes);
    }

    static void checkPayloadBytes(int payloadBytes) {
        if (payloadBytes < 0 || payloadBytes > MAX_PAYLOAD_BYTES || payloadBytes % PAYLOAD_UNIT != 0) {
            throw new IllegalArgumentException("a dict's payload must be a multiple of " + PAYLOAD_UNIT
                    + " bytes from 0 to " + MAX_PAYLOAD_BYTES + ", got " + payloadBytes);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Entry

    /** The bytes of an entry with this payload and key length. */
    static long entryBytes(int payloadBytes, int keyLength) {
        return PAYLOAD_OFFSET + payloadBytes + varintBytes(keyLength) + (long) keyLength;
    }

    static long next(Memory memory, long entry) {
        return memory.getLong(entry + NEXT_OFFSET) & ~PAYLOAD_UNITS_MASK;
    }

    /** Links {@code next} after {@code entry}, keeping the entry's payload size bits. */
    static void next(Memory memory, long entry, long next) {
        long units = memory.getByte(entry + NEXT_OFFSET) & PAYLOAD_UNITS_MASK;
        memory.putLong(entry + NEXT_OFFSET, next | units);
    }

    /**
     * Links {@code next} after {@code entry}, whose payload is {@code payloadBytes} (the dict's): {@link #next(Memory,
     * long, long)} without reading the entry first, so that a cache miss on it does not stall the writer.
     */
    static void link(Memory memory, long entry, int payloadBytes, long next) {
        memory.putLong(entry + NEXT_OFFSET, next | (payloadBytes / PAYLOAD_UNIT));
    }

    /** Writes a fresh entry's first word: no next entry, and its payload size. */
    static void initializeNext(Memory memory, long entry, int payloadBytes) {
        memory.putLong(entry + NEXT_OFFSET, payloadBytes / PAYLOAD_UNIT);
    }

    /** The address of the entry's key length varint, just past its payload. */
    static long keyLengthAddress(Memory memory, long entry) {
        long units = memory.getByte(entry + NEXT_OFFSET) & PAYLOAD_UNITS_MASK;
        return entry + PAYLOAD_OFFSET + units * PAYLOAD_UNIT;
    }

    // ---------------------------------------------------------------------------------------------
    // Varint (unsigned LEB128)

    static int varintBytes(int value) {
        int bits = 32 - Integer.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    static int readVarint(Memory memory, long address) {
        int value = 0;
        for (int shift = 0; shift < 7 * MAX_KEY_LENGTH_BYTES; shift += 7) {
            int b = memory.getByte(address++);
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException(String.format(
                "corrupt dict entry: the key length varint at 0x%x runs past %d bytes", address - 5, MAX_KEY_LENGTH_BYTES));
    }

    /** Writes {@code value} at {@code address}; returns the address just past it. */
    static long writeVarint(Memory memory, long address, int value) {
        while ((value & ~0x7F) != 0) {
            memory.putByte(address++, (byte) (value & 0x7F | 0x80));
            value >>>= 7;
        }
        memory.putByte(address++, (byte) value);
        return address;
    }
}
