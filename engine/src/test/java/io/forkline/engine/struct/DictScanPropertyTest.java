package io.forkline.engine.struct;

import io.forkline.pages.MemoryView;
import io.forkline.pages.PageSize;
import io.forkline.pages.PagedMemory;
import io.forkline.pages.Seeded;
import io.forkline.pages.alloc.Allocator;
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

/**
 * SCAN's guarantee under random inserts, unlinks, rehash steps and shrinks between calls: every key present
 * from a scan's first call to its last is returned at least once, however the tables grew and shrank in
 * between, and nothing that was never present is returned. Some rounds also scan a fork's view in step with
 * the live scan, which must return exactly the keys at the fork.
 */
class DictScanPropertyTest {

    private static final int UNIVERSE = 4000;
    private static final int[] TARGETS = {2500, 40, 3000, 5, 1200, 0, 300};

    static LongStream seeds() {
        return Seeded.seeds(16);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyKeyPresentForAWholeScanIsReturned(long seed) {
        Seeded.run(seed, random -> new Run(random).all());
    }

    /** One seed's rounds: a full scan per round while the population moves toward the round's target. */
    private static final class Run {
        final Random random;
        final PagedMemory memory = PagedMemory.create(PageSize.KIB_4);
        final Allocator allocator = new Allocator(memory);
        final long dict = Dict.create(allocator, 0);
        final List<String> live = new ArrayList<>();
        final Set<String> liveSet = new HashSet<>();
        int resizesDuringScans;
        int shrinksDuringScans;

        Run(Random random) {
            this.random = random;
        }

        void all() {
            try (memory) {
                int round = 0;
                for (int target : TARGETS) {
                    boolean growing = live.size() < target;
                    do {
                        round(target, round++ % 3 == 1);
                    } while (growing ? live.size() < target : live.size() > target);
                }
                assertThat(resizesDuringScans).as("tables resized while a scan was under way").isPositive();
                assertThat(shrinksDuringScans).as("shrinks started while a scan was under way").isPositive();
            }
        }

        void round(int target, boolean withView) {
            Set<String> atStart = new HashSet<>(liveSet);
            Set<String> everPresent = new HashSet<>(liveSet);
            Set<String> removed = new HashSet<>();
            Set<String> returned = new HashSet<>();
            MemoryView view = withView ? memory.fork() : null;
            List<String> fromView = new ArrayList<>();
            long viewCursor = 0;
            long cursor = 0;
            int maxOps = 1 + random.nextInt(4);
            do {
                cursor = Dict.scan(memory, dict, cursor, entry -> returned.add(key(memory, entry)));
                if (view != null) {
                    MemoryView frozen = view;
                    viewCursor = Dict.scan(frozen, dict, viewCursor, entry -> fromView.add(key(frozen, entry)));
                    if (viewCursor == 0) {
                        DictTest.assertSameKeysOnce(fromView, atStart);
                        view.close();
                        view = null;
                    }
                }
                long tableBefore = DictDescriptor.tableSize(memory, dict, 0) << 32 | DictDescriptor.tableSize(memory, dict, 1);
                int ops = random.nextInt(maxOps + 1);
                for (int op = 0; op < ops; op++) {
                    step(target, everPresent, removed);
                }
                if (tableBefore != (DictDescriptor.tableSize(memory, dict, 0) << 32 | DictDescriptor.tableSize(memory, dict, 1))) {
                    resizesDuringScans++;
                }
            } while (cursor != 0);
            if (view != null) {   // the live scan ended first: finish the view's
                MemoryView frozen = view;
                do {
                    viewCursor = Dict.scan(frozen, dict, viewCursor, entry -> fromView.add(key(frozen, entry)));
                } while (viewCursor != 0);
                DictTest.assertSameKeysOnce(fromView, atStart);
                view.close();
            }
            Set<String> mustSee = new HashSet<>(atStart);
            mustSee.removeAll(removed);
            assertThat(returned).as("keys present for the whole scan").containsAll(mustSee);
            assertThat(everPresent).as("keys ever present during the scan").containsAll(returned);
        }

        /** One random operation, biased toward the target population. */
        void step(int target, Set<String> everPresent, Set<String> removed) {
            int dice = random.nextInt(100);
            if (dice < 4) {
                if (Dict.shrinkIfSparse(allocator, dict)) {
                    shrinksDuringScans++;
                }
            } else if (dice < 8) {
                Dict.rehashFor(allocator, dict, 0);
            } else if (live.size() < target ? dice < 75 : dice < 25) {
                String key = "key:" + random.nextInt(UNIVERSE);
                while (liveSet.contains(key)) {
                    key = "key:" + random.nextInt(UNIVERSE);
                }
                liveSet.add(key);
                live.add(key);
                everPresent.add(key);
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                Dict.insert(allocator, dict, bytes, 0, bytes.length);
            } else if (!live.isEmpty()) {
                int at = random.nextInt(live.size());
                String key = live.get(at);
                live.set(at, live.getLast());
                live.removeLast();
                liveSet.remove(key);
                removed.add(key);
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                Dict.freeEntry(allocator, Dict.unlink(allocator, dict, bytes, 0, bytes.length));
            }
        }

        static String key(io.forkline.pages.Memory memory, long entry) {
            return new String(Dict.keyBytes(memory, entry), StandardCharsets.UTF_8);
        }
    }
}
