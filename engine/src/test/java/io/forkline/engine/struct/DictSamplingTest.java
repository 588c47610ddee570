package io.forkline.engine.struct;

import io.forkline.pages.Memory;
import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * randomEntry and sample return only present entries and, over many draws, every one of them: on a plain
 * dict, a rehashing one (growing or shrinking), a sparse one, and through a fork's view.
 */
class DictSamplingTest {

    static LongStream seeds() {
        return Seeded.seeds(10);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void drawsComeFromThePresentEntriesAndReachThemAll(long seed) {
        Seeded.run(seed, random -> {
            try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
                Allocator allocator = new Allocator(memory);
                long dict = Dict.create(allocator, 8);
                Set<String> present = new HashSet<>();
                int inserted = 1 + random.nextInt(400);
                for (int i = 0; i < inserted; i++) {
                    insert(allocator, dict, "key:" + i);
                    present.add("key:" + i);
                }
                for (int i = 0; i < inserted; i++) {   // unlink some: leaves sparse tables and gaps in chains
                    if (random.nextInt(3) == 0) {
                        unlink(allocator, dict, "key:" + i);
                        present.remove("key:" + i);
                    }
                }
                if (random.nextBoolean()) {
                    Dict.shrinkIfSparse(allocator, dict);
                }
                checkDraws(memory, dict, present, random);
                MemoryView view = memory.fork();
                Set<String> frozen = new HashSet<>(present);
                for (int i = 0; i < 50; i++) {
                    insert(allocator, dict, "later:" + i);
                    present.add("later:" + i);
                }
                checkDraws(view, dict, frozen, random);
                checkDraws(memory, dict, present, random);
                view.close();
            }
        });
    }

    private static void checkDraws(Memory memory, long dict, Set<String> present, Random random) {
        if (present.isEmpty()) {
            assertThat(Dict.randomEntry(memory, dict, random)).isZero();
            assertThat(Dict.sample(memory, dict, 3, random, entry -> { throw new AssertionError(); })).isZero();
            return;
        }
        Set<String> drawn = new HashSet<>();
        for (int draw = 0; draw < 60 * present.size() + 100; draw++) {
            String key = DictTest.text(memory, Dict.randomEntry(memory, dict, random));
            assertThat(present).contains(key);
            drawn.add(key);
        }
        assertThat(drawn).as("keys randomEntry reached").isEqualTo(present);

        Set<String> sampled = new HashSet<>();
        for (int draw = 0; draw < 40 * present.size() + 100; draw++) {
            int count = 1 + random.nextInt(8);
            List<String> got = new ArrayList<>();
            int returned = Dict.sample(memory, dict, count, random, entry -> got.add(DictTest.text(memory, entry)));
            assertThat(returned).isEqualTo(got.size()).isBetween(0, Math.min(count, present.size()));
            assertThat(present).containsAll(got);
            sampled.addAll(got);
        }
        assertThat(sampled).as("keys sample reached").isEqualTo(present);
    }

    @Test
    void samplingADenseDictForMoreThanItHoldsReturnsEveryEntry() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            long dict = Dict.create(allocator, 0);
            Set<String> present = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                insert(allocator, dict, "key:" + i);
                present.add("key:" + i);
            }
            Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
            Random random = new Random(5);
            for (int round = 0; round < 20; round++) {
                Set<String> got = new HashSet<>();
                int returned = Dict.sample(memory, dict, 100, random, entry -> got.add(DictTest.text(memory, entry)));
                assertThat(returned).isEqualTo(50);
                assertThat(got).isEqualTo(present);
            }
            assertThat(Dict.sample(memory, dict, 0, random, entry -> { throw new AssertionError(); })).isZero();
            assertThatThrownBy(() -> Dict.sample(memory, dict, -1, random, entry -> { }))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void drawsWorkWhileRehashingInEitherDirection() {
        try (PagedMemory memory = PagedMemory.create(PageSize.KIB_4)) {
            Allocator allocator = new Allocator(memory);
            long dict = Dict.create(allocator, 0);
            Set<String> present = new HashSet<>();
            for (int i = 0; i < 300; i++) {   // 256 -> 512 starts at the 257th insert; 43 steps leave it going
                insert(allocator, dict, "key:" + i);
                present.add("key:" + i);
            }
            assertThat(Dict.isRehashing(memory, dict)).isTrue();
            checkDraws(memory, dict, present, new Random(9));

            Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
            for (int i = 0; i < 280; i++) {
                unlink(allocator, dict, "key:" + i);
                present.remove("key:" + i);
            }
            Dict.rehashFor(allocator, dict, Long.MAX_VALUE);
            assertThat(Dict.shrinkIfSparse(allocator, dict)).isTrue();
            byte[] probe = "key:299".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 5; i++) {
                Dict.findForWrite(allocator, dict, probe, 0, probe.length);
            }
            assertThat(Dict.isRehashing(memory, dict)).as("a shrink under way").isTrue();
            checkDraws(memory, dict, present, new Random(10));
        }
    }

    private static void insert(Allocator allocator, long dict, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        Dict.insert(allocator, dict, bytes, 0, bytes.length);
    }

    private static void unlink(Allocator allocator, long dict, String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        Dict.freeEntry(allocator, Dict.unlink(allocator, dict, bytes, 0, bytes.length));
    }
}
