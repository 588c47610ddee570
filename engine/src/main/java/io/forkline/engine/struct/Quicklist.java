package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import static io.forkline.engine.struct.QuicklistDescriptor.CONTAINER_PACKED;
import static io.forkline.engine.struct.QuicklistDescriptor.CONTAINER_PLAIN;
import static io.forkline.engine.struct.QuicklistDescriptor.COUNT_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.FILL_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.HEADER_SIZE;
import static io.forkline.engine.struct.QuicklistDescriptor.HEAD_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.MAX_NODE_COUNT;
import static io.forkline.engine.struct.QuicklistDescriptor.NODES_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_CONTAINER_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_COUNT_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_ENTRY_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_NEXT_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_PREV_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_SIZE;
import static io.forkline.engine.struct.QuicklistDescriptor.NODE_SIZE_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.PACKED_THRESHOLD_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.RESERVED_OFFSET;
import static io.forkline.engine.struct.QuicklistDescriptor.TAIL_OFFSET;

/**
 * Redis 7.0's quicklist in paged memory: a list of strings kept as a doubly linked list of nodes,
 * each node a {@link Listpack} of neighbouring elements (PACKED), or one large element alone (PLAIN).
 * It is what a Redis 7.0 list value is, whatever its size. The layout is {@link QuicklistDescriptor}'s.
 *
 * <h2>Design</h2>
 * A listpack is compact but every write inside it moves its tail, so a list as one listpack would
 * cost O(n) per push; a linked list of single elements would cost two pointers and an allocation per
 * element. The quicklist bounds each listpack by the list's <em>fill</em> (Redis's
 * {@code list-max-listpack-size}): a positive fill caps a node's entries, and never lets it pass the
 * 8 KiB safety size; -1 to -5 cap a node's bytes at 4, 8, 16, 32 or 64 KiB. Writes follow Redis's
 * {@code quicklist.c} decision for decision, so that the same commands give the same nodes, which is
 * what an RDB file then holds:
 * <ul>
 * <li>a push goes into the end node when the estimate {@code node bytes + element length + 8} allows
 *     it, otherwise into a new node;</li>
 * <li>an insert in the middle of a full node splits it at the insertion point, puts the element in
 *     the half it borders, then merges that neighbourhood (the two nodes before the split node, the
 *     two after it, and the split node with each neighbour) wherever two nodes together fit,
 *     estimating their merged size as {@code a + b - 11} bytes;</li>
 * <li>an element of at least the packed threshold (1 GiB by default, Redis's {@code packed_threshold},
 *     kept per list here so that tests can lower it) gets a PLAIN node of its own;</li>
 * <li>deletes never merge, and a node that empties is removed.</li>
 * </ul>
 * Only compress depth 0 is supported (Redis's default, {@code list-compress-depth 0}): no node is ever
 * LZF-compressed, so every node can be read in place.
 *
 * <h2>Contract</h2>
 * A quicklist is named by the address of its header, which never moves, so writes return nothing
 * about it. Reads take a {@link Memory} and never write, so the same code walks the live list on the
 * writer and a fork's frozen view on a snapshot thread ({@link #forEach}, {@link QuicklistCursor}).
 * Writes take the {@link Allocator} and run on the writer. Element values are byte strings; a
 * canonical integer is stored as a listpack integer and read back as its decimal text.
 */
public final class Quicklist {

    /** Redis's default {@code packed_threshold}: elements of 1 GiB or more get a PLAIN node. */
    public static final long DEFAULT_PACKED_THRESHOLD = 1L << 30;
    /** The largest fill a list keeps (Redis's FILL_MAX); a larger one is clamped to it. */
    public static final int FILL_MAX = (1 << 15) - 1;
    /** The smallest fill, 64 KiB nodes; a smaller one is clamped to it. */
    public static final int FILL_MIN = -5;

    /** Node byte limits of fills -1 .. -5 (Redis's optimization_level). */
    private static final int[] SIZE_LIMITS = {4096, 8192, 16384, 32768, 65536};
    /** No multi-element node grows past this when the fill counts entries (Redis's SIZE_SAFETY_LIMIT). */
    private static final int SIZE_SAFETY_LIMIT = 8192;
    /** Redis's over-estimate of an entry's encoding overhead (SIZE_ESTIMATE_OVERHEAD). */
    private static final int SIZE_ESTIMATE_OVERHEAD = 8;
    /** What Redis subtracts from two nodes' sizes to estimate their merged size. */
    private static final int MERGE_ESTIMATE_SAVING = 11;

    private Quicklist() {
    }

    // ---------------------------------------------------------------------------------------------
    // Whole list

    /** A new, empty quicklist with the default packed threshold. */
    public static long create(Allocator allocator, int fill) {
        return create(allocator, fill, DEFAULT_PACKED_THRESHOLD);
    }

    /**
     * A new, empty quicklist.
     *
     * @param fill            Redis's {@code list-max-listpack-size}, clamped to [{@value #FILL_MIN}, {@value #FILL_MAX}]
     * @param packedThreshold elements of at least this many bytes get a PLAIN node; at least 1
     */
    public static long create(Allocator allocator, int fill, long packedThreshold) {
        if (packedThreshold < 1) {
            throw new IllegalArgumentException("the packed threshold must be at least 1 byte, got " + packedThreshold);
        }
        long quicklist = allocator.allocate(HEADER_SIZE);
        Memory memory = allocator.memory();
        memory.putLong(quicklist + HEAD_OFFSET, 0);
        memory.putLong(quicklist + TAIL_OFFSET, 0);
        memory.putLong(quicklist + COUNT_OFFSET, 0);
        memory.putLong(quicklist + NODES_OFFSET, 0);
        memory.putInt(quicklist + FILL_OFFSET, Math.clamp(fill, FILL_MIN, FILL_MAX));
        memory.putInt(quicklist + RESERVED_OFFSET, 0);
        memory.putLong(quicklist + PACKED_THRESHOLD_OFFSET, packedThreshold);
        return quicklist;
    }

    /** Frees every node and the header. */
    public static void free(Allocator allocator, long quicklist) {
        Memory memory = allocator.memory();
        long node = head(memory, quicklist);
        while (node != 0) {
            long next = nodeNext(memory, node);
            freeEntry(allocator, node);
            allocator.free(node);
            node = next;
        }
        allocator.free(quicklist);
    }

    /** A deep copy with the same nodes, fill and threshold (Redis's quicklistDup, for COPY). */
    public static long duplicate(Allocator allocator, long quicklist) {
        Memory memory = allocator.memory();
        long copy = create(allocator, fill(memory, quicklist), packedThreshold(memory, quicklist));
        for (long node = head(memory, quicklist); node != 0; node = nodeNext(memory, node)) {
            long size = nodeSize(memory, node);
            long entry = allocator.allocate(Math.max(1, size));
            memory.copy(nodeEntry(memory, node), entry, size);
            long duplicate = newNode(allocator, entry, size, nodeEntries(memory, node), container(memory, node));
            linkNode(memory, copy, tail(memory, copy), duplicate, true);
            addToCount(memory, copy, nodeEntries(memory, node));
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------
    // Reading the header and the nodes, through any Memory

    /** The number of elements. */
    public static long size(Memory memory, long quicklist) {
        return memory.getLong(quicklist + COUNT_OFFSET);
    }

    /** The number of nodes. */
    public static long nodes(Memory memory, long quicklist) {
        return memory.getLong(quicklist + NODES_OFFSET);
    }

    /** The fill the list was made with (Redis's {@code list-max-listpack-size}, clamped). */
    public static int fill(Memory memory, long quicklist) {
        return memory.getInt(quicklist + FILL_OFFSET);
    }

    public static long packedThreshold(Memory memory, long quicklist) {
        return memory.getLong(quicklist + PACKED_THRESHOLD_OFFSET);
    }

    /** The first node, or 0 when the list is empty. */
    public static long head(Memory memory, long quicklist) {
        return memory.getLong(quicklist + HEAD_OFFSET);
    }

    /** The last node, or 0 when the list is empty. */
    public static long tail(Memory memory, long quicklist) {
        return memory.getLong(quicklist + TAIL_OFFSET);
    }

    public static long nodeNext(Memory memory, long node) {
        return memory.getLong(node + NODE_NEXT_OFFSET);
    }

    public static long nodePrevious(Memory memory, long node) {
        return memory.getLong(node + NODE_PREV_OFFSET);
    }

    /** A PACKED node's listpack, or a PLAIN node's element bytes. */
    public static long nodeEntry(Memory memory, long node) {
        return memory.getLong(node + NODE_ENTRY_OFFSET);
    }

    /** A PACKED node's listpack bytes, or a PLAIN node's element length. */
    public static long nodeSize(Memory memory, long node) {
        return memory.getInt(node + NODE_SIZE_OFFSET) & 0xFFFF_FFFFL;
    }

    /** The elements in the node. */
    public static int nodeEntries(Memory memory, long node) {
        return memory.getShort(node + NODE_COUNT_OFFSET) & 0xFFFF;
    }

    /** Whether the node holds one raw element rather than a listpack. */
    public static boolean isPlain(Memory memory, long node) {
        return container(memory, node) == CONTAINER_PLAIN;
    }

    /** {@link QuicklistDescriptor#CONTAINER_PLAIN} or {@link QuicklistDescriptor#CONTAINER_PACKED}. */
    public static int container(Memory memory, long node) {
        return memory.getByte(node + NODE_CONTAINER_OFFSET);
    }

    // ---------------------------------------------------------------------------------------------
    // Reading elements

    /** Fills {@code out} with the element at {@code index} (negative counts from the tail); false if out of range. */
    public static boolean get(Memory memory, long quicklist, long index, Element out) {
        return new QuicklistCursor().seek(memory, quicklist, index, true).next(out);
    }

    /** Fills {@code out} with the first element; false if the list is empty. */
    public static boolean first(Memory memory, long quicklist, Element out) {
        return readEnd(memory, head(memory, quicklist), true, out);
    }

    /** Fills {@code out} with the last element; false if the list is empty. */
    public static boolean last(Memory memory, long quicklist, Element out) {
        return readEnd(memory, tail(memory, quicklist), false, out);
    }

    /** Every element, head to tail, in one reused {@link Element} (valid during the call only). */
    public static void forEach(Memory memory, long quicklist, Consumer<Element> action) {
        Element element = new Element();
        QuicklistCursor cursor = new QuicklistCursor().start(memory, quicklist, true);
        while (cursor.next(element)) {
            action.accept(element);
        }
    }

    private static boolean readEnd(Memory memory, long node, boolean first, Element out) {
        if (node == 0) {
            return false;
        }
        if (isPlain(memory, node)) {
            out.setString(nodeEntry(memory, node), Math.toIntExact(nodeSize(memory, node)));
        } else {
            long listpack = nodeEntry(memory, node);
            Listpack.get(memory, listpack, first ? Listpack.first(memory, listpack) : Listpack.last(memory, listpack), out);
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Pushing and popping at the ends

    /** Adds an element before the first (LPUSH). */
    public static void pushHead(Allocator allocator, long quicklist, byte[] value, int offset, int length) {
        push(allocator, quicklist, true, value, offset, length);
    }

    /** Adds an element after the last (RPUSH). */
    public static void pushTail(Allocator allocator, long quicklist, byte[] value, int offset, int length) {
        push(allocator, quicklist, false, value, offset, length);
    }

    /** Adds an element at the head or the tail, into the end node if it has room, else into a new node. */
    public static void push(Allocator allocator, long quicklist, boolean atHead, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        Memory memory = allocator.memory();
        long end = atHead ? head(memory, quicklist) : tail(memory, quicklist);
        if (isLarge(memory, quicklist, length)) {
            linkNode(memory, quicklist, end, newPlainNode(allocator, value, offset, length), !atHead);
        } else if (allowsInsert(memory, quicklist, end, length)) {
            long listpack = nodeEntry(memory, end);
            listpack = atHead ? Listpack.prepend(allocator, listpack, value, offset, length)
                    : Listpack.append(allocator, listpack, value, offset, length);
            setListpack(memory, end, listpack, nodeEntries(memory, end) + 1);
        } else {
            linkNode(memory, quicklist, end, newPackedNode(allocator, value, offset, length), !atHead);
        }
        addToCount(memory, quicklist, 1);
    }

    /** Removes the first element; false if the list was empty. */
    public static boolean removeHead(Allocator allocator, long quicklist) {
        return removeEnd(allocator, quicklist, true);
    }

    /** Removes the last element; false if the list was empty. */
    public static boolean removeTail(Allocator allocator, long quicklist) {
        return removeEnd(allocator, quicklist, false);
    }

    /** Removes the head or tail element and returns its string form, or null if the list was empty. */
    public static byte[] pop(Allocator allocator, long quicklist, boolean atHead) {
        Memory memory = allocator.memory();
        Element element = new Element();
        if (!(atHead ? first(memory, quicklist, element) : last(memory, quicklist, element))) {
            return null;
        }
        byte[] value = element.toBytes(memory);
        removeEnd(allocator, quicklist, atHead);
        return value;
    }

    private static boolean removeEnd(Allocator allocator, long quicklist, boolean atHead) {
        Memory memory = allocator.memory();
        long node = atHead ? head(memory, quicklist) : tail(memory, quicklist);
        if (node == 0) {
            return false;
        }
        int position = 0;
        if (!isPlain(memory, node)) {
            long listpack = nodeEntry(memory, node);
            position = atHead ? Listpack.first(memory, listpack) : Listpack.last(memory, listpack);
        }
        deleteEntry(allocator, quicklist, node, position);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // Loading nodes as they are (RDB)

    /**
     * Appends a node that takes ownership of {@code listpack} as it is (Redis's quicklistAppendListpack,
     * for RDB loading): no split, no merge. The listpack must hold 1 to 65535 entries.
     */
    public static void appendListpack(Allocator allocator, long quicklist, long listpack) {
        Memory memory = allocator.memory();
        int entries = Listpack.size(memory, listpack);
        if (entries == 0 || entries > MAX_NODE_COUNT) {
            throw new IllegalArgumentException("a quicklist node holds 1 to " + MAX_NODE_COUNT + " entries, the listpack has "
                    + entries);
        }
        long node = newNode(allocator, listpack, Listpack.totalBytes(memory, listpack), entries, CONTAINER_PACKED);
        linkNode(memory, quicklist, tail(memory, quicklist), node, true);
        addToCount(memory, quicklist, entries);
    }

    /**
     * {@link #pushTail} of every element, in order, into an empty quicklist: the same nodes holding the same
     * listpack bytes, but each node's listpack built on the heap and written once instead of growing by an
     * append per element. For a loader that has the elements at hand.
     *
     * @throws IllegalArgumentException if the quicklist is not empty
     */
    public static void pushTailAll(Allocator allocator, long quicklist, List<byte[]> values) {
        Memory memory = allocator.memory();
        if (size(memory, quicklist) != 0) {
            throw new IllegalArgumentException("pushTailAll fills an empty quicklist; this one holds " + size(memory, quicklist));
        }
        ListpackBuilder node = new ListpackBuilder();
        for (byte[] value : values) {
            if (isLarge(memory, quicklist, value.length)) {
                appendBuilt(allocator, quicklist, node);
                appendPlain(allocator, quicklist, value, 0, value.length);
            } else if (node.count() > 0 && allowsInsert(memory, quicklist, node.totalBytes(), node.count(), value.length)) {
                node.add(value);
            } else {
                appendBuilt(allocator, quicklist, node);
                node.add(value);
            }
        }
        appendBuilt(allocator, quicklist, node);
    }

    /** Appends the node being built, if it holds anything, and empties the builder. */
    private static void appendBuilt(Allocator allocator, long quicklist, ListpackBuilder node) {
        if (node.count() == 0) {
            return;
        }
        long listpack = node.build(allocator);
        Memory memory = allocator.memory();
        linkNode(memory, quicklist, tail(memory, quicklist), newNode(allocator, listpack, node.totalBytes(), node.count(),
                CONTAINER_PACKED), true);
        addToCount(memory, quicklist, node.count());
        node.clear();
    }

    /** Appends a PLAIN node holding one element, whatever its size (Redis's quicklistAppendPlainNode). */
    public static void appendPlain(Allocator allocator, long quicklist, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        Memory memory = allocator.memory();
        linkNode(memory, quicklist, tail(memory, quicklist), newPlainNode(allocator, value, offset, length), true);
        addToCount(memory, quicklist, 1);
    }

    // ---------------------------------------------------------------------------------------------
    // Changing elements in the middle

    /**
     * Replaces the element at {@code index} (negative counts from the tail), as Redis's
     * quicklistReplaceEntry: in place in its listpack, or through an insert and a delete when the old
     * or the new element is PLAIN-sized. Returns false, changing nothing, if the index is out of range.
     */
    public static boolean set(Allocator allocator, long quicklist, long index, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        Memory memory = allocator.memory();
        QuicklistCursor at = new QuicklistCursor().seek(memory, quicklist, index, true);
        long node = at.node();
        if (node == 0) {
            return false;
        }
        boolean large = isLarge(memory, quicklist, length);
        if (!isPlain(memory, node) && !large) {
            long listpack = Listpack.replace(allocator, nodeEntry(memory, node), at.position(), value, offset, length);
            setListpack(memory, node, listpack, nodeEntries(memory, node));
        } else if (isPlain(memory, node) && large) {
            allocator.free(nodeEntry(memory, node));
            memory.putLong(node + NODE_ENTRY_OFFSET, copyOf(allocator, value, offset, length));
            memory.putInt(node + NODE_SIZE_OFFSET, length);
        } else if (isPlain(memory, node)) {
            insertAt(allocator, quicklist, node, 0, 0, true, value, offset, length);
            unlinkNode(allocator, quicklist, node);
        } else {
            insertAt(allocator, quicklist, node, at.offset(), at.position(), true, value, offset, length);
            if (nodeEntries(memory, node) == 1) {
                unlinkNode(allocator, quicklist, node);
            } else {
                deleteEntry(allocator, quicklist, node, Listpack.last(memory, nodeEntry(memory, node)));
            }
        }
        return true;
    }

    /**
     * Inserts an element before or after the one {@code at} last returned (LINSERT). The cursor's walk
     * ends: place it again to go on reading.
     */
    public static void insert(Allocator allocator, QuicklistCursor at, boolean after, byte[] value, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, value.length);
        at.checkCurrent();
        insertAt(allocator, at.quicklist(), at.node(), at.offset(), at.position(), after, value, offset, length);
        at.invalidate();
    }

    /**
     * Deletes the element {@code at} last returned (LREM); the cursor's next {@link QuicklistCursor#next}
     * returns the element that followed it in the cursor's direction.
     */
    public static void delete(Allocator allocator, QuicklistCursor at) {
        at.checkCurrent();
        Memory memory = allocator.memory();
        long quicklist = at.quicklist();
        long node = at.node();
        long before = nodePrevious(memory, node);
        long after = nodeNext(memory, node);
        if (isPlain(memory, node) || nodeEntries(memory, node) == 1) {
            unlinkNode(allocator, quicklist, node);
            at.enterNode(at.isForward() ? after : before);
            return;
        }
        long listpack = nodeEntry(memory, node);
        int position = at.position();
        int following = at.isForward() ? Listpack.next(memory, listpack, position) : Listpack.prev(memory, listpack, position);
        deleteEntry(allocator, quicklist, node, position);
        if (following == -1) {
            at.enterNode(at.isForward() ? after : before);
        } else if (at.isForward()) {
            at.stayAt(position, at.offset());   // the next entry slid into the deleted one's place
        } else {
            at.stayAt(following, at.offset() - 1);   // entries before the deleted one did not move
        }
    }

    /**
     * Deletes up to {@code count} elements from {@code start} towards the tail (negative {@code start}
     * counts from the tail), as Redis's quicklistDelRange: whole nodes are unlinked, partial ones
     * trimmed, nothing is merged. Returns how many elements were deleted.
     */
    public static long deleteRange(Allocator allocator, long quicklist, long start, long count) {
        Memory memory = allocator.memory();
        long size = size(memory, quicklist);
        long first = start < 0 ? size + start : start;
        if (count <= 0 || first < 0 || first >= size) {
            return 0;
        }
        long extent = Math.min(count, size - first);
        long deleted = extent;
        QuicklistCursor at = new QuicklistCursor().seek(memory, quicklist, first, true);
        long node = at.node();
        int offset = at.offset();
        while (extent > 0) {
            long next = nodeNext(memory, node);
            int entries = nodeEntries(memory, node);
            int removed = (int) Math.min(extent, entries - offset);
            if (removed == entries || isPlain(memory, node)) {
                unlinkNode(allocator, quicklist, node);
            } else {
                long listpack = Listpack.deleteRange(allocator, nodeEntry(memory, node), offset, removed);
                setListpack(memory, node, listpack, entries - removed);
                addToCount(memory, quicklist, -removed);
            }
            extent -= removed;
            node = next;
            offset = 0;
        }
        return deleted;
    }

    // ---------------------------------------------------------------------------------------------
    // Insert, split and merge (Redis's _quicklistInsert and its helpers)

    /** Inserts next to the element at {@code offset} (listpack {@code position}) of {@code node}. */
    private static void insertAt(Allocator allocator, long quicklist, long node, int offset, int position, boolean after,
                                 byte[] value, int valueOffset, int length) {
        Memory memory = allocator.memory();
        boolean atTail = after && offset == nodeEntries(memory, node) - 1;
        boolean atHead = !after && offset == 0;
        if (isLarge(memory, quicklist, length)) {
            long plain = newPlainNode(allocator, value, valueOffset, length);
            if (isPlain(memory, node) || atTail || atHead) {
                linkNode(memory, quicklist, node, plain, after);
            } else {
                long split = split(allocator, node, offset, after);
                linkNode(memory, quicklist, node, plain, after);
                linkNode(memory, quicklist, plain, split, after);
            }
        } else if (allowsInsert(memory, quicklist, node, length)) {
            long listpack = Listpack.insert(allocator, nodeEntry(memory, node), position, after, value, valueOffset, length);
            setListpack(memory, node, listpack, nodeEntries(memory, node) + 1);
        } else if (atTail && allowsInsert(memory, quicklist, nodeNext(memory, node), length)) {
            long next = nodeNext(memory, node);
            setListpack(memory, next, Listpack.prepend(allocator, nodeEntry(memory, next), value, valueOffset, length),
                    nodeEntries(memory, next) + 1);
        } else if (atHead && allowsInsert(memory, quicklist, nodePrevious(memory, node), length)) {
            long previous = nodePrevious(memory, node);
            setListpack(memory, previous, Listpack.append(allocator, nodeEntry(memory, previous), value, valueOffset, length),
                    nodeEntries(memory, previous) + 1);
        } else if (atTail || atHead) {
            linkNode(memory, quicklist, node, newPackedNode(allocator, value, valueOffset, length), after);
        } else {
            long split = split(allocator, node, offset, after);
            long listpack = nodeEntry(memory, split);
            listpack = after ? Listpack.prepend(allocator, listpack, value, valueOffset, length)
                    : Listpack.append(allocator, listpack, value, valueOffset, length);
            setListpack(memory, split, listpack, nodeEntries(memory, split) + 1);
            linkNode(memory, quicklist, node, split, after);
            mergeAround(allocator, quicklist, node);
        }
        addToCount(memory, quicklist, 1);
    }

    /**
     * Splits a PACKED node at {@code offset}: with {@code after}, the node keeps [0, offset] and the new,
     * unlinked node gets the rest; without, the node keeps [offset, end) and the new node gets [0, offset).
     */
    private static long split(Allocator allocator, long node, int offset, boolean after) {
        Memory memory = allocator.memory();
        int entries = nodeEntries(memory, node);
        long listpack = nodeEntry(memory, node);
        long size = Listpack.totalBytes(memory, listpack);
        long copy = allocator.allocate(size);
        memory.copy(listpack, copy, size);
        if (after) {
            listpack = Listpack.deleteRange(allocator, listpack, offset + 1L, entries - offset - 1L);
            copy = Listpack.deleteRange(allocator, copy, 0, offset + 1L);
        } else {
            listpack = Listpack.deleteRange(allocator, listpack, 0, offset);
            copy = Listpack.deleteRange(allocator, copy, offset, (long) entries - offset);
        }
        setListpack(memory, node, listpack, Listpack.size(memory, listpack));
        return newNode(allocator, copy, Listpack.totalBytes(memory, copy), Listpack.size(memory, copy), CONTAINER_PACKED);
    }

    /**
     * After a split, merges what fits around {@code center}, in Redis's order: the two nodes before it,
     * the two after it, then center with its previous node, then the result with its next node.
     */
    private static void mergeAround(Allocator allocator, long quicklist, long center) {
        Memory memory = allocator.memory();
        long previous = nodePrevious(memory, center);
        long beforePrevious = previous == 0 ? 0 : nodePrevious(memory, previous);
        long next = nodeNext(memory, center);
        long afterNext = next == 0 ? 0 : nodeNext(memory, next);
        if (allowsMerge(memory, quicklist, beforePrevious, previous)) {
            merge(allocator, quicklist, beforePrevious, previous);
        }
        if (allowsMerge(memory, quicklist, next, afterNext)) {
            merge(allocator, quicklist, next, afterNext);
        }
        long target = center;
        if (allowsMerge(memory, quicklist, nodePrevious(memory, center), center)) {
            target = merge(allocator, quicklist, nodePrevious(memory, center), center);
        }
        if (allowsMerge(memory, quicklist, target, nodeNext(memory, target))) {
            merge(allocator, quicklist, target, nodeNext(memory, target));
        }
    }

    /** Moves the entries of {@code right} to the end of its left neighbour {@code left}, unlinks {@code right}; returns {@code left}. */
    private static long merge(Allocator allocator, long quicklist, long left, long right) {
        Memory memory = allocator.memory();
        long leftListpack = nodeEntry(memory, left);
        long rightListpack = nodeEntry(memory, right);
        long leftBytes = Listpack.totalBytes(memory, leftListpack);
        long rightBytes = Listpack.totalBytes(memory, rightListpack);
        long mergedBytes = leftBytes + rightBytes - ListpackDescriptor.EMPTY_SIZE;
        int entries = nodeEntries(memory, left) + nodeEntries(memory, right);
        leftListpack = Listpack.resize(allocator, leftListpack, mergedBytes);
        // the right listpack's entries and terminator replace the left one's terminator
        memory.copy(rightListpack + ListpackDescriptor.HEADER_SIZE, leftListpack + leftBytes - 1,
                rightBytes - ListpackDescriptor.HEADER_SIZE);
        memory.putInt(leftListpack + ListpackDescriptor.TOTAL_BYTES_OFFSET, (int) mergedBytes);
        memory.putShort(leftListpack + ListpackDescriptor.COUNT_OFFSET, (short) Math.min(entries, ListpackDescriptor.COUNT_UNKNOWN));
        setListpack(memory, left, leftListpack, entries);
        memory.putShort(right + NODE_COUNT_OFFSET, (short) 0);   // its entries now count in left
        unlinkNode(allocator, quicklist, right);
        return left;
    }

    // ---------------------------------------------------------------------------------------------
    // Size rules (Redis's _quicklistNodeAllowInsert and _quicklistNodeAllowMerge)

    private static boolean isLarge(Memory memory, long quicklist, long length) {
        return length >= packedThreshold(memory, quicklist);
    }

    /** Whether a fill of -1..-5 lets a node be {@code bytes} long; always false for a count fill. */
    private static boolean meetsSizeLimit(long bytes, int fill) {
        return fill < 0 && bytes <= SIZE_LIMITS[-fill - 1];
    }

    /** Whether an element of {@code length} bytes may go into {@code node} (false for 0 or a PLAIN node). */
    private static boolean allowsInsert(Memory memory, long quicklist, long node, long length) {
        if (node == 0 || isPlain(memory, node)) {
            return false;
        }
        return allowsInsert(memory, quicklist, nodeSize(memory, node), nodeEntries(memory, node), length);
    }

    /** {@link #allowsInsert} for a PACKED node of {@code nodeBytes} holding {@code entries}. */
    private static boolean allowsInsert(Memory memory, long quicklist, long nodeBytes, int entries, long length) {
        if (isLarge(memory, quicklist, length)) {
            return false;
        }
        int fill = fill(memory, quicklist);
        long estimate = nodeBytes + length + SIZE_ESTIMATE_OVERHEAD;
        if (meetsSizeLimit(estimate, fill)) {
            return true;
        }
        return estimate <= SIZE_SAFETY_LIMIT && entries < fill;
    }

    /** Whether two neighbour nodes fit in one. */
    private static boolean allowsMerge(Memory memory, long quicklist, long first, long second) {
        if (first == 0 || second == 0 || isPlain(memory, first) || isPlain(memory, second)) {
            return false;
        }
        int fill = fill(memory, quicklist);
        long estimate = nodeSize(memory, first) + nodeSize(memory, second) - MERGE_ESTIMATE_SAVING;
        if (meetsSizeLimit(estimate, fill)) {
            return true;
        }
        return estimate <= SIZE_SAFETY_LIMIT && nodeEntries(memory, first) + nodeEntries(memory, second) <= fill;
    }

    // ---------------------------------------------------------------------------------------------
    // Nodes

    private static long newNode(Allocator allocator, long entry, long size, int entries, int container) {
        long node = allocator.allocate(NODE_SIZE);
        Memory memory = allocator.memory();
        memory.putLong(node + NODE_PREV_OFFSET, 0);
        memory.putLong(node + NODE_NEXT_OFFSET, 0);
        memory.putLong(node + NODE_ENTRY_OFFSET, entry);
        memory.putInt(node + NODE_SIZE_OFFSET, (int) size);
        memory.putShort(node + NODE_COUNT_OFFSET, (short) entries);
        memory.putByte(node + NODE_CONTAINER_OFFSET, (byte) container);
        memory.putByte(node + NODE_CONTAINER_OFFSET + 1, (byte) 0);
        return node;
    }

    private static long newPackedNode(Allocator allocator, byte[] value, int offset, int length) {
        long listpack = Listpack.append(allocator, Listpack.create(allocator), value, offset, length);
        return newNode(allocator, listpack, Listpack.totalBytes(allocator.memory(), listpack), 1, CONTAINER_PACKED);
    }

    private static long newPlainNode(Allocator allocator, byte[] value, int offset, int length) {
        return newNode(allocator, copyOf(allocator, value, offset, length), length, 1, CONTAINER_PLAIN);
    }

    private static long copyOf(Allocator allocator, byte[] value, int offset, int length) {
        long bytes = allocator.allocate(Math.max(1, length));
        allocator.memory().putBytes(bytes, value, offset, length);
        return bytes;
    }

    /** Points a PACKED node at its (maybe moved) listpack and records its size and entries. */
    private static void setListpack(Memory memory, long node, long listpack, int entries) {
        memory.putLong(node + NODE_ENTRY_OFFSET, listpack);
        memory.putInt(node + NODE_SIZE_OFFSET, (int) Listpack.totalBytes(memory, listpack));
        memory.putShort(node + NODE_COUNT_OFFSET, (short) entries);
    }

    /** Links {@code node} after or before {@code old}; as the only node when {@code old} is 0. Counts the node, not its entries. */
    private static void linkNode(Memory memory, long quicklist, long old, long node, boolean after) {
        if (old == 0) {
            memory.putLong(quicklist + HEAD_OFFSET, node);
            memory.putLong(quicklist + TAIL_OFFSET, node);
        } else if (after) {
            long next = nodeNext(memory, old);
            memory.putLong(node + NODE_PREV_OFFSET, old);
            memory.putLong(node + NODE_NEXT_OFFSET, next);
            memory.putLong(old + NODE_NEXT_OFFSET, node);
            memory.putLong(next == 0 ? quicklist + TAIL_OFFSET : next + NODE_PREV_OFFSET, node);
        } else {
            long previous = nodePrevious(memory, old);
            memory.putLong(node + NODE_NEXT_OFFSET, old);
            memory.putLong(node + NODE_PREV_OFFSET, previous);
            memory.putLong(old + NODE_PREV_OFFSET, node);
            memory.putLong(previous == 0 ? quicklist + HEAD_OFFSET : previous + NODE_NEXT_OFFSET, node);
        }
        memory.putLong(quicklist + NODES_OFFSET, nodes(memory, quicklist) + 1);
    }

    /** Unlinks and frees a node and its entry, uncounting its entries (Redis's __quicklistDelNode). */
    private static void unlinkNode(Allocator allocator, long quicklist, long node) {
        Memory memory = allocator.memory();
        long previous = nodePrevious(memory, node);
        long next = nodeNext(memory, node);
        memory.putLong(previous == 0 ? quicklist + HEAD_OFFSET : previous + NODE_NEXT_OFFSET, next);
        memory.putLong(next == 0 ? quicklist + TAIL_OFFSET : next + NODE_PREV_OFFSET, previous);
        memory.putLong(quicklist + NODES_OFFSET, nodes(memory, quicklist) - 1);
        addToCount(memory, quicklist, -nodeEntries(memory, node));
        freeEntry(allocator, node);
        allocator.free(node);
    }

    /** Frees a node's listpack, which may start inside its allocation ({@link Listpack#prepend}), or its PLAIN bytes. */
    private static void freeEntry(Allocator allocator, long node) {
        Memory memory = allocator.memory();
        if (isPlain(memory, node)) {
            allocator.free(nodeEntry(memory, node));
        } else {
            Listpack.free(allocator, nodeEntry(memory, node));
        }
    }

    /** Deletes one element of a node, and the node if it empties (Redis's quicklistDelIndex). */
    private static void deleteEntry(Allocator allocator, long quicklist, long node, int position) {
        Memory memory = allocator.memory();
        int remaining = nodeEntries(memory, node) - 1;
        if (isPlain(memory, node) || remaining == 0) {
            unlinkNode(allocator, quicklist, node);
            return;
        }
        setListpack(memory, node, Listpack.delete(allocator, nodeEntry(memory, node), position), remaining);
        addToCount(memory, quicklist, -1);
    }

    private static void addToCount(Memory memory, long quicklist, long delta) {
        memory.putLong(quicklist + COUNT_OFFSET, size(memory, quicklist) + delta);
    }
}
