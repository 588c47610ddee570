package io.forkline.engine.types;

import io.forkline.engine.keyspace.Encoding;
import io.forkline.engine.keyspace.ValueHandler;
import io.forkline.engine.struct.Dict;
import io.forkline.engine.struct.Element;
import io.forkline.engine.struct.Listpack;
import io.forkline.engine.struct.Skiplist;
import io.forkline.engine.struct.SkiplistDescriptor;
import io.forkline.pages.Memory;
import io.forkline.pages.alloc.Allocator;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static io.forkline.engine.types.SortedSetDescriptor.DICT_PAYLOAD_BYTES;
import static io.forkline.engine.types.SortedSetDescriptor.HEADER_DICT_OFFSET;
import static io.forkline.engine.types.SortedSetDescriptor.HEADER_SIZE;
import static io.forkline.engine.types.SortedSetDescriptor.HEADER_SKIPLIST_OFFSET;

/**
 * A sorted set value, in Redis's two encodings ({@link SortedSetDescriptor}): a listpack of (member, score) pairs
 * while small (LISTPACK), else a skiplist for the order and a dict from member to skiplist node for O(1) lookups
 * (SKIPLIST). Which encoding a set has is the caller's to track (the key's entry records it); the thresholds are
 * the commands' to apply, as Redis's zsetAdd does.
 *
 * <p>Reads take a {@link Memory} and never write, so they read a fork's view on a snapshot thread as well as the
 * live store. Writes take the {@link Allocator}, run on the writer, and return the value's address, which a write
 * may move (a listpack grows or shrinks by reallocation).
 */
public final class SortedSetValue implements ValueHandler {

    public static final SortedSetValue HANDLER = new SortedSetValue();

    /** A dict entry's bytes besides its key: the next link and the payload (MEMORY USAGE's estimate). */
    private static final int DICT_ENTRY_OVERHEAD = 8 + DICT_PAYLOAD_BYTES;

    /** Sees each element of a sorted set, in order; the member holder is reused from one element to the next. */
    @FunctionalInterface
    public interface ElementVisitor {
        void accept(Element member, double score);
    }

    private SortedSetValue() {
    }

    static boolean isListpack(Encoding encoding) {
        return switch (encoding) {
            case LISTPACK -> true;
            case SKIPLIST -> false;
            default -> throw new IllegalArgumentException("a sorted set is never encoded as " + encoding.encodingName());
        };
    }

    // ---------------------------------------------------------------------------------------------
    // The SKIPLIST header

    /** A SKIPLIST value's dict: member to the address of its skiplist node. */
    public static long dict(Memory memory, long value) {
        return memory.getLong(value + HEADER_DICT_OFFSET);
    }

    /** A SKIPLIST value's skiplist. */
    public static long skiplist(Memory memory, long value) {
        return memory.getLong(value + HEADER_SKIPLIST_OFFSET);
    }

    // ---------------------------------------------------------------------------------------------
    // Reads

    /** The number of elements. */
    public static long size(Memory memory, long value, Encoding encoding) {
        return isListpack(encoding) ? SortedSetListpack.size(memory, value) : Skiplist.length(memory, skiplist(memory, value));
    }

    /** The score of {@code member}, or NaN when the set does not hold it (no score is NaN). */
    public static double score(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length) {
        if (isListpack(encoding)) {
            int position = SortedSetListpack.find(memory, value, member, offset, length);
            return position == -1 ? Double.NaN : SortedSetListpack.scoreOf(memory, value, position, new Element());
        }
        long entry = Dict.find(memory, dict(memory, value), member, offset, length);
        return entry == 0 ? Double.NaN : Skiplist.score(memory, nodeOf(memory, entry));
    }

    /** The 0-based rank of {@code member} in ascending order, or -1 when the set does not hold it. */
    public static long rank(Memory memory, long value, Encoding encoding, byte[] member, int offset, int length) {
        if (isListpack(encoding)) {
            Element scratch = new Element();
            long rank = 0;
            for (int position = Listpack.first(memory, value); position != -1; rank++) {
                Listpack.get(memory, value, position, scratch);
                if (SortedSetListpack.compare(memory, scratch, member, offset, length) == 0) {
                    return rank;
                }
                position = Listpack.next(memory, value, Listpack.next(memory, value, position));
            }
            return -1;
        }
        long entry = Dict.find(memory, dict(memory, value), member, offset, length);
        if (entry == 0) {
            return -1;
        }
        long zsl = skiplist(memory, value);
        return Skiplist.rank(memory, zsl, Skiplist.score(memory, nodeOf(memory, entry)), member, offset, length) - 1;
    }

    /** Passes every element to {@code visitor}, lowest first: what the RDB writer and the fork tests read. */
    public static void forEach(Memory memory, long value, Encoding encoding, ElementVisitor visitor) {
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        for (cursor.seekFirst(); cursor.valid(); cursor.next()) {
            visitor.accept(cursor.member(), cursor.score());
        }
    }

    /** How many elements are in {@code range} (ZCOUNT, ZLEXCOUNT). */
    static long count(Memory memory, long value, Encoding encoding, SortedSetRange range) {
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        if (!cursor.seekFirstIn(range)) {
            return 0;
        }
        if (isListpack(encoding)) {
            long count = 0;
            for (; cursor.valid() && range.satisfiesMax(cursor); cursor.next()) {
                count++;
            }
            return count;
        }
        long zsl = skiplist(memory, value);
        long firstRank = nodeRank(memory, zsl, cursor.node());
        cursor.seekLastIn(range);
        return nodeRank(memory, zsl, cursor.node()) - firstRank + 1;
    }

    /** The 1-based rank of a node. */
    private static long nodeRank(Memory memory, long zsl, long node) {
        byte[] member = Skiplist.memberBytes(memory, node);
        return Skiplist.rank(memory, zsl, Skiplist.score(memory, node), member, 0, member.length);
    }

    private static long nodeOf(Memory memory, long dictEntry) {
        return memory.getLong(Dict.payload(dictEntry));
    }

    // ---------------------------------------------------------------------------------------------
    // Writes

    /** A new, empty sorted set in {@code encoding}. */
    public static long create(Allocator allocator, Encoding encoding) {
        if (isListpack(encoding)) {
            return Listpack.create(allocator);
        }
        long value = allocator.allocate(HEADER_SIZE);
        Memory memory = allocator.memory();
        memory.putLong(value + HEADER_DICT_OFFSET, Dict.create(allocator, DICT_PAYLOAD_BYTES));
        memory.putLong(value + HEADER_SKIPLIST_OFFSET, Skiplist.create(allocator));
        return value;
    }

    /**
     * Adds {@code member}, which the set must not hold, with {@code score}; returns the value's new address. Converts
     * nothing: the caller converts first when the set would outgrow its listpack ({@link #toSkiplist}).
     */
    public static long insert(Allocator allocator, long value, Encoding encoding, double score, byte[] member, int offset,
                              int length, RandomGenerator random) {
        if (isListpack(encoding)) {
            return SortedSetListpack.insert(allocator, value, score, member, offset, length);
        }
        Memory memory = allocator.memory();
        long node = Skiplist.insert(allocator, skiplist(memory, value), score, member, offset, length, random);
        long entry = Dict.insert(allocator, dict(memory, value), member, offset, length);
        memory.putLong(Dict.payload(entry), node);
        return value;
    }

    /** Changes the score of {@code member}, which the set must hold; returns the value's new address. */
    public static long updateScore(Allocator allocator, long value, Encoding encoding, byte[] member, int offset, int length,
                                   double score, RandomGenerator random) {
        Memory memory = allocator.memory();
        if (isListpack(encoding)) {
            int position = requirePosition(memory, value, member, offset, length);
            value = SortedSetListpack.delete(allocator, value, position);
            return SortedSetListpack.insert(allocator, value, score, member, offset, length);
        }
        long entry = Dict.findForWrite(allocator, dict(memory, value), member, offset, length);
        if (entry == 0) {
            throw new IllegalArgumentException("the sorted set does not hold the member whose score is to change");
        }
        double current = Skiplist.score(memory, nodeOf(memory, entry));
        long node = Skiplist.updateScore(allocator, skiplist(memory, value), current, member, offset, length, score, random);
        memory.putLong(Dict.payload(entry), node);
        return value;
    }

    private static int requirePosition(Memory memory, long listpack, byte[] member, int offset, int length) {
        int position = SortedSetListpack.find(memory, listpack, member, offset, length);
        if (position == -1) {
            throw new IllegalArgumentException("the sorted set does not hold the member whose score is to change");
        }
        return position;
    }

    /**
     * Removes {@code member}; returns the value's new address, or 0 when the set did not hold it (then nothing
     * changed). A set left empty is still a value: the caller deletes the key.
     */
    public static long remove(Allocator allocator, long value, Encoding encoding, byte[] member, int offset, int length) {
        Memory memory = allocator.memory();
        if (isListpack(encoding)) {
            int position = SortedSetListpack.find(memory, value, member, offset, length);
            return position == -1 ? 0 : SortedSetListpack.delete(allocator, value, position);
        }
        long dict = dict(memory, value);
        long entry = Dict.unlink(allocator, dict, member, offset, length);
        if (entry == 0) {
            return 0;
        }
        double score = Skiplist.score(memory, nodeOf(memory, entry));
        Dict.freeEntry(allocator, entry);
        Skiplist.delete(allocator, skiplist(memory, value), score, member, offset, length);
        Dict.shrinkIfSparse(allocator, dict);
        return value;
    }

    /** Removes {@code count} elements from 0-based ascending rank {@code start}; returns the value's new address. */
    public static long removeByRank(Allocator allocator, long value, Encoding encoding, long start, long count) {
        if (count <= 0) {
            return value;
        }
        if (isListpack(encoding)) {
            return SortedSetListpack.deleteByRank(allocator, value, start, count);
        }
        Memory memory = allocator.memory();
        long dict = dict(memory, value);
        MemberScratch scratch = new MemberScratch();
        Skiplist.deleteRangeByRank(allocator, skiplist(memory, value), start + 1, start + count,
                node -> Dict.freeEntry(allocator, scratch.unlink(allocator, dict, node)));
        Dict.shrinkIfSparse(allocator, dict);
        return value;
    }

    /** What a range removal left: the value's new address and how many elements went. */
    record Removal(long value, long removed) {
    }

    /**
     * Removes the elements in {@code range} as Redis's zzlDeleteRangeBy* and zslDeleteRangeBy* do: from the lowest
     * element at or past the lower end, while elements are at or before the upper end.
     */
    static Removal removeRange(Allocator allocator, long value, Encoding encoding, SortedSetRange range) {
        Memory memory = allocator.memory();
        if (!isListpack(encoding)) {
            long dict = dict(memory, value);
            MemberScratch scratch = new MemberScratch();
            long removed = range.deleteFromSkiplist(allocator, skiplist(memory, value),
                    node -> Dict.freeEntry(allocator, scratch.unlink(allocator, dict, node)));
            Dict.shrinkIfSparse(allocator, dict);
            return new Removal(value, removed);
        }
        SortedSetCursor cursor = new SortedSetCursor(memory, value, encoding);
        long start = 0;
        for (cursor.seekFirst(); cursor.valid() && !range.satisfiesMin(cursor); cursor.next()) {
            start++;
        }
        long count = 0;
        for (; cursor.valid() && range.satisfiesMax(cursor); cursor.next()) {
            count++;
        }
        return new Removal(removeByRank(allocator, value, encoding, start, count), count);
    }

    /** Copies a node's member into a buffer it reuses, to unlink the member's dict entry as the node goes. */
    private static final class MemberScratch {
        private byte[] bytes = new byte[64];

        long unlink(Allocator allocator, long dict, long node) {
            Memory memory = allocator.memory();
            int length = Skiplist.memberLength(memory, node);
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, bytes.length * 2)];
            }
            memory.getBytes(Skiplist.memberAddress(memory, node), bytes, 0, length);
            return Dict.unlink(allocator, dict, bytes, 0, length);
        }
    }

    /**
     * The text a listpack's score entry holds for {@code score}, into {@code text} ({@code DoubleText.MAX_LENGTH}
     * bytes); returns its length. For building a listpack elsewhere ({@code ListpackBuilder}) with the bytes
     * {@link #insert} would write.
     */
    public static int listpackScoreText(double score, byte[] text) {
        return SortedSetListpack.formatScore(score, text);
    }

    /** Converts a LISTPACK value to SKIPLIST, freeing the listpack; returns the new value (Redis's zsetConvert). */
    public static long toSkiplist(Allocator allocator, long listpack, RandomGenerator random) {
        Memory memory = allocator.memory();
        long value = create(allocator, Encoding.SKIPLIST);
        SortedSetCursor cursor = new SortedSetCursor(memory, listpack, Encoding.LISTPACK);
        for (cursor.seekFirst(); cursor.valid(); cursor.next()) {
            byte[] member = cursor.memberBytes();
            insert(allocator, value, Encoding.SKIPLIST, cursor.score(), member, 0, member.length, random);
        }
        Listpack.free(allocator, listpack);
        return value;
    }

    /** A new value in {@code encoding} holding {@code elements}, which are sorted ({@link ScoredMembers#sort}). */
    static long build(Allocator allocator, Encoding encoding, ScoredMembers elements, RandomGenerator random) {
        long value = create(allocator, encoding);
        boolean listpack = isListpack(encoding);
        for (int i = 0; i < elements.size(); i++) {
            byte[] member = elements.member(i);
            value = listpack
                    ? SortedSetListpack.append(allocator, value, elements.score(i), member, 0, member.length)
                    : insert(allocator, value, encoding, elements.score(i), member, 0, member.length, random);
        }
        return value;
    }

    // ---------------------------------------------------------------------------------------------
    // ValueHandler

    @Override
    public void free(Allocator allocator, long value, Encoding encoding) {
        if (isListpack(encoding)) {
            Listpack.free(allocator, value);
            return;
        }
        Memory memory = allocator.memory();
        Dict.free(allocator, dict(memory, value), entry -> { });
        Skiplist.free(allocator, skiplist(memory, value));
        allocator.free(value);
    }

    @Override
    public long duplicate(Allocator allocator, long value, Encoding encoding) {
        Memory memory = allocator.memory();
        if (isListpack(encoding)) {
            long bytes = Listpack.totalBytes(memory, value);
            long copy = allocator.allocate(bytes);
            memory.copy(value, copy, bytes);
            return copy;
        }
        // levels drawn from a generator of the source's address: COPY needs no random state of its own
        RandomGenerator random = new SplittableRandom(value);
        long copy = create(allocator, Encoding.SKIPLIST);
        long zsl = skiplist(memory, value);
        for (long node = Skiplist.last(memory, zsl); node != 0; node = Skiplist.previous(memory, node)) {
            byte[] member = Skiplist.memberBytes(memory, node);   // highest first: each insert stops at the head
            insert(allocator, copy, Encoding.SKIPLIST, Skiplist.score(memory, node), member, 0, member.length, random);
        }
        return copy;
    }

    @Override
    public long memoryUsage(Memory memory, long value, Encoding encoding, int samples) {
        if (isListpack(encoding)) {
            return Listpack.totalBytes(memory, value);
        }
        long dict = dict(memory, value);
        long zsl = skiplist(memory, value);
        long size = Skiplist.length(memory, zsl);
        long sampled = 0;
        long entryBytes = 0;
        for (long node = Skiplist.first(memory, zsl); node != 0 && (samples == 0 || sampled < samples);
             node = Skiplist.next(memory, node)) {
            int length = Skiplist.memberLength(memory, node);
            entryBytes += DICT_ENTRY_OVERHEAD + SkiplistDescriptor.varintSize(length) + length;
            sampled++;
        }
        long entries = sampled == 0 ? 0 : entryBytes * size / sampled;
        return HEADER_SIZE + Skiplist.totalBytes(memory, zsl) + Dict.tableBytes(memory, dict) + entries;
    }
}
