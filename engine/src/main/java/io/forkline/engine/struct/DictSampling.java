package io.forkline.engine.struct;

import io.forkline.pages.Memory;

import java.util.function.LongConsumer;
import java.util.random.RandomGenerator;

import static io.forkline.engine.struct.DictDescriptor.BUCKET_BYTES;
import static io.forkline.engine.struct.DictDescriptor.buckets;
import static io.forkline.engine.struct.DictDescriptor.next;
import static io.forkline.engine.struct.DictDescriptor.rehashIndex;
import static io.forkline.engine.struct.DictDescriptor.tableSize;

/**
 * Random picks from a {@link Dict} for RANDOMKEY, SRANDMEMBER and eviction: read-only, so they run on a
 * fork's view as well, and unlike Redis's they never take a rehash step.
 */
final class DictSampling {

    /** {@link #sample} looks at no more than this many bucket positions per entry asked for. */
    private static final int STEPS_PER_ENTRY = 10;
    /** {@link #sample} jumps elsewhere after this many empty buckets in a row (and more than it was asked for). */
    private static final int EMPTY_RUN_BEFORE_JUMP = 5;

    private DictSampling() {
    }

    /**
     * Picks a random non-empty bucket slot among the live ones (table 0 from the rehash index on, and
     * table 1), then a random entry of its chain. Long chains make their entries a little less likely.
     */
    static long randomEntry(Memory memory, long dict, RandomGenerator random) {
        if (Dict.size(memory, dict) == 0) {
            return 0;
        }
        long head;
        if (Dict.isRehashing(memory, dict)) {
            long size0 = tableSize(memory, dict, 0);
            long first = rehashIndex(memory, dict);
            long span = size0 + tableSize(memory, dict, 1) - first;
            do {
                long slot = first + random.nextLong(span);
                head = slot < size0 ? bucket(memory, dict, 0, slot) : bucket(memory, dict, 1, slot - size0);
            } while (head == 0);
        } else {
            long mask = tableSize(memory, dict, 0) - 1;
            do {
                head = bucket(memory, dict, 0, random.nextLong() & mask);
            } while (head == 0);
        }
        return pickFromChain(memory, head, random);
    }

    private static long pickFromChain(Memory memory, long head, RandomGenerator random) {
        int length = 0;
        for (long entry = head; entry != 0; entry = next(memory, entry)) {
            length++;
        }
        long entry = head;
        for (int skip = random.nextInt(length); skip > 0; skip--) {
            entry = next(memory, entry);
        }
        return entry;
    }

    /**
     * Walks buckets from a random index, in both tables at once while rehashing, passing whole chains until
     * {@code count} entries are passed or {@code 10 * count} positions are looked at; a long run of empty
     * buckets makes it jump to another random index. Returns how many entries it passed.
     */
    static int sample(Memory memory, long dict, int count, RandomGenerator random, LongConsumer entries) {
        if (count < 0) {
            throw new IllegalArgumentException("negative sample count " + count);
        }
        int wanted = (int) Math.min(count, Dict.size(memory, dict));
        if (wanted == 0) {
            return 0;
        }
        boolean rehashing = Dict.isRehashing(memory, dict);
        int tables = rehashing ? 2 : 1;
        long size0 = tableSize(memory, dict, 0);
        long size1 = tableSize(memory, dict, 1);
        long mask = Math.max(size0, size1) - 1;
        long rehashIndex = rehashIndex(memory, dict);
        long index = random.nextLong() & mask;
        long steps = (long) wanted * STEPS_PER_ENTRY;
        int emptyRun = 0;
        int passed = 0;
        while (passed < wanted && steps-- > 0) {
            for (int table = 0; table < tables; table++) {
                if (rehashing && table == 0 && index < rehashIndex) {
                    if (index < size1) {
                        continue;   // table 0 is empty below the rehash index; table 1 has this one
                    }
                    index = rehashIndex;   // and table 1 is too small to reach it: skip ahead
                }
                if (index >= (table == 0 ? size0 : size1)) {
                    continue;
                }
                long entry = bucket(memory, dict, table, index);
                if (entry == 0) {
                    emptyRun++;
                    if (emptyRun >= EMPTY_RUN_BEFORE_JUMP && emptyRun > wanted) {
                        index = random.nextLong() & mask;
                        emptyRun = 0;
                    }
                    continue;
                }
                emptyRun = 0;
                while (entry != 0 && passed < wanted) {
                    long following = next(memory, entry);
                    entries.accept(entry);
                    passed++;
                    entry = following;
                }
            }
            index = (index + 1) & mask;
        }
        return passed;
    }

    private static long bucket(Memory memory, long dict, int table, long index) {
        return memory.getLong(buckets(memory, dict, table) + index * BUCKET_BYTES);
    }
}
