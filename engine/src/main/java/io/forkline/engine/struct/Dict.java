package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.alloc.Allocator;

import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

import static io.forkline.engine.struct.DictDescriptor.BUCKET_BYTES;
import static io.forkline.engine.struct.DictDescriptor.HEADER_BYTES;
import static io.forkline.engine.struct.DictDescriptor.PAYLOAD_OFFSET;
import static io.forkline.engine.struct.DictDescriptor.buckets;
import static io.forkline.engine.struct.DictDescriptor.exponent;
import static io.forkline.engine.struct.DictDescriptor.keyLengthAddress;
import static io.forkline.engine.struct.DictDescriptor.next;
import static io.forkline.engine.struct.DictDescriptor.payloadBytes;
import static io.forkline.engine.struct.DictDescriptor.readVarint;
import static io.forkline.engine.struct.DictDescriptor.rehashIndex;
import static io.forkline.engine.struct.DictDescriptor.tableSize;
import static io.forkline.engine.struct.DictDescriptor.used;
import static io.forkline.engine.struct.DictDescriptor.varintBytes;

/**
 * A chained hash table in paged memory with incremental rehash, as Redis's dict: byte-string keys, each
 * with a fixed-size payload whose meaning is the caller's. Single-writer; reads take any {@link Memory}.
 *
 * <h2>Design</h2>
 *
 * The layout is in {@link DictDescriptor}: a header with two tables, each a power-of-two array of bucket
 * slots heading chains of entries, an entry holding its key and payload. New entries go to the head of
 * their chain. The dict never holds a Java object: a fork's view freezes all of it, and every read here
 * ({@link #find}, {@link #scan}, {@link #forEach}, {@link #randomEntry}, {@link #sample}) takes a
 * {@code Memory} and never writes, so the same code walks the live dict on the writer and a frozen one on
 * a snapshot thread.
 *
 * <p><b>Growth.</b> When an insert finds as many entries as buckets (load factor 1), a table of the next
 * power of two at least {@code used + 1} is allocated as table 1 and the dict starts rehashing. While a
 * fork's view is open the dict waits until {@code used / size > 5} (integer division, Redis's
 * {@code dict_force_resize_ratio}): moving entries writes to their pages, and every page first written
 * during a snapshot is copied, so growing then costs memory that waiting does not. Shrinking happens only
 * on request ({@link #shrinkIfSparse}, called by a cron as Redis's {@code tryResizeHashTables}), to the
 * next power of two at least {@code max(used, 4)}, when fewer than a tenth of the buckets would be used,
 * and not while rehashing or while a view is open (Redis's {@code dictResize}).
 *
 * <p><b>Incremental rehash.</b> A rehash moves table 0's buckets, in index order, into table 1: one bucket
 * per write operation ({@link #findForWrite}, {@link #insert}, {@link #unlink}), visiting at most 10 empty
 * buckets, as Redis's {@code _dictRehashStep}, plus batches of 100 buckets from {@link #rehashFor}. Buckets
 * of table 0 below the rehash index are empty; lookups search table 0 and then table 1; inserts go to table
 * 1. When table 0 is empty its array is freed and table 1 becomes table 0. Moving an entry rehashes its key
 * from memory, so the hash is never stored.
 *
 * <p><b>Scan.</b> {@link #scan}'s cursor is Redis's {@code dictScan}: it counts through bucket indexes with
 * the bits reversed, so that the buckets visited before a resize stay visited after it. Each bucket index of
 * a small table expands to the indexes with the same low bits in a larger one, and incrementing the high
 * bits first visits all of those before moving on. While rehashing, a call visits one bucket of the smaller
 * table and every bucket of the larger table that it expands to. So an entry present from a full scan's
 * start to its end is returned at least once, across any resizes between calls; an entry may be returned
 * more than once.
 *
 * <p>Callbacks ({@link LongConsumer}s) must not change the dict; collect entries and change it afterwards.
 */
public final class Dict {

    /** The smallest table: 2<sup>2</sup> buckets, Redis's {@code DICT_HT_INITIAL_SIZE}. */
    static final int MIN_EXPONENT = 2;
    /** While a view is open, grow only when {@code used / size} exceeds this (Redis's {@code dict_force_resize_ratio}). */
    static final int FORCE_RESIZE_RATIO = 5;
    /** Shrink when fewer than one bucket in this many is used (Redis's {@code HASHTABLE_MIN_FILL} of 10%). */
    static final int SPARSE_RATIO = 10;
    /** A rehash of n buckets gives up after visiting this many times n empty buckets. */
    static final int EMPTY_VISITS_PER_BUCKET = 10;
    /** Buckets moved by each step of {@link #rehashFor}. */
    static final int BUCKETS_PER_TIMED_STEP = 100;
    private static final int MAX_EXPONENT = 56;

    private Dict() {
    }

    // ---------------------------------------------------------------------------------------------
    // Creation and size

    /**
     * A new empty dict whose entries carry {@code payloadBytes} bytes of payload each.
     *
     * @param payloadBytes a multiple of 4 from 0 to 60
     */
    public static long create(Allocator allocator, int payloadBytes) {
        DictDescriptor.checkPayloadBytes(payloadBytes);
        long dict = allocator.allocate(HEADER_BYTES);
        DictDescriptor.initialize(allocator.memory(), dict, payloadBytes);
        return dict;
    }

    /** The number of entries. */
    public static long size(Memory memory, long dict) {
        return used(memory, dict, 0) + used(memory, dict, 1);
    }

    public static boolean isRehashing(Memory memory, long dict) {
        return rehashIndex(memory, dict) != -1;
    }

    /** Bytes of the header and the bucket arrays, not counting entries. */
    public static long tableBytes(Memory memory, long dict) {
        return HEADER_BYTES + (tableSize(memory, dict, 0) + tableSize(memory, dict, 1)) * BUCKET_BYTES;
    }

    // ---------------------------------------------------------------------------------------------
    // Lookup, insert, unlink

    /** The entry of {@code key[offset, offset + length)}, or 0 if absent. Never writes. */
    public static long find(Memory memory, long dict, byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        if (buckets(memory, dict, 0) == 0) {
            return 0;   // no table yet: empty (a rehash always has a table 0)
        }
        return find(memory, dict, Hashing.hash(key, offset, length), key, offset, length);
    }

    /** {@link #find} on the writer: first moves one bucket if the dict is rehashing. */
    public static long findForWrite(Allocator allocator, long dict, byte[] key, int offset, int length) {
        rehashStep(allocator, dict);
        return find(allocator.memory(), dict, key, offset, length);
    }

    private static long find(Memory memory, long dict, long hash, byte[] key, int offset, int length) {
        long entry = findInChain(memory, memory.getLong(bucketAddress(memory, dict, 0, hash)), key, offset, length);
        if (entry != 0 || !isRehashing(memory, dict)) {
            return entry;
        }
        return findInChain(memory, memory.getLong(bucketAddress(memory, dict, 1, hash)), key, offset, length);
    }

    /** The entry of the key in the chain that starts at {@code entry}, or 0. */
    private static long findInChain(Memory memory, long entry, byte[] key, int offset, int length) {
        while (entry != 0) {
            long first = memory.getLong(entry + DictDescriptor.NEXT_OFFSET);   // next address | payload units
            if (keyEquals(memory, entry, first, key, offset, length)) {
                return entry;
            }
            entry = first & ~DictDescriptor.PAYLOAD_UNITS_MASK;
        }
        return 0;
    }

    /** {@link #keyEquals} given the entry's first word, already read. */
    private static boolean keyEquals(Memory memory, long entry, long first, byte[] key, int offset, int length) {
        long lengthAddress = entry + PAYLOAD_OFFSET + (first & DictDescriptor.PAYLOAD_UNITS_MASK) * DictDescriptor.PAYLOAD_UNIT;
        int lead = memory.getByte(lengthAddress);
        if (lead >= 0) {   // a one-byte varint: keys shorter than 128 bytes, the common case
            return lead == length && memory.contentEquals(lengthAddress + 1, key, offset, length);
        }
        int stored = readVarint(memory, lengthAddress);
        return stored == length && memory.contentEquals(lengthAddress + varintBytes(stored), key, offset, length);
    }

    /**
     * Adds {@code key} and returns its new entry, whose payload is zeroed.
     *
     * @throws IllegalStateException if the key is already present
     */
    public static long insert(Allocator allocator, long dict, byte[] key, int offset, int length) {
        long entry = insertIfAbsent(allocator, dict, key, offset, length);
        if (entry == 0) {
            throw new IllegalStateException("the dict at " + Long.toHexString(dict) + " already holds a key of "
                    + length + " bytes equal to the one inserted");
        }
        return entry;
    }

    /**
     * {@link #insert}, except that a key already present is not an error: returns 0 then, changing nothing but
     * the rehash step that every write takes. One lookup instead of a {@link #findForWrite} and an insert.
     */
    public static long insertIfAbsent(Allocator allocator, long dict, byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        PagedMemory memory = allocator.memory();
        rehashStep(allocator, dict);
        expandIfNeeded(allocator, dict);
        long hash = Hashing.hash(key, offset, length);
        if (find(memory, dict, hash, key, offset, length) != 0) {
            return 0;
        }
        long entry = newEntry(allocator, payloadBytes(memory, dict), key, offset, length);
        int table = isRehashing(memory, dict) ? 1 : 0;
        long bucket = bucketAddress(memory, dict, table, hash);
        next(memory, entry, memory.getLong(bucket));
        memory.putLong(bucket, entry);
        used(memory, dict, table, used(memory, dict, table) + 1);
        return entry;
    }

    private static long newEntry(Allocator allocator, int payloadBytes, byte[] key, int offset, int length) {
        long entry = allocator.allocate(DictDescriptor.entryBytes(payloadBytes, length));
        if ((entry & DictDescriptor.PAYLOAD_UNITS_MASK) != 0) {
            allocator.free(entry);
            throw new IllegalStateException(String.format("the allocator returned 0x%x, not 16-byte aligned: a dict entry"
                    + " keeps its payload size in the low 4 bits of its next-entry address", entry));
        }
        PagedMemory memory = allocator.memory();
        DictDescriptor.initializeNext(memory, entry, payloadBytes);
        if (payloadBytes > 0) {
            memory.fill(entry + PAYLOAD_OFFSET, payloadBytes, (byte) 0);
        }
        long keyAddress = DictDescriptor.writeVarint(memory, entry + PAYLOAD_OFFSET + payloadBytes, length);
        memory.putBytes(keyAddress, key, offset, length);
        return entry;
    }

    // ---------------------------------------------------------------------------------------------
    // Bulk insertion: entries first, linked afterwards in the order of their buckets

    /**
     * A new entry for the key, its payload zeroed, that is not in the table yet: {@link #linkAll} adds it.
     * Building many entries first and linking them all at once in bucket order visits the bucket array front to
     * back instead of at random, which is what makes a load of keys in an order foreign to this table (an RDB file
     * from Redis) fast: one cache miss per key less, and none for comparing with the keys of its chain.
     */
    public static long newUnlinked(Allocator allocator, long dict, byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        return newEntry(allocator, payloadBytes(allocator.memory(), dict), key, offset, length);
    }

    /** The hash {@link #linkAll} wants for an entry of {@code key}. */
    public static long hash(byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        return Hashing.hash(key, offset, length);
    }

    /**
     * Links {@code entries[0, count)}, made by {@link #newUnlinked}, whose keys hash to {@code hashes}, into the
     * table: sizes the table for them first (finishing any rehash), then visits their buckets in order. Both arrays
     * are reordered (they are the sort's buffers). An entry whose key is in the table already, or in an entry before
     * it in the original order, is not linked but passed to {@code duplicate} with its original index, and stays
     * the caller's. Returns the number of entries linked.
     */
    public static long linkAll(Allocator allocator, long dict, long[] entries, long[] hashes, int count, Duplicate duplicate) {
        Objects.checkFromIndexSize(0, count, Math.min(entries.length, hashes.length));
        if (count == 0) {
            return 0;
        }
        PagedMemory memory = allocator.memory();
        rehashCompletely(allocator, dict);
        expand(allocator, dict, size(memory, dict) + count);
        rehashCompletely(allocator, dict);
        int exponent = exponent(memory, dict, 0);
        long mask = (1L << exponent) - 1;
        Sorted sorted = Sorted.byBucket(entries, hashes, count, mask, exponent);
        int payloadBytes = payloadBytes(memory, dict);
        long buckets = buckets(memory, dict, 0);
        long linked = 0;
        int run = 0;
        while (run < count) {
            long bucket = sorted.hashes[run] & mask;
            int end = run + 1;
            while (end < count && (sorted.hashes[end] & mask) == bucket) {
                end++;
            }
            long bucketAddress = buckets + bucket * BUCKET_BYTES;
            long before = memory.getLong(bucketAddress);   // the chain as it was: keys from before this call
            long head = before;
            for (int i = run; i < end; i++) {
                if (sorted.isDuplicate(memory, run, i, before)) {
                    duplicate.found(sorted.indexes[i], sorted.entries[i]);
                    continue;
                }
                DictDescriptor.link(memory, sorted.entries[i], payloadBytes, head);
                head = sorted.entries[i];
                linked++;
            }
            memory.putLong(bucketAddress, head);
            run = end;
        }
        used(memory, dict, 0, used(memory, dict, 0) + linked);
        return linked;
    }

    /** What {@link #linkAll} does with an entry it does not link: {@code index} is its place in the original order. */
    @FunctionalInterface
    public interface Duplicate {
        void found(int index, long entry);
    }

    /** A batch's entries, hashes and original indexes, ordered by bucket, so that linking reads them front to back. */
    private record Sorted(long[] entries, long[] hashes, int[] indexes) {

        /**
         * A stable LSD radix sort on {@code hash & mask}, 11 bits a pass, moving the three arrays together; the
         * given arrays are one of its two buffers.
         */
        static Sorted byBucket(long[] entries, long[] hashes, int count, long mask, int bits) {
            Sorted from = new Sorted(entries, hashes, new int[count]);
            for (int i = 0; i < count; i++) {
                from.indexes[i] = i;
            }
            Sorted to = new Sorted(new long[count], new long[count], new int[count]);
            int[] starts = new int[1 << 11];
            for (int shift = 0; shift < bits; shift += 11) {
                java.util.Arrays.fill(starts, 0);
                for (int i = 0; i < count; i++) {
                    starts[digit(from.hashes[i], mask, shift)]++;
                }
                for (int digit = 0, total = 0; digit < starts.length; digit++) {
                    int n = starts[digit];
                    starts[digit] = total;
                    total += n;
                }
                for (int i = 0; i < count; i++) {
                    int at = starts[digit(from.hashes[i], mask, shift)]++;
                    to.entries[at] = from.entries[i];
                    to.hashes[at] = from.hashes[i];
                    to.indexes[at] = from.indexes[i];
                }
                Sorted swap = from;
                from = to;
                to = swap;
            }
            return from;
        }

        private static int digit(long hash, long mask, int shift) {
            return (int) (((hash & mask) >>> shift) & 0x7FF);
        }

        /**
         * Whether the entry at {@code i} has the key of an earlier one of its run (same bucket; same hash first,
         * then the bytes) or of the chain {@code before}.
         */
        boolean isDuplicate(Memory memory, int runStart, int i, long before) {
            byte[] key = null;
            for (int j = runStart; j < i; j++) {
                if (hashes[j] == hashes[i]) {
                    key = key != null ? key : keyBytes(memory, entries[i]);
                    if (keyEquals(memory, entries[j], key, 0, key.length)) {
                        return true;
                    }
                }
            }
            if (before != 0) {
                key = key != null ? key : keyBytes(memory, entries[i]);
                return findInChain(memory, before, key, 0, key.length) != 0;
            }
            return false;
        }
    }

    private static void rehashCompletely(Allocator allocator, long dict) {
        while (isRehashing(allocator.memory(), dict)) {
            rehash(allocator, dict, 1024);
        }
    }

    /**
     * Removes {@code key}'s entry from the table without freeing it, so that the caller can read its payload
     * and then {@link #freeEntry} it; returns it, or 0 if the key is absent.
     */
    public static long unlink(Allocator allocator, long dict, byte[] key, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, key.length);
        PagedMemory memory = allocator.memory();
        if (size(memory, dict) == 0) {
            return 0;
        }
        rehashStep(allocator, dict);
        long hash = Hashing.hash(key, offset, length);
        int tables = isRehashing(memory, dict) ? 2 : 1;
        for (int table = 0; table < tables; table++) {
            long bucket = bucketAddress(memory, dict, table, hash);
            long previous = 0;
            long entry = memory.getLong(bucket);
            while (entry != 0) {
                long following = next(memory, entry);
                if (keyEquals(memory, entry, key, offset, length)) {
                    if (previous == 0) {
                        memory.putLong(bucket, following);
                    } else {
                        next(memory, previous, following);
                    }
                    used(memory, dict, table, used(memory, dict, table) - 1);
                    return entry;
                }
                previous = entry;
                entry = following;
            }
        }
        return 0;
    }

    /** Frees an entry that {@link #unlink} returned. */
    public static void freeEntry(Allocator allocator, long entry) {
        allocator.free(entry);
    }

    // ---------------------------------------------------------------------------------------------
    // Entries

    /** The address of the entry's payload. */
    public static long payload(long entry) {
        return entry + PAYLOAD_OFFSET;
    }

    public static int keyLength(Memory memory, long entry) {
        return readVarint(memory, keyLengthAddress(memory, entry));
    }

    /** The address of the entry's first key byte. */
    public static long keyAddress(Memory memory, long entry) {
        long lengthAddress = keyLengthAddress(memory, entry);
        return lengthAddress + varintBytes(readVarint(memory, lengthAddress));
    }

    /** A heap copy of the entry's key. */
    public static byte[] keyBytes(Memory memory, long entry) {
        long lengthAddress = keyLengthAddress(memory, entry);
        int length = readVarint(memory, lengthAddress);
        byte[] key = new byte[length];
        memory.getBytes(lengthAddress + varintBytes(length), key, 0, length);
        return key;
    }

    public static boolean keyEquals(Memory memory, long entry, byte[] key, int offset, int length) {
        long lengthAddress = keyLengthAddress(memory, entry);
        int stored = readVarint(memory, lengthAddress);
        return stored == length && memory.contentEquals(lengthAddress + varintBytes(stored), key, offset, length);
    }

    // ---------------------------------------------------------------------------------------------
    // Walks

    /**
     * Passes the entries of the bucket(s) at {@code cursor} to {@code entries} and returns the next cursor;
     * start at 0, and the scan is complete when 0 comes back. Never writes.
     */
    public static long scan(Memory memory, long dict, long cursor, LongConsumer entries) {
        if (size(memory, dict) == 0) {
            return 0;
        }
        if (!isRehashing(memory, dict)) {
            long mask = tableSize(memory, dict, 0) - 1;
            emitChain(memory, buckets(memory, dict, 0) + (cursor & mask) * BUCKET_BYTES, entries);
            return nextCursor(cursor, mask);
        }
        int small = tableSize(memory, dict, 0) <= tableSize(memory, dict, 1) ? 0 : 1;
        int large = 1 - small;
        long smallMask = tableSize(memory, dict, small) - 1;
        long largeMask = tableSize(memory, dict, large) - 1;
        long largeBuckets = buckets(memory, dict, large);
        emitChain(memory, buckets(memory, dict, small) + (cursor & smallMask) * BUCKET_BYTES, entries);
        do {
            emitChain(memory, largeBuckets + (cursor & largeMask) * BUCKET_BYTES, entries);
            cursor = nextCursor(cursor, largeMask);
        } while ((cursor & (smallMask ^ largeMask)) != 0);
        return cursor;
    }

    /** Increments the cursor's bits under {@code mask} from the highest down: a reversed-binary increment. */
    private static long nextCursor(long cursor, long mask) {
        long reversed = Long.reverse(cursor | ~mask);
        return Long.reverse(reversed + 1);
    }

    /** Passes every entry to {@code entries}. Never writes. */
    public static void forEach(Memory memory, long dict, LongConsumer entries) {
        for (int table = 0; table < 2; table++) {
            long buckets = buckets(memory, dict, table);
            if (buckets == 0) {
                continue;
            }
            long end = buckets + tableSize(memory, dict, table) * BUCKET_BYTES;
            for (long bucket = buckets; bucket < end; bucket += BUCKET_BYTES) {
                emitChain(memory, bucket, entries);
            }
        }
    }

    /**
     * {@link #forEach} for a reader that does much work per entry over a large dict (an RDB save): the same entries in
     * the same order, but the heads of the next {@link #GATHER} non-empty buckets are read together before any of
     * them is handed out. Those reads do not depend on one another, so their cache misses overlap instead of each
     * waiting for the last entry's work; the consumer then finds each entry's first line in the cache. Only for
     * consumers that change no entry but the one handed to them.
     */
    public static void forEachGathered(Memory memory, long dict, LongConsumer entries) {
        forEachGathered(memory, dict, entry -> { }, entries);
    }

    /**
     * {@link #forEachGathered(Memory, long, LongConsumer)}, and before the gathered chain heads are handed out,
     * {@code ahead} is called on each of them in turn: a reader that goes on from an entry to another address (its
     * value) reads that address there, so that those misses overlap too. {@code ahead} must only read.
     */
    public static void forEachGathered(Memory memory, long dict, LongConsumer ahead, LongConsumer entries) {
        long[] heads = new long[GATHER];
        long[] following = new long[GATHER];
        for (int table = 0; table < 2; table++) {
            long buckets = buckets(memory, dict, table);
            if (buckets == 0) {
                continue;
            }
            long end = buckets + tableSize(memory, dict, table) * BUCKET_BYTES;
            long bucket = buckets;
            while (bucket < end) {
                int gathered = 0;
                for (; bucket < end && gathered < GATHER; bucket += BUCKET_BYTES) {
                    long head = memory.getLong(bucket);
                    if (head != 0) {
                        heads[gathered++] = head;
                    }
                }
                for (int i = 0; i < gathered; i++) {
                    following[i] = next(memory, heads[i]);   // independent loads: their misses overlap
                }
                for (int i = 0; i < gathered; i++) {
                    ahead.accept(heads[i]);
                }
                for (int i = 0; i < gathered; i++) {
                    entries.accept(heads[i]);
                    for (long entry = following[i]; entry != 0; ) {
                        long after = next(memory, entry);
                        entries.accept(entry);
                        entry = after;
                    }
                }
            }
        }
    }

    /** How many chain heads {@link #forEachGathered} reads ahead. */
    private static final int GATHER = 16;

    /** Passes the chain headed at a bucket slot, reading each entry's next before handing the entry out. */
    static void emitChain(Memory memory, long bucket, LongConsumer entries) {
        long entry = memory.getLong(bucket);
        while (entry != 0) {
            long following = next(memory, entry);
            entries.accept(entry);
            entry = following;
        }
    }

    /** A random entry, or 0 if the dict is empty: a random non-empty bucket, then a random entry of its chain. */
    public static long randomEntry(Memory memory, long dict, RandomGenerator random) {
        return DictSampling.randomEntry(memory, dict, random);
    }

    /**
     * Passes up to {@code count} entries from a random stretch of buckets to {@code entries} and returns how
     * many, as Redis's {@code dictGetSomeKeys}: fast, not uniform, and an entry may come twice.
     */
    public static int sample(Memory memory, long dict, int count, RandomGenerator random, LongConsumer entries) {
        return DictSampling.sample(memory, dict, count, random, entries);
    }

    // ---------------------------------------------------------------------------------------------
    // Resizing and rehashing

    /**
     * Rehashes in steps of {@value #BUCKETS_PER_TIMED_STEP} buckets until done or until {@code nanos} have
     * passed (at least one step when rehashing); returns the steps taken.
     */
    public static int rehashFor(Allocator allocator, long dict, long nanos) {
        if (!isRehashing(allocator.memory(), dict)) {
            return 0;
        }
        long start = System.nanoTime();
        int steps = 0;
        boolean more;
        do {
            more = rehash(allocator, dict, BUCKETS_PER_TIMED_STEP);
            steps++;
        } while (more && System.nanoTime() - start < nanos);
        return steps;
    }

    /**
     * Starts shrinking table 0 to the smallest power of two, at least 4, that holds every entry, when fewer
     * than a tenth of its buckets are used; not while rehashing or while a fork's view is open. Returns
     * whether it started.
     */
    public static boolean shrinkIfSparse(Allocator allocator, long dict) {
        PagedMemory memory = allocator.memory();
        long size = tableSize(memory, dict, 0);
        long used = used(memory, dict, 0);
        if (isRehashing(memory, dict) || memory.openView() != null
                || size <= 1L << MIN_EXPONENT || used * SPARSE_RATIO >= size) {
            return false;
        }
        resize(allocator, dict, used);
        return true;
    }

    /**
     * Makes room for {@code entries} entries at once, as Redis's {@code dictExpand} before a load: when the dict
     * is not rehashing and its table is smaller than the power of two that holds them, gives it a table of that
     * size (directly when it has none, else as the target of a rehash). Returns whether it did. A hint, so that
     * inserting {@code entries} keys does not grow the table step by step; a caller that does not trust the hint
     * caps it.
     */
    public static boolean expand(Allocator allocator, long dict, long entries) {
        PagedMemory memory = allocator.memory();
        if (isRehashing(memory, dict) || entries <= used(memory, dict, 0)
                || (buckets(memory, dict, 0) != 0 && exponentFor(entries) <= exponent(memory, dict, 0))) {
            return false;
        }
        resize(allocator, dict, entries);
        return true;
    }

    private static void expandIfNeeded(Allocator allocator, long dict) {
        PagedMemory memory = allocator.memory();
        if (isRehashing(memory, dict)) {
            return;
        }
        if (buckets(memory, dict, 0) == 0) {
            resize(allocator, dict, 0);
            return;
        }
        long size = tableSize(memory, dict, 0);
        long used = used(memory, dict, 0);
        boolean viewOpen = memory.openView() != null;
        if (used >= size && (!viewOpen || used / size > FORCE_RESIZE_RATIO)) {
            resize(allocator, dict, used + 1);
        }
    }

    /**
     * Gives the dict a table of the smallest power of two at least {@code max(entries, 4)}: as table 0 if it
     * has none, else as table 1, starting a rehash.
     */
    private static void resize(Allocator allocator, long dict, long entries) {
        PagedMemory memory = allocator.memory();
        int exponent = exponentFor(entries);
        long bytes = (1L << exponent) * BUCKET_BYTES;
        long buckets = allocator.allocate(bytes);
        memory.fill(buckets, bytes, (byte) 0);
        int table = buckets(memory, dict, 0) == 0 ? 0 : 1;
        buckets(memory, dict, table, buckets);
        exponent(memory, dict, table, exponent);
        used(memory, dict, table, 0);
        if (table == 1) {
            rehashIndex(memory, dict, 0);
        }
    }

    private static int exponentFor(long entries) {
        if (entries > 1L << MAX_EXPONENT) {
            throw new IllegalArgumentException("a dict cannot grow to " + entries + " buckets");
        }
        int exponent = entries <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(entries - 1);
        return Math.max(MIN_EXPONENT, exponent);
    }

    /** One step of incremental rehash, Redis's {@code _dictRehashStep}: moves one bucket if rehashing. */
    private static void rehashStep(Allocator allocator, long dict) {
        if (isRehashing(allocator.memory(), dict)) {
            rehash(allocator, dict, 1);
        }
    }

    /**
     * Moves up to {@code bucketCount} non-empty buckets of table 0 into table 1, visiting at most ten times
     * as many empty ones; finishes the rehash when table 0 is empty. Returns whether more is left to move.
     */
    private static boolean rehash(Allocator allocator, long dict, int bucketCount) {
        PagedMemory memory = allocator.memory();
        long buckets = buckets(memory, dict, 0);
        long index = rehashIndex(memory, dict);
        long emptyVisits = (long) bucketCount * EMPTY_VISITS_PER_BUCKET;
        for (int moved = 0; moved < bucketCount && used(memory, dict, 0) != 0; moved++) {
            while (memory.getLong(buckets + index * BUCKET_BYTES) == 0) {
                index++;
                assert index < tableSize(memory, dict, 0) : "table 0 counts entries beyond its last bucket";
                if (--emptyVisits == 0) {
                    rehashIndex(memory, dict, index);
                    return true;
                }
            }
            moveBucket(memory, dict, buckets + index * BUCKET_BYTES);
            index++;
        }
        rehashIndex(memory, dict, index);
        if (used(memory, dict, 0) != 0) {
            return true;
        }
        finishRehash(allocator, dict);
        return false;
    }

    /** Relinks every entry of a table-0 bucket into table 1, at the heads of its chains. */
    private static void moveBucket(Memory memory, long dict, long bucket) {
        long entry = memory.getLong(bucket);
        long moved = 0;
        while (entry != 0) {
            long following = next(memory, entry);
            long keyLengthAddress = keyLengthAddress(memory, entry);
            int keyLength = readVarint(memory, keyLengthAddress);
            long hash = Hashing.hash(memory, keyLengthAddress + varintBytes(keyLength), keyLength);
            long target = bucketAddress(memory, dict, 1, hash);
            next(memory, entry, memory.getLong(target));
            memory.putLong(target, entry);
            moved++;
            entry = following;
        }
        memory.putLong(bucket, 0);
        used(memory, dict, 0, used(memory, dict, 0) - moved);
        used(memory, dict, 1, used(memory, dict, 1) + moved);
    }

    /** Frees table 0's empty array and makes table 1 the only table. */
    private static void finishRehash(Allocator allocator, long dict) {
        PagedMemory memory = allocator.memory();
        allocator.free(buckets(memory, dict, 0));
        buckets(memory, dict, 0, buckets(memory, dict, 1));
        exponent(memory, dict, 0, exponent(memory, dict, 1));
        used(memory, dict, 0, used(memory, dict, 1));
        buckets(memory, dict, 1, 0);
        exponent(memory, dict, 1, 0);
        used(memory, dict, 1, 0);
        rehashIndex(memory, dict, -1);
    }

    /** The address of the bucket slot of {@code hash} in a table that has buckets. */
    static long bucketAddress(Memory memory, long dict, int table, long hash) {
        long mask = (1L << exponent(memory, dict, table)) - 1;
        return buckets(memory, dict, table) + (hash & mask) * BUCKET_BYTES;
    }

    // ---------------------------------------------------------------------------------------------
    // Clearing and freeing

    /** Frees every entry, after passing it to {@code beforeFree}, and the bucket arrays: the dict is empty. */
    public static void clear(Allocator allocator, long dict, LongConsumer beforeFree) {
        PagedMemory memory = allocator.memory();
        LongConsumer release = entry -> {
            beforeFree.accept(entry);
            allocator.free(entry);
        };
        for (int table = 0; table < 2; table++) {
            long buckets = buckets(memory, dict, table);
            if (buckets == 0) {
                continue;
            }
            long end = buckets + tableSize(memory, dict, table) * BUCKET_BYTES;
            for (long bucket = buckets; bucket < end; bucket += BUCKET_BYTES) {
                emitChain(memory, bucket, release);
            }
            allocator.free(buckets);
        }
        DictDescriptor.initialize(memory, dict, payloadBytes(memory, dict));
    }

    /** {@link #clear}s the dict and frees its header: the address is no longer a dict. */
    public static void free(Allocator allocator, long dict, LongConsumer beforeFree) {
        clear(allocator, dict, beforeFree);
        allocator.free(dict);
    }
}
