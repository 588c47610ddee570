package io.forkline.engine.stream;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.struct.CorruptEncodingException;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.IntegerText;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.ListpackBuilder;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.random.RandomGenerator;

/**
 * A stream in paged memory, laid out as Redis 7.0's: its entries in <em>nodes</em>, each node one listpack in
 * Redis's stream format, and the nodes ordered by the ID of their first entry (the node's <em>master ID</em>).
 *
 * <h2>Layout</h2>
 * A header of {@link #HEADER_SIZE} bytes:
 * <pre>
 *   0 nodes     u64  {@link StreamIndex}: master ID -&gt; listpack address (Redis's rax)
 *   8 length    u64  live entries
 *  16 last_id   2 x u64  the greatest ID ever added (or set by XSETID)
 *  32 first_id  2 x u64  the first live entry's ID, 0-0 when empty
 *  48 max_deleted_entry_id  2 x u64
 *  64 entries_added  u64  entries ever added
 *  72 groups    u64  {@link ConsumerGroups}' dict, 0 until the first group
 * </pre>
 * A node's listpack holds, as t_stream.c writes it, a master entry {@code count deleted num-fields field...
 * 0} and then entries {@code flags ms-diff seq-diff [num-fields] [field] value ... lp-count}: IDs are deltas
 * from the master ID, an entry whose field names are the master entry's (flag SAMEFIELDS) stores only
 * values, and a deleted entry stays in place with flag DELETED until its whole node goes. Because the bytes
 * are Redis's, a node is written to an RDB and read from one as it is.
 *
 * <p>Reads take a {@link Memory} and never write, so they also serve a fork's frozen view; writes take the
 * {@link Allocator} and run on the writer.
 */
public final class Stream {

    static final int NODES = 0;
    static final int LENGTH = 8;
    static final int LAST_ID = 16;
    static final int FIRST_ID = 32;
    static final int MAX_DELETED_ID = 48;
    static final int ENTRIES_ADDED = 64;
    static final int GROUPS = 72;
    public static final int HEADER_SIZE = 80;

    /** A node's payload in the index: its listpack's address. */
    static final int NODE_PAYLOAD = 8;

    /** An entry's flag: deleted, kept in place until its whole node goes. */
    public static final int FLAG_DELETED = 1;
    /** An entry's flag: its field names are the master entry's, and only its values are stored. */
    public static final int FLAG_SAMEFIELDS = 2;

    /** Redis's STREAM_LISTPACK_MAX_SIZE: no node grows past it, and no entry's fields and values may total more. */
    public static final long LISTPACK_MAX_SIZE = 1L << 30;

    /** Redis's STREAM_LISTPACK_MAX_PRE_ALLOCATE: the room a new node is made with (at most stream-node-max-bytes). */
    static final long PREALLOCATE = 4096;

    private Stream() {
    }

    public static long create(Allocator allocator) {
        long stream = allocator.allocate(HEADER_SIZE);
        Memory memory = allocator.memory();
        memory.fill(stream, HEADER_SIZE, (byte) 0);
        memory.putLong(stream + NODES, StreamIndex.create(allocator));
        return stream;
    }

    // ---------------------------------------------------------------------------------------------
    // The header

    public static long length(Memory memory, long stream) {
        return memory.getLong(stream + LENGTH);
    }

    public static StreamId lastId(Memory memory, long stream) {
        return readId(memory, stream + LAST_ID);
    }

    public static StreamId firstId(Memory memory, long stream) {
        return readId(memory, stream + FIRST_ID);
    }

    public static StreamId maxDeletedId(Memory memory, long stream) {
        return readId(memory, stream + MAX_DELETED_ID);
    }

    public static long entriesAdded(Memory memory, long stream) {
        return memory.getLong(stream + ENTRIES_ADDED);
    }

    /** The consumer groups' dict, 0 when the stream never had one. */
    public static long groups(Memory memory, long stream) {
        return memory.getLong(stream + GROUPS);
    }

    static void groups(Memory memory, long stream, long groups) {
        memory.putLong(stream + GROUPS, groups);
    }

    public static void lastId(Memory memory, long stream, StreamId id) {
        writeId(memory, stream + LAST_ID, id);
    }

    public static void firstId(Memory memory, long stream, StreamId id) {
        writeId(memory, stream + FIRST_ID, id);
    }

    public static void maxDeletedId(Memory memory, long stream, StreamId id) {
        writeId(memory, stream + MAX_DELETED_ID, id);
    }

    public static void entriesAdded(Memory memory, long stream, long added) {
        memory.putLong(stream + ENTRIES_ADDED, added);
    }

    static void length(Memory memory, long stream, long length) {
        memory.putLong(stream + LENGTH, length);
    }

    static StreamId readId(Memory memory, long at) {
        return new StreamId(memory.getLong(at), memory.getLong(at + 8));
    }

    static void writeId(Memory memory, long at, StreamId id) {
        memory.putLong(at, id.ms());
        memory.putLong(at + 8, id.seq());
    }

    static long nodes(Memory memory, long stream) {
        return memory.getLong(stream + NODES);
    }

    /** Nodes (Redis's radix-tree keys). */
    public static long nodeCount(Memory memory, long stream) {
        return StreamIndex.size(memory, nodes(memory, stream));
    }

    static long listpack(Memory memory, long node) {
        return memory.getLong(StreamIndex.payload(memory, node));
    }

    private static void listpack(Memory memory, long node, long listpack) {
        memory.putLong(StreamIndex.payload(memory, node), listpack);
    }

    // ---------------------------------------------------------------------------------------------
    // Walking the nodes, as an RDB writes them: each master ID and its listpack as they are

    /** The node with the lowest master ID, or 0 when the stream has none; walk on with {@link #nextNode}. */
    public static long firstNode(Memory memory, long stream) {
        return StreamIndex.first(memory, nodes(memory, stream));
    }

    /** The node after {@code node} in master ID order, or 0 after the last. */
    public static long nextNode(Memory memory, long node) {
        return StreamIndex.next(memory, node);
    }

    /** The node's master ID: the ID its entries' IDs are deltas from. */
    public static StreamId masterId(Memory memory, long node) {
        return StreamIndex.id(memory, node);
    }

    /** The address of the node's listpack, in Redis's stream format. */
    public static long nodeListpack(Memory memory, long node) {
        return listpack(memory, node);
    }

    // ---------------------------------------------------------------------------------------------
    // Adding

    /**
     * Appends an entry of {@code pairs} field-value pairs from argument {@code from} (Redis's streamAppendItem
     * after its ID checks): into the last node while it has fewer than {@code maxBytes} bytes (counting the new
     * fields and values) and fewer than {@code maxEntries} entries, deleted ones included; otherwise into a new
     * node whose master entry takes this entry's field names. The caller has checked that {@code id} is above
     * the last ID.
     */
    public static void append(Allocator allocator, long stream, StreamId id, Arguments args, int from, int pairs,
                              long maxBytes, long maxEntries, RandomGenerator random) {
        Memory memory = allocator.memory();
        long index = nodes(memory, stream);
        long node = StreamIndex.last(memory, index);
        long fieldBytes = 0;
        for (int i = from; i < from + 2 * pairs; i++) {
            fieldBytes += args.length(i);
        }
        Element element = new Element();
        long listpack = 0;
        if (node != 0) {
            listpack = listpack(memory, node);
            long nodeMaxBytes = maxBytes == 0 || maxBytes > LISTPACK_MAX_SIZE ? LISTPACK_MAX_SIZE : maxBytes;
            boolean full = Listpack.totalBytes(memory, listpack) + fieldBytes >= nodeMaxBytes;
            if (!full && maxEntries > 0) {
                int count = Listpack.first(memory, listpack);
                full = integer(memory, listpack, count, element)
                        + integer(memory, listpack, Listpack.next(memory, listpack, count), element) >= maxEntries;
            }
            if (full) {
                listpack(memory, node, Listpack.shrinkToFit(allocator, listpack));   // its room is no longer needed
                listpack = 0;
            }
        }
        StreamId master;
        int flags = 0;
        if (listpack == 0) {
            master = id;
            ListpackBuilder builder = new ListpackBuilder().addInteger(1).addInteger(0).addInteger(pairs);
            for (int i = 0; i < pairs; i++) {
                builder.add(args.buffer(), args.offset(from + 2 * i), args.length(from + 2 * i));
            }
            // Made with room for the appends to come, as Redis preallocates a node (STREAM_LISTPACK_MAX_PRE_ALLOCATE).
            long room = maxBytes > 0 && maxBytes < PREALLOCATE ? maxBytes : PREALLOCATE;
            listpack = builder.addInteger(0).build(allocator, room);
            node = StreamIndex.insert(allocator, index, id, NODE_PAYLOAD, random);
            flags = FLAG_SAMEFIELDS;
        } else {
            master = StreamIndex.id(memory, node);
            int position = Listpack.first(memory, listpack);
            listpack = Listpack.replaceInteger(allocator, listpack, position,
                    integer(memory, listpack, position, element) + 1);
            position = Listpack.next(memory, listpack, Listpack.next(memory, listpack, position));
            long masterFields = integer(memory, listpack, position, element);
            if (masterFields == pairs && sameFields(memory, listpack, position, args, from, pairs)) {
                flags = FLAG_SAMEFIELDS;
            }
        }
        listpack = Listpack.appendInteger(allocator, listpack, flags);
        listpack = Listpack.appendInteger(allocator, listpack, id.ms() - master.ms());
        listpack = Listpack.appendInteger(allocator, listpack, id.seq() - master.seq());
        boolean same = flags == FLAG_SAMEFIELDS;
        if (!same) {
            listpack = Listpack.appendInteger(allocator, listpack, pairs);
        }
        for (int i = from; i < from + 2 * pairs; i += 2) {
            if (!same) {
                listpack = Listpack.append(allocator, listpack, args.buffer(), args.offset(i), args.length(i));
            }
            listpack = Listpack.append(allocator, listpack, args.buffer(), args.offset(i + 1), args.length(i + 1));
        }
        listpack = Listpack.appendInteger(allocator, listpack, same ? pairs + 3 : 2L * pairs + 4);
        listpack(memory, node, listpack);

        long length = length(memory, stream) + 1;
        length(memory, stream, length);
        lastId(memory, stream, id);
        entriesAdded(memory, stream, entriesAdded(memory, stream) + 1);
        if (length == 1) {
            firstId(memory, stream, id);
        }
    }

    /** Whether the master entry's field names, from the one after {@code numFields}, are the arguments' fields. */
    private static boolean sameFields(Memory memory, long listpack, int numFields, Arguments args, int from, int pairs) {
        int position = numFields;
        for (int i = 0; i < pairs; i++) {
            position = Listpack.next(memory, listpack, position);
            if (!Listpack.entryEquals(memory, listpack, position, args.buffer(), args.offset(from + 2 * i),
                    args.length(from + 2 * i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds a whole node as loaded from an RDB: its master ID and its listpack (already in paged memory), with
     * {@code live} entries. The caller sets the header's IDs and counters from the file.
     */
    public static void appendNode(Allocator allocator, long stream, StreamId master, long listpack, long live,
                                  RandomGenerator random) {
        Memory memory = allocator.memory();
        long node = StreamIndex.insert(allocator, nodes(memory, stream), master, NODE_PAYLOAD, random);
        listpack(memory, node, listpack);
        length(memory, stream, length(memory, stream) + live);
    }

    // ---------------------------------------------------------------------------------------------
    // Deleting and trimming

    /**
     * Marks the live entry {@code id} deleted (Redis's streamDeleteItem), freeing its node when it was the
     * node's last live entry; false if there is no such entry. The caller keeps first_id and
     * max_deleted_entry_id.
     */
    public static boolean delete(Allocator allocator, long stream, StreamId id) {
        Memory memory = allocator.memory();
        long index = nodes(memory, stream);
        long node = StreamIndex.floor(memory, index, id);
        if (node == 0) {
            return false;
        }
        StreamNode view = new StreamNode();
        view.load(memory, StreamIndex.id(memory, node), listpack(memory, node));
        for (int i = 0; i < view.entries(); i++) {
            if (!view.deleted(i) && view.id(i).equals(id)) {
                markDeleted(allocator, stream, node, view, i);
                return true;
            }
        }
        return false;
    }

    /**
     * Marks entry {@code i} of the node deleted and updates the master entry's counters; frees the node when
     * no live entry is left. Returns the node's listpack (0 once freed); {@code view} is stale afterwards.
     */
    private static long markDeleted(Allocator allocator, long stream, long node, StreamNode view, int i) {
        Memory memory = allocator.memory();
        Element element = new Element();
        long listpack = view.listpack();
        listpack = Listpack.replaceInteger(allocator, listpack, view.flagsPosition(i), view.flags(i) | FLAG_DELETED);
        length(memory, stream, length(memory, stream) - 1);
        return adjustCounters(allocator, stream, node, listpack, -1, true, element);
    }

    /**
     * Moves {@code change} (negative) live entries of the node to deleted in its master entry. When none is left
     * live and {@code freeWhenEmpty}, frees the node (its listpack and its index node) and returns 0; otherwise
     * returns the listpack's address. XDEL frees an emptied node, a trim does not, as in Redis: a trim's node
     * whose last entries were already deleted can end with no live entry and stay.
     */
    private static long adjustCounters(Allocator allocator, long stream, long node, long listpack, long change,
                                       boolean freeWhenEmpty, Element element) {
        Memory memory = allocator.memory();
        int position = Listpack.first(memory, listpack);
        long live = integer(memory, listpack, position, element) + change;
        if (live == 0 && freeWhenEmpty) {
            Listpack.free(allocator, listpack);
            StreamIndex.delete(allocator, nodes(memory, stream), node);
            return 0;
        }
        listpack = Listpack.replaceInteger(allocator, listpack, position, live);
        position = Listpack.next(memory, listpack, Listpack.first(memory, listpack));
        listpack = Listpack.replaceInteger(allocator, listpack, position,
                integer(memory, listpack, position, element) - change);
        listpack(memory, node, listpack);
        return listpack;
    }

    /** How XADD and XTRIM trim: by length or by lowest ID, exactly or by whole nodes, within a limit. */
    public record Trim(boolean byLength, long maxLength, StreamId minId, boolean approximate, long limit) {
    }

    /**
     * Trims the stream (Redis's streamTrim): drops whole nodes from the front while that leaves at least the
     * maximum length (or while their last entry is below the minimum ID) and the limit (0 = none) allows;
     * then, unless approximate, marks entries of the next node deleted one by one. Returns entries removed.
     */
    public static long trim(Allocator allocator, long stream, Trim trim) {
        Memory memory = allocator.memory();
        long index = nodes(memory, stream);
        StreamNode view = new StreamNode();
        Element element = new Element();
        long removed = 0;
        long node = StreamIndex.first(memory, index);
        while (node != 0) {
            if (trim.byLength() && length(memory, stream) <= trim.maxLength()) {
                break;
            }
            long listpack = listpack(memory, node);
            long live = integer(memory, listpack, Listpack.first(memory, listpack), element);
            if (trim.limit() > 0 && removed + live > trim.limit()) {
                break;
            }
            view.load(memory, StreamIndex.id(memory, node), listpack);
            boolean wholeNode = trim.byLength()
                    ? length(memory, stream) - live >= trim.maxLength()
                    : view.id(view.entries() - 1).compareTo(trim.minId()) < 0;
            if (wholeNode) {
                long next = StreamIndex.next(memory, node);
                Listpack.free(allocator, listpack);
                StreamIndex.delete(allocator, index, node);
                length(memory, stream, length(memory, stream) - live);
                removed += live;
                node = next;
                continue;
            }
            if (trim.approximate()) {
                break;
            }
            long marked = 0;
            for (int i = 0; i < view.entries(); i++) {
                boolean stop = trim.byLength()
                        ? length(memory, stream) <= trim.maxLength()
                        : view.id(i).compareTo(trim.minId()) >= 0;
                if (stop) {
                    break;
                }
                if (!view.deleted(i)) {
                    // Same-size replacement (a small flag): positions after it stay valid.
                    listpack = Listpack.replaceInteger(allocator, listpack, view.flagsPosition(i),
                            view.flags(i) | FLAG_DELETED);
                    length(memory, stream, length(memory, stream) - 1);
                    marked++;
                }
            }
            removed += marked;
            if (marked > 0) {
                adjustCounters(allocator, stream, node, listpack, -marked, false, element);
            }
            break;
        }
        if (length(memory, stream) == 0) {
            firstId(memory, stream, StreamId.MIN);
        } else if (removed > 0) {
            firstId(memory, stream, edgeId(memory, stream, false));   // as streamTrim: only when something went
        }
        return removed;
    }

    /** The first (or, {@code last}, the last) live entry's ID; 0-0 when there is none. */
    public static StreamId edgeId(Memory memory, long stream, boolean last) {
        StreamCursor cursor = new StreamCursor(memory, stream, StreamId.MIN, StreamId.MAX, last);
        return cursor.next() ? cursor.id() : StreamId.MIN;
    }

    /** Whether a live entry {@code id} exists (streamEntryExists). */
    public static boolean exists(Memory memory, long stream, StreamId id) {
        return new StreamCursor(memory, stream, id, id, false).next();
    }

    // ---------------------------------------------------------------------------------------------
    // Consumer-group lag (Redis 7.0's logical read counters)

    /** Whether an entry between {@code start} and {@code end} was deleted (streamRangeHasTombstones). */
    static boolean rangeHasTombstones(Memory memory, long stream, StreamId start, StreamId end) {
        StreamId maxDeleted = maxDeletedId(memory, stream);
        if (length(memory, stream) == 0 || maxDeleted.isZero()) {
            return false;
        }
        if (firstId(memory, stream).compareTo(maxDeleted) > 0) {
            return false;
        }
        return start.compareTo(maxDeleted) <= 0 && maxDeleted.compareTo(end) <= 0;
    }

    /**
     * The number of entries added up to and including {@code id}, when it can be known without a walk, else
     * {@link ConsumerGroups#UNKNOWN_ENTRIES_READ} (streamEstimateDistanceFromFirstEverEntry).
     */
    static long estimateEntriesRead(Memory memory, long stream, StreamId id) {
        return estimateEntriesRead(id, length(memory, stream), lastId(memory, stream), firstId(memory, stream),
                maxDeletedId(memory, stream), entriesAdded(memory, stream));
    }

    /**
     * {@link #estimateEntriesRead(Memory, long, StreamId)} from the header's values, for a stream not built yet: a
     * group loaded from an RDB of type 15, which has no entries_read.
     */
    public static long estimateEntriesRead(StreamId id, long length, StreamId lastId, StreamId firstId,
                                           StreamId maxDeletedId, long entriesAdded) {
        if (entriesAdded == 0) {
            return 0;
        }
        int toLast = id.compareTo(lastId);
        if (length == 0 && toLast < 1) {
            return entriesAdded;
        }
        if (toLast == 0) {
            return entriesAdded;
        } else if (toLast > 0) {
            return ConsumerGroups.UNKNOWN_ENTRIES_READ;
        }
        if (maxDeletedId.isZero() || maxDeletedId.compareTo(firstId) < 0) {
            int toFirst = id.compareTo(firstId);
            if (toFirst < 0) {
                return entriesAdded - length;
            } else if (toFirst == 0) {
                return entriesAdded - length + 1;
            }
        }
        return ConsumerGroups.UNKNOWN_ENTRIES_READ;
    }

    /** The group's lag, or null when it cannot be known (streamReplyWithCGLag). */
    static Long lag(Memory memory, long stream, long group) {
        long added = entriesAdded(memory, stream);
        if (added == 0) {
            return 0L;
        }
        long read = ConsumerGroups.entriesRead(memory, group);
        if (read != ConsumerGroups.UNKNOWN_ENTRIES_READ
                && !rangeHasTombstones(memory, stream, ConsumerGroups.lastId(memory, group), StreamId.MAX)) {
            return added - read;
        }
        long estimate = estimateEntriesRead(memory, stream, ConsumerGroups.lastId(memory, group));
        return estimate == ConsumerGroups.UNKNOWN_ENTRIES_READ ? null : added - estimate;
    }

    // ---------------------------------------------------------------------------------------------
    // Whole values

    /** Frees the nodes, the index, the groups and the header. */
    public static void free(Allocator allocator, long stream) {
        Memory memory = allocator.memory();
        long index = nodes(memory, stream);
        for (long node = StreamIndex.first(memory, index); node != 0; node = StreamIndex.next(memory, node)) {
            Listpack.free(allocator, listpack(memory, node));
        }
        StreamIndex.free(allocator, index);
        ConsumerGroups.free(allocator, groups(memory, stream));
        allocator.free(stream);
    }

    /** A deep copy (COPY): nodes, header and groups. */
    public static long duplicate(Allocator allocator, long stream, RandomGenerator random) {
        Memory memory = allocator.memory();
        long copy = allocator.allocate(HEADER_SIZE);
        for (int offset = 0; offset < HEADER_SIZE; offset += 8) {
            memory.putLong(copy + offset, memory.getLong(stream + offset));
        }
        long index = StreamIndex.create(allocator);
        memory.putLong(copy + NODES, index);
        long from = nodes(memory, stream);
        for (long node = StreamIndex.first(memory, from); node != 0; node = StreamIndex.next(memory, node)) {
            long listpack = Listpack.fromBlob(allocator, Listpack.toBlob(memory, listpack(memory, node)));
            long added = StreamIndex.insert(allocator, index, StreamIndex.id(memory, node), NODE_PAYLOAD, random);
            listpack(memory, added, listpack);
        }
        groups(memory, copy, ConsumerGroups.duplicate(allocator, groups(memory, stream), random));
        return copy;
    }

    /** MEMORY USAGE: the header, the index, the listpacks (all of them when {@code samples} is 0) and the groups. */
    public static long memoryUsage(Memory memory, long stream, int samples) {
        long index = nodes(memory, stream);
        long bytes = HEADER_SIZE + StreamIndex.bytes(memory, index);
        long nodes = StreamIndex.size(memory, index);
        long sampled = 0;
        long sampledBytes = 0;
        for (long node = StreamIndex.first(memory, index); node != 0 && (samples == 0 || sampled < samples);
             node = StreamIndex.next(memory, node)) {
            sampledBytes += Listpack.totalBytes(memory, listpack(memory, node));
            sampled++;
        }
        if (sampled > 0) {
            bytes += sampled == nodes ? sampledBytes : sampledBytes * nodes / sampled;
        }
        return bytes + ConsumerGroups.memoryUsage(memory, groups(memory, stream));
    }

    // ---------------------------------------------------------------------------------------------

    /** A listpack element that t_stream.c stores as an integer (lpGetInteger, which also reads its text). */
    static long integer(Memory memory, long listpack, int position, Element element) {
        Listpack.get(memory, listpack, position, element);
        if (element.isInteger()) {
            return element.integer();
        }
        byte[] text = element.toBytes(memory);
        if (!IntegerText.isCanonicalLong(text, 0, text.length)) {
            throw new CorruptEncodingException("stream listpack", position, "an integer", "a string");
        }
        return IntegerText.parseCanonicalLong(text, 0, text.length);
    }
}
