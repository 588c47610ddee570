package io.forkline.engine.struct;

/**
 * The byte layout of a {@link Quicklist} in paged memory: a fixed header and a doubly linked list of
 * nodes, each node naming one allocation that holds its elements.
 *
 * <pre>
 *   header (48 bytes, never moves: the quicklist is named by its address)
 *   offset 0          8          16         24         32     36         40               48
 *         +----------+----------+----------+----------+------+----------+----------------+
 *         | head     | tail     | count    | nodes    | fill | reserved | packed         |
 *         | u64 addr | u64 addr | u64      | u64      | s32  | 4 bytes  | threshold u64  |
 *         +----------+----------+----------+----------+------+----------+----------------+
 *   head, tail: the first and last node, 0 when the list is empty
 *   count:      elements in all nodes together
 *   nodes:      number of nodes (Redis's len)
 *   fill:       list-max-listpack-size when the list was made, clamped to [-5, 32767]
 *   reserved:   zero (Redis keeps its compress depth here; forkline compresses nothing)
 *   packed threshold: an element of at least this many bytes gets a node of its own, PLAIN
 *
 *   node (32 bytes)
 *   offset 0          8          16         24         28       30          31
 *         +----------+----------+----------+----------+--------+-----------+----------+
 *         | prev     | next     | entry    | size     | count  | container | reserved |
 *         | u64 addr | u64 addr | u64 addr | u32      | u16    | u8        | u8       |
 *         +----------+----------+----------+----------+--------+-----------+----------+
 *   prev, next: neighbour nodes, 0 at the ends
 *   entry:      PACKED: the address of a listpack ({@link ListpackDescriptor}) of the node's elements;
 *               PLAIN: the address of the one element's raw bytes
 *   size:       PACKED: the listpack's total bytes; PLAIN: the element's length
 *   count:      elements in the node (1 for PLAIN); never 0, an emptied node is removed
 *   container:  1 = PLAIN, 2 = PACKED: Redis's QUICKLIST_NODE_CONTAINER_* codes, which an RDB file's
 *               LIST_QUICKLIST_2 (type 18) writes before each node's blob
 * </pre>
 *
 * All fields are little-endian, as every {@link io.forkline.pages.Memory} access is.
 */
public final class QuicklistDescriptor {

    public static final int HEAD_OFFSET = 0;
    public static final int TAIL_OFFSET = 8;
    public static final int COUNT_OFFSET = 16;
    public static final int NODES_OFFSET = 24;
    public static final int FILL_OFFSET = 32;
    public static final int RESERVED_OFFSET = 36;
    public static final int PACKED_THRESHOLD_OFFSET = 40;
    public static final int HEADER_SIZE = 48;

    public static final int NODE_PREV_OFFSET = 0;
    public static final int NODE_NEXT_OFFSET = 8;
    public static final int NODE_ENTRY_OFFSET = 16;
    public static final int NODE_SIZE_OFFSET = 24;
    public static final int NODE_COUNT_OFFSET = 28;
    public static final int NODE_CONTAINER_OFFSET = 30;
    public static final int NODE_SIZE = 32;

    /** A node holding one element's raw bytes (Redis's QUICKLIST_NODE_CONTAINER_PLAIN). */
    public static final int CONTAINER_PLAIN = 1;
    /** A node holding a listpack (Redis's QUICKLIST_NODE_CONTAINER_PACKED). */
    public static final int CONTAINER_PACKED = 2;

    /** The most elements a node's 16-bit count can say. */
    public static final int MAX_NODE_COUNT = 0xFFFF;

    private QuicklistDescriptor() {
    }
}
