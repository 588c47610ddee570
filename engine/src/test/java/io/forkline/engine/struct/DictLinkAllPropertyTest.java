package io.forkline.engine.struct;

import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Dict#linkAll} against inserting one by one: random batches of keys, some repeated within a batch, some
 * already in the dict (from plain inserts or earlier batches), into dicts that are empty, small, or rehashing.
 * A key is linked exactly when an insert in batch order would have added it, and the others are reported by
 * index; the dict then finds every key with its own entry, holds nothing else, and keeps working for inserts.
 */
class DictLinkAllPropertyTest {

    static LongStream seeds() {
        return Seeded.seeds(16);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void linksWhatInsertsWouldAddAndReportsTheRest(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(random.nextBoolean() ? PageSize.KIB_4 : PageSize.MIB_2)) {
                Allocator allocator = new Allocator(memory);
                long dict = Dict.create(allocator, 8);
                Map<String, Long> model = new HashMap<>();   // key -> its entry
                int universe = 50 + random.nextInt(random.nextBoolean() ? 500 : 20_000);
                for (int round = 0; round < 4; round++) {
                    insertSome(allocator, dict, model, random, universe);
                    if (random.nextBoolean()) {
                        Dict.expand(allocator, dict, Dict.size(memory, dict) * 4 + 8);   // leaves the dict rehashing
                    }
                    linkABatch(allocator, dict, model, random, universe);
                    check(memory, dict, model);
                }
            }
        });
    }

    private static void insertSome(Allocator allocator, long dict, Map<String, Long> model, Random random, int universe) {
        for (int i = random.nextInt(40); i > 0; i--) {
            String key = keyOf(random.nextInt(universe));
            byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
            long entry = Dict.insertIfAbsent(allocator, dict, bytes, 0, bytes.length);
            if (entry != 0) {
                model.put(key, entry);
            }
        }
    }

    private static void linkABatch(Allocator allocator, long dict, Map<String, Long> model, Random random, int universe) {
        int count = random.nextInt(universe);
        long[] entries = new long[count + random.nextInt(3)];   // arrays may be longer than the batch
        long[] hashes = new long[entries.length];
        String[] keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = keyOf(random.nextInt(universe));
            byte[] bytes = keys[i].getBytes(StandardCharsets.UTF_8);
            entries[i] = Dict.newUnlinked(allocator, dict, bytes, 0, bytes.length);
            hashes[i] = Dict.hash(bytes, 0, bytes.length);
        }
        Set<Integer> expectedDuplicates = new HashSet<>();
        Set<String> seen = new HashSet<>(model.keySet());
        for (int i = 0; i < count; i++) {
            if (!seen.add(keys[i])) {
                expectedDuplicates.add(i);
            }
        }
        List<Integer> reported = new ArrayList<>();
        long linked = Dict.linkAll(allocator, dict, entries.clone(), hashes.clone(), count, (index, entry) -> {
            assertThat(entry).as("the entry of index %d", index).isEqualTo(entries[index]);
            reported.add(index);
        });

        assertThat(new HashSet<>(reported)).hasSize(reported.size()).isEqualTo(expectedDuplicates);
        assertThat(linked).isEqualTo(count - expectedDuplicates.size());
        for (int i = 0; i < count; i++) {
            if (expectedDuplicates.contains(i)) {
                Dict.freeEntry(allocator, entries[i]);
            } else {
                model.put(keys[i], entries[i]);
            }
        }
    }

    private static void check(PagedMemory memory, long dict, Map<String, Long> model) {
        assertThat(Dict.size(memory, dict)).isEqualTo(model.size());
        for (Map.Entry<String, Long> key : model.entrySet()) {
            byte[] bytes = key.getKey().getBytes(StandardCharsets.UTF_8);
            assertThat(Dict.find(memory, dict, bytes, 0, bytes.length)).as(key.getKey()).isEqualTo(key.getValue());
        }
        Set<Long> walked = new HashSet<>();
        Dict.forEach(memory, dict, walked::add);
        assertThat(walked).hasSize(model.size()).containsExactlyInAnyOrderElementsOf(model.values());
    }

    /** Keys of several shapes: empty, short, and now and then long. */
    private static String keyOf(int index) {
        if (index == 0) {
            return "";
        }
        String key = "key:" + index;
        return index % 37 == 0 ? key.repeat(20) : key;
    }
}
