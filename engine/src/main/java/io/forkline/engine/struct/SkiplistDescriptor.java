package io.forkline.engine.struct;

import io.forkline.pages.Memory;

/**
 * The binary layout of a {@link Skiplist} in paged memory: one header allocation and one allocation per node,
 * little-endian, at any alignment.
 *
 * <pre>
 * Header (33 bytes)
 *    0          8          16         24         32   33
 *   +----------+----------+----------+----------+----+
 *   | head     | tail     | length   | bytes    |lvl |
 *   +----------+----------+----------+----------+----+
 *   head    u64  address of the head node: a node of {@link #MAX_LEVEL} levels and an empty member, whose
 *                level i starts the list of level i (Redis's zsl->header)
 *   tail    u64  address of the last node, 0 when the list is empty
 *   length  u64  number of elements (the head node not counted)
 *   bytes   u64  usable bytes of the header, the head node and every node: MEMORY USAGE without a walk
 *   lvl     u8   levels in use, 1..32: the highest level of any node, at least 1
 *
 * Node (17 + 16 x L + varint + member length bytes)
 *    0          8          16  17        25        33             17+16L
 *   +----------+----------+---+---------+---------+-- ... --+------------+--------------+
 *   | score    | backward | L | fwd 0   | span 0  |         | member len | member bytes |
 *   +----------+----------+---+---------+---------+-- ... --+------------+--------------+
 *   score     f64  IEEE-754 binary64
 *   backward  u64  the previous node, 0 for the first node (never the head node)
 *   L         u8   level count, 1..32
 *   fwd i     u64  the next node at level i, 0 at the end of that level
 *   span i    u64  how many level-0 steps fwd i skips (its rank minus this node's rank); meaningless when fwd i is 0
 *   member len     unsigned LEB128 varint, 1..5 bytes: seven bits a byte, low group first, high bit = more follow
 *   member bytes   compared as unsigned bytes (memcmp), then by length
 * </pre>
 */
public final class SkiplistDescriptor {

    public static final int MAX_LEVEL = 32;

    public static final int HEADER_HEAD_OFFSET = 0;
    public static final int HEADER_TAIL_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 16;
    public static final int HEADER_BYTES_OFFSET = 24;
    public static final int HEADER_LEVEL_OFFSET = 32;
    public static final int HEADER_SIZE = 33;

    public static final int NODE_SCORE_OFFSET = 0;
    public static final int NODE_BACKWARD_OFFSET = 8;
    public static final int NODE_LEVEL_COUNT_OFFSET = 16;
    public static final int NODE_LEVELS_OFFSET = 17;
    public static final int LEVEL_SIZE = 16;
    public static final int LEVEL_FORWARD_OFFSET = 0;
    public static final int LEVEL_SPAN_OFFSET = 8;

    private SkiplistDescriptor() {
    }

    /** Offset in a node of level {@code level}'s forward address. */
    public static long forwardOffset(int level) {
        return NODE_LEVELS_OFFSET + (long) level * LEVEL_SIZE + LEVEL_FORWARD_OFFSET;
    }

    /** Offset in a node of level {@code level}'s span. */
    public static long spanOffset(int level) {
        return NODE_LEVELS_OFFSET + (long) level * LEVEL_SIZE + LEVEL_SPAN_OFFSET;
    }

    /** Offset in a node of {@code levelCount} levels of its member length varint. */
    public static long memberLengthOffset(int levelCount) {
        return NODE_LEVELS_OFFSET + (long) levelCount * LEVEL_SIZE;
    }

    /** Bytes of a node of {@code levelCount} levels holding a member of {@code memberLength} bytes. */
    public static long nodeSize(int levelCount, int memberLength) {
        return memberLengthOffset(levelCount) + varintSize(memberLength) + memberLength;
    }

    /** Bytes the LEB128 varint of a non-negative {@code value} takes: 1 to 5. */
    public static int varintSize(int value) {
        int size = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            size++;
        }
        return size;
    }

    /** Writes the LEB128 varint of a non-negative {@code value} at {@code address}; returns the bytes written. */
    public static int writeVarint(Memory memory, long address, int value) {
        int written = 0;
        int rest = value;
        while ((rest & ~0x7F) != 0) {
            memory.putByte(address + written++, (byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        memory.putByte(address + written++, (byte) rest);
        return written;
    }

    /** Reads the LEB128 varint at {@code address}, which {@link #writeVarint} wrote. */
    public static int readVarint(Memory memory, long address) {
        int value = 0;
        for (int index = 0; index < 5; index++) {
            int part = memory.getByte(address + index);
            value |= (part & 0x7F) << (7 * index);
            if ((part & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalStateException(String.format("member length varint at 0x%x runs past 5 bytes", address));
    }
}
